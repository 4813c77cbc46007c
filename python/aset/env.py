# SPDX-License-Identifier: GPL-2.0-only
"""AsetEnv: a simulation stepped one scheduling decision at a time, with the
Gymnasium API (reset, step, observation_space, action_space) and without
needing gymnasium."""
import json

import numpy as np

from . import _core
from .spaces import Box, Dict, Discrete


class AsetEnv:
    """A scenario run under AsetPolicy whose decisions are taken by step().

    Each step is one decision of a scheduler: the instance of one query
    (action_space="instance") or the static policy of one decision period
    ("policy"). The observation is AsetPolicy's own, padded to max_actions
    rows:

    - "context": float32 [CONTEXT_FEATURES], the query, the scheduler's
      workload and the pool;
    - "actions": float32 [max_actions, width], one row per candidate;
    - "mask": int8 [max_actions], 1 for the rows that are candidates.

    The action is a row with mask 1. Any other action of action_space takes
    nothing: the decision stays pending, the observation is the same, the
    reward is invalid_action_reward and info["invalid_action"] is True (so
    agents that do not read the mask, and gymnasium's check_env, can step).
    The reward of a step is otherwise the sum of the
    rewards of the decisions AsetPolicy's credit ledger settled since the
    previous step (each the share of its queries that succeeded): credit is
    delayed, arriving once outcomes are known. info["credits"] lists them as
    (agent, decision, queries, reward), decision being the number
    info["decision"] gave it; info["agent"] is the scheduler deciding.

    agent: "all" steps every scheduler's decisions through this environment;
    an index steps that scheduler's only, the others act with checkpoint
    (default: the pretrained agent in the instance space, untrained weights
    in the policy space).
    The episode terminates when the simulation ends; info["summary"] then
    holds the run's summary (as aset.run returns it).

    reset(seed): ns-3's seeds run from 1 to aset.MAX_SEED; seed 0 stands for
    MAX_SEED and larger seeds are taken modulo MAX_SEED.
    """

    metadata = {"render_modes": []}

    def __init__(self, scenario=None, variant="default", duration=None, load=None, agent="all",
                 action_space="instance", max_actions=64, checkpoint=None, attributes=None, run=1,
                 invalid_action_reward=-1.0):
        from . import pretrained_path, scenario_choice
        if action_space not in ("instance", "policy"):
            raise ValueError(f"action_space: expected 'instance' or 'policy', got {action_space!r}")
        if agent != "all" and not (isinstance(agent, int) and agent >= 0):
            raise ValueError(f"agent: expected 'all' or a scheduler index, got {agent!r}")
        self._choice = scenario_choice(scenario, variant, duration, load)
        self._agent = -1 if agent == "all" else agent
        self._max_actions = int(max_actions)
        self._invalid_action_reward = float(invalid_action_reward)
        self._run_number = int(run)
        self._episodes = 0
        # The pretrained agent acts in the instance space only.
        default = pretrained_path() if action_space == "instance" else ""
        self._attributes = {"ns3::AsetPolicy::ActionSpace": action_space,
                            "ns3::AsetPolicy::Checkpoint": str(checkpoint or default)}
        self._attributes.update({k: str(v) for k, v in (attributes or {}).items()})
        width = _core.INSTANCE_FEATURES if action_space == "instance" else _core.POLICY_ACTIONS
        self.observation_space = Dict({
            "context": Box(-np.inf, np.inf, (_core.CONTEXT_FEATURES,), np.float32),
            "actions": Box(-np.inf, np.inf, (self._max_actions, width), np.float32),
            "mask": Box(0, 1, (self._max_actions,), np.int8),
        })
        self.action_space = Discrete(self._max_actions)
        self._sim = None
        self._done = True

    def reset(self, seed=None, options=None):
        """Starts an episode: a fresh run with ns-3 seed \\p seed (default: the
        scenario's, with a new run number each episode). Returns (obs, info)."""
        self.close()
        run = self._run_number if seed is not None else self._run_number + self._episodes
        self._episodes += 1
        self._sim = _core.SteppedRun(self._choice, self._ns3_seed(seed), run, self._agent,
                                     self._max_actions, self._attributes)
        obs, _, terminated, _, info = self._result(self._sim.current())
        self._done = terminated
        return obs, info

    def step(self, action):
        """Takes row \\p action; returns (obs, reward, terminated, truncated, info)."""
        if self._sim is None or self._done:
            raise RuntimeError("step() after the episode ended: call reset()")
        if not self.action_space.contains(action):
            raise ValueError(f"action {action!r}: expected an integer in [0, {self._max_actions})")
        action = int(action)
        if not self._obs["mask"][action]:
            info = dict(self._pending, credits=[], invalid_action=True)
            return self._obs, self._invalid_action_reward, False, False, info
        result = self._result(self._sim.step(action))
        self._done = result[2]
        return result

    def action_masks(self):
        """The current decision's candidates as bools (sb3-contrib's MaskablePPO asks for them)."""
        return self._obs["mask"].astype(bool)

    def query(self):
        """The query being decided and its candidates (instance space), as dicts."""
        return self._sim.query()

    def close(self):
        """Ends the episode's run (what is left of it is not simulated)."""
        self._sim = None

    def _result(self, state):
        finished, context, actions, mask, agent, decision, credits = state
        reward = float(sum(r for _, _, queries, r in credits if queries > 0))
        info = {"credits": credits, "invalid_action": False}
        if finished:
            space = self.observation_space
            obs = {k: np.zeros(s.shape, s.dtype) for k, s in space.spaces.items()}
            info["summary"] = json.loads(self._sim.summary())
            info["accounting"] = self._sim.accounting()
        else:
            obs = {"context": context, "actions": actions, "mask": mask}
            info["agent"], info["decision"] = agent, decision
            self._pending = {"agent": agent, "decision": decision}
        self._obs = obs
        return obs, reward, finished, False, info

    @staticmethod
    def _ns3_seed(seed):
        if seed is None:
            return 0  # the scenario's
        if not isinstance(seed, (int, np.integer)) or seed < 0:
            raise ValueError(f"seed: expected a whole number of 0 or more, got {seed!r}")
        return int(seed) % _core.MAX_SEED or _core.MAX_SEED

    def to_gymnasium(self):
        """This environment as a gymnasium.Env (needs gymnasium). Its action
        space is Discrete(max_actions), of which only the rows with mask 1
        are actions: sample with action_space.sample(mask=obs["mask"])."""
        import gymnasium

        inner = self

        class GymnasiumAsetEnv(gymnasium.Env):
            metadata = AsetEnv.metadata

            def __init__(self):
                self.observation_space = inner.observation_space.to_gymnasium()
                self.action_space = inner.action_space.to_gymnasium()

            def reset(self, *, seed=None, options=None):
                super().reset(seed=seed)
                return inner.reset(seed=seed, options=options)

            def step(self, action):
                return inner.step(action)

            def close(self):
                inner.close()

            def action_masks(self):
                return inner.action_masks()

        return GymnasiumAsetEnv()
