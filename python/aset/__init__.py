# SPDX-License-Identifier: GPL-2.0-only
"""aset in Python: run scenarios, step a simulation as an environment, place
queries with a Python callable, and export a Q-network for AsetPolicy.

    import aset
    summary = aset.run(variant="default", policy=["closest", "aset"], duration=5)
    env = aset.AsetEnv(duration=5)
    obs, info = env.reset(seed=1)

Everything runs in this process (the extension aset._core links the aset
library). ns-3 has one simulator per process: while an environment's episode
is open, another episode or run raises RuntimeError.
"""
import json

import numpy as np

from . import _core
from .env import AsetEnv
from .spaces import Box, Dict, Discrete

__all__ = ["run", "AsetEnv", "PolicyAgent", "Box", "Dict", "Discrete", "variant_names", "policy_names",
           "pretrained_path", "CONTEXT_FEATURES", "INSTANCE_FEATURES", "MAX_SEED", "InputError"]

CONTEXT_FEATURES = _core.CONTEXT_FEATURES
INSTANCE_FEATURES = _core.INSTANCE_FEATURES
MAX_SEED = _core.MAX_SEED  # ns-3's seeds run from 1 to MAX_SEED
InputError = _core.InputError


def variant_names():
    """The built-in variants of the default scenario (aset-run --variant)."""
    return list(_core.variant_names())


def policy_names():
    """The policies a run uses by default: the static ones, then "aset"."""
    return list(_core.policy_names())


def pretrained_path():
    """The pretrained agent shipped with the module (data/aset-policy.pt)."""
    return _core.pretrained_path()


def scenario_choice(scenario=None, variant="default", duration=None, load=None):
    """The scenario as aset-run's --scenario, --variant, --duration and --load choose it."""
    choice = _core.ScenarioChoice()
    choice.file = "" if scenario is None else str(scenario)
    choice.variant = variant
    choice.duration = 0.0 if duration is None else float(duration)
    choice.load = 0.0 if load is None else float(load)
    return choice


def run(scenario=None, variant="default", policy="all", duration=None, seed=None, run=None,
        load=None, checkpoint=None, attributes=None):
    """Runs a scenario under each policy and returns its summary, as aset-run's
    summary.json: a dict with "scenario", "seed", "run", "load", "duration_s"
    and "policies", one dict per policy (outcome counts, success_ratio,
    latency_ms, utilisation).

    policy: a name ("closest", "ns3::LeastLoadedPolicy"), "all", a
    comma-separated list, a list of names, or a callable
    policy(query, candidates, features) -> index that takes AsetPolicy's
    decisions: query is a dict (deadline_s, elapsed_s, now_s, scheduler,
    context: AsetPolicy's context features, ...), candidates a list of dicts
    (cluster, tier, variant, rtt_s, ...), features a float32 array with one
    row of AsetPolicy's features per candidate.
    checkpoint: the agent "aset" acts with (aset-train's checkpoint or a
    TorchScript Q-network, see aset.qnet); default: the pretrained one.
    attributes: ns-3 attribute defaults for the runs, e.g.
    {"ns3::AsetPolicy::TieMargin": "0"}.
    """
    if isinstance(policy, str):
        policies = policy_names() if policy == "all" else [p.strip() for p in policy.split(",")]
    elif callable(policy):
        policies = [policy]
    else:
        policies = list(policy)
    if seed is not None and not (isinstance(seed, (int, np.integer)) and 1 <= seed <= MAX_SEED):
        raise ValueError(f"seed: expected 1 to {MAX_SEED} (ns-3's seeds), got {seed!r}")
    settings = dict(attributes or {})
    settings.setdefault("ns3::AsetPolicy::Checkpoint", str(checkpoint or pretrained_path()))
    text = _core.run(scenario_choice(scenario, variant, duration, load), policies,
                     int(seed or 0), int(run or 0), {k: str(v) for k, v in settings.items()})
    return json.loads(text)


class PolicyAgent:
    """The agent AsetPolicy acts with, scoring observations through its greedy
    path: checkpoint (default: the pretrained agent; or a TorchScript
    Q-network), hidden_layers and action_space as AsetPolicy's attributes."""

    def __init__(self, checkpoint=None, hidden_layers="32", action_space="instance"):
        self._agent = _core.PolicyAgent({
            "Checkpoint": str(checkpoint or pretrained_path()),
            "HiddenLayers": str(hidden_layers), "ActionSpace": action_space})

    def q_values(self, context, actions):
        """Q-values of the rows of actions (float32 [K, width]) in context."""
        return self._agent.score(list(map(float, context)), actions)

    def greedy(self, context, actions):
        """The row AsetPolicy takes acting greedily with TieMargin 0."""
        return self._agent.greedy(list(map(float, context)), actions)


def __getattr__(name):
    # torch is imported only by those who use the Q-network.
    if name == "qnet":
        import importlib
        return importlib.import_module(".qnet", __name__)
    raise AttributeError(f"module 'aset' has no attribute {name!r}")
