# SPDX-License-Identifier: GPL-2.0-only
"""A PyTorch Q-network exported with TorchScript acts in AsetPolicy as in Python."""
import numpy as np
import pytest

torch = pytest.importorskip("torch")

import aset
from aset import qnet


def test_python_net_and_aset_policy_choose_alike(tmp_path):
    torch.manual_seed(7)
    net = qnet.QNetwork()
    path = tmp_path / "net.pt"
    qnet.export(net, path)
    choices = []

    def python_net(query, candidates, features):
        choices.append(qnet.greedy(net, query["context"], features))
        return choices[-1]

    # TieMargin 0: AsetPolicy takes the plain argmax, as greedy() does.
    options = {"duration": 1, "seed": 5, "attributes": {"ns3::AsetPolicy::TieMargin": 0}}
    in_python = aset.run(policy=python_net, **options)["policies"][0]
    in_cpp = aset.run(policy="aset", checkpoint=path, **options)["policies"][0]
    assert len(choices) > 400 and len(set(choices)) > 1  # not a constant choice
    for key in ("sent", "succeeded", "failed_deadline", "dropped", "latency_ms", "utilisation"):
        assert in_python[key] == in_cpp[key], key
    # The untrained network is not the pretrained agent: the file was used.
    pretrained = aset.run(policy="aset", **options)["policies"][0]
    assert pretrained["latency_ms"] != in_cpp["latency_ms"]


def test_q_values_agree_on_recorded_states(tmp_path):
    # States recorded from the environment, scored by the Python network and by
    # the agent AsetPolicy builds from the exported file.
    torch.manual_seed(11)
    net = qnet.QNetwork()
    path = tmp_path / "net.pt"
    qnet.export(net, path)
    agent = aset.PolicyAgent(checkpoint=path)
    env = aset.AsetEnv(duration=1)
    obs, _ = env.reset(seed=4)
    done, states, rng = False, 0, np.random.default_rng(1)
    while not done:
        k = int(obs["mask"].sum())
        rows = obs["actions"][:k]
        with torch.no_grad():
            q = net(torch.as_tensor(obs["context"])[None], torch.as_tensor(rows)[None])[0].numpy()
        np.testing.assert_allclose(agent.q_values(obs["context"], rows), q, rtol=1e-4, atol=1e-5)
        assert agent.greedy(obs["context"], rows) == qnet.greedy(net, obs["context"], rows)
        obs, _, done, _, _ = env.step(int(rng.integers(k)))  # explore: varied states
        states += 1
    assert states > 400


def test_a_network_of_another_shape_is_refused(tmp_path):
    path = tmp_path / "wide.pt"
    qnet.export(qnet.QNetwork(hidden=(16, 8)), path)
    with pytest.raises(ValueError, match="wide.pt.*HiddenLayers"):
        aset.run(policy="aset", checkpoint=path, duration=1)
    # With HiddenLayers to match, it loads.
    summary = aset.run(policy="aset", checkpoint=path, duration=1,
                       attributes={"ns3::AsetPolicy::HiddenLayers": "16,8"})
    assert summary["policies"][0]["sent"] > 400
    not_a_net = tmp_path / "text.pt"
    not_a_net.write_text("hello")
    with pytest.raises(ValueError, match="text.pt"):
        aset.run(policy="aset", checkpoint=not_a_net, duration=1)
