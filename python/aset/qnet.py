# SPDX-License-Identifier: GPL-2.0-only
"""AsetPolicy's Q-network in PyTorch, for training in Python and exporting
with TorchScript to a file AsetPolicy loads (its Checkpoint attribute,
aset-run --aset-checkpoint) and acts with greedily.

The layout is AsetDqnAgent's: the context and one action row side by side
into the first layer (Linear "context" with bias, Linear "action" without),
ReLU, the hidden layers ("hidden"), ReLU after each, one linear output
("output"): Q-values [B, K] of the action rows [B, K, width] in the
contexts [B, CONTEXT_FEATURES]. hidden must match AsetPolicy's HiddenLayers
("32" by default: hidden=(32,)).
"""
import torch

from . import _core


class QNetwork(torch.nn.Module):
    def __init__(self, context_size=_core.CONTEXT_FEATURES, action_size=_core.INSTANCE_FEATURES,
                 hidden=(32,)):
        super().__init__()
        hidden = list(hidden)
        self.context = torch.nn.Linear(context_size, hidden[0])
        self.action = torch.nn.Linear(action_size, hidden[0], bias=False)
        self.hidden = torch.nn.ModuleList(
            torch.nn.Linear(a, b) for a, b in zip(hidden, hidden[1:]))
        self.output = torch.nn.Linear(hidden[-1], 1)

    def forward(self, contexts, actions):
        h = torch.relu(self.context(contexts).unsqueeze(1) + self.action(actions))
        for layer in self.hidden:
            h = torch.relu(layer(h))
        return self.output(h).squeeze(-1)


def export(net, path):
    """Writes \\p net as TorchScript to \\p path, for AsetPolicy's Checkpoint."""
    torch.jit.script(net).save(str(path))


def greedy(net, context, features):
    """The row of \\p features (one per candidate) with the largest Q-value,
    the lowest index winning ties, as AsetPolicy picks with TieMargin 0."""
    with torch.no_grad():
        q = net(torch.as_tensor(context)[None], torch.as_tensor(features)[None])[0]
    return int(torch.argmax(q))
