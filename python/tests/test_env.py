# SPDX-License-Identifier: GPL-2.0-only
"""aset.AsetEnv: the Gymnasium API over AsetPolicy's decisions."""
import importlib.util
import sys

import numpy as np
import pytest

import aset


def nearest_row(obs):
    # Feature 8 of an instance row is its round trip's excess over the nearest's (0: nearest).
    k = int(obs["mask"].sum())
    return int(np.argmin(obs["actions"][:k, 8]))


def play(env, seed, choose):
    obs, info = env.reset(seed=seed)
    steps, rewards, credits, agents, done = 0, 0.0, [], set(), False
    while not done:
        assert env.observation_space.contains(obs)
        agents.add(info["agent"])
        obs, reward, done, truncated, info = env.step(choose(obs))
        assert not truncated
        steps += 1
        rewards += reward
        credits += info["credits"]
    return steps, rewards, credits, agents, info


def test_spaces_describe_the_observations():
    env = aset.AsetEnv(duration=1, max_actions=40)
    space = env.observation_space
    assert space["context"].shape == (aset.CONTEXT_FEATURES,)
    assert space["actions"].shape == (40, aset.INSTANCE_FEATURES)
    assert space["mask"].shape == (40,) and space["mask"].dtype == np.int8
    assert env.action_space.n == 40
    obs, info = env.reset(seed=1)
    assert space.contains(obs) and obs["mask"].sum() >= 1
    assert info["agent"] in (0, 1) and info["decision"] == 0


def test_episode_runs_to_the_end_with_delayed_credit():
    env = aset.AsetEnv(duration=1)
    steps, rewards, credits, agents, info = play(env, 3, nearest_row)
    summary = info["summary"]["policies"][0]
    assert info["accounting"] == ""
    # Every query that reached a scheduler with a feasible instance was a step.
    assert steps == summary["sent"] - summary["rejected"]
    assert agents == {0, 1}  # both far-edge schedulers' decisions, by default
    assert len(credits) > 0.9 * steps  # all but the last few settle within the run
    assert all(0 <= r <= 1 and q >= 1 for _, _, q, r in credits)
    numbers = [(a, d) for a, d, _, _ in credits]
    assert len(set(numbers)) == len(numbers)  # each decision is credited once
    assert rewards == pytest.approx(sum(r for *_, r in credits))
    assert rewards / len(credits) == pytest.approx(summary["success_ratio"], abs=0.05)
    with pytest.raises(RuntimeError, match="reset"):
        env.step(0)


def test_env_decides_as_a_callable_does():
    # The same choices through step() and through a callable placed inside the
    # event: the same run, query for query.
    env = aset.AsetEnv(duration=1)
    *_, info = play(env, 3, nearest_row)

    def nearest(query, candidates, features):
        return int(np.argmin(features[:, 8]))

    expected = aset.run(policy=nearest, duration=1, seed=3)["policies"][0]
    got = info["summary"]["policies"][0]
    assert {k: v for k, v in got.items() if k not in ("policy", "type_id")} == \
           {k: v for k, v in expected.items() if k not in ("policy", "type_id")}


def test_one_agent_steps_alone():
    env = aset.AsetEnv(duration=1, agent=1)
    steps, _, credits, agents, _ = play(env, 3, nearest_row)
    assert agents == {1} and steps > 100
    assert {a for a, *_ in credits} == {1}


def test_policy_action_space():
    env = aset.AsetEnv(duration=1, action_space="policy", max_actions=8)
    obs, _ = env.reset(seed=2)
    k = int(obs["mask"].sum())
    assert obs["actions"].shape == (8, 6) and 1 <= k <= 6
    assert np.all(obs["actions"][:k].sum(axis=1) == 1)  # one-hot: one static policy a row
    steps, *_ = play(env, 2, lambda o: 0)
    assert steps < 400  # one decision per 10 ms period and scheduler, not one per query


def test_bad_actions_and_settings():
    env = aset.AsetEnv(duration=1)
    obs, _ = env.reset(seed=1)
    for bad in (-1, env.action_space.n, 1.5, "0", None):
        with pytest.raises(ValueError, match="expected an integer"):
            env.step(bad)
    env.step(0)  # the decision is still pending, and takes a good action
    with pytest.raises(ValueError, match="action_space"):
        aset.AsetEnv(action_space="both")
    # An episode left midway is ended, and the next starts afresh.
    assert env.reset(seed=1)[1]["decision"] == 0
    # One simulator per process: nothing else runs while an episode is open.
    with pytest.raises(RuntimeError, match="close"):
        aset.AsetEnv(duration=1).reset(seed=1)
    with pytest.raises(RuntimeError, match="close"):
        aset.run(policy="closest", duration=1)
    env.close()
    assert aset.run(policy="closest", duration=1)["policies"][0]["sent"] > 400
    with pytest.raises(ValueError, match="nonsense"):
        aset.AsetEnv(variant="nonsense").reset()
    with pytest.raises(ValueError, match="agent 2: the scenario has 2 schedulers"):
        aset.AsetEnv(duration=1, agent=2).reset()


def test_actions_outside_the_mask_take_nothing():
    # What gymnasium's check_env and agents that ignore the mask do: sample
    # the whole action space. Such a step leaves the decision pending.
    env = aset.AsetEnv(duration=1, invalid_action_reward=-0.5)
    obs, info = env.reset(seed=2)
    k = int(obs["mask"].sum())
    assert k < env.action_space.n
    again, reward, done, truncated, invalid = env.step(np.int64(k))
    assert (reward, done, truncated, invalid["invalid_action"]) == (-0.5, False, False, True)
    assert invalid["credits"] == [] and invalid["decision"] == info["decision"]
    assert all(np.array_equal(again[key], obs[key]) for key in obs)
    assert env.step(np.array(0))[4]["invalid_action"] is False

    def sampled(seed):
        rng = np.random.default_rng(seed)
        obs, _ = env.reset(seed=seed)
        trace, done, invalid, credited, total = [], False, 0, 0.0, 0.0
        while not done:
            obs, reward, done, _, info = env.step(rng.integers(env.action_space.n))
            assert env.observation_space.contains(obs)
            trace.append((reward, obs["context"].tobytes()))
            invalid += info["invalid_action"]
            credited += sum(r for *_, r in info["credits"])
            total += reward
        assert total == pytest.approx(credited - 0.5 * invalid)
        assert invalid > 0 and info["accounting"] == ""  # every query still accounted for
        return trace, info["summary"]["policies"][0]

    first, summary = sampled(5)
    assert sampled(5) == (first, summary)  # deterministic for a seed
    assert summary["sent"] > 400


def test_gymnasium_seeds_map_onto_ns3_seeds():
    env = aset.AsetEnv(duration=0.2)
    assert env.reset(seed=1)[0]["context"].tobytes() == env.reset(seed=aset.MAX_SEED + 1)[0]["context"].tobytes()
    env.reset(seed=0)  # ns-3 has no seed 0: it stands for MAX_SEED
    env.reset(seed=2**64)
    with pytest.raises(ValueError, match="seed"):
        env.reset(seed=-1)
    env.close()


def test_gymnasium_wrapper_with_a_stand_in(monkeypatch):
    # Where gymnasium is missing, a stand-in with its Env and spaces checks
    # the wrapper's wiring: spaces converted, reset(seed) seeding Env, steps
    # of any action in the space passed through.
    if importlib.util.find_spec("gymnasium") is not None:
        pytest.skip("gymnasium installed: test_gymnasium_conversion covers it")
    import types
    gym, spaces = types.ModuleType("gymnasium"), types.ModuleType("gymnasium.spaces")

    class Env:
        def reset(self, *, seed=None, options=None):
            self.seeded = seed

    def space(kind):
        return lambda *args, **kwargs: (kind, args, kwargs)

    spaces.Box, spaces.Discrete, spaces.Dict = space("Box"), space("Discrete"), space("Dict")
    gym.Env, gym.spaces = Env, spaces
    monkeypatch.setitem(sys.modules, "gymnasium", gym)
    monkeypatch.setitem(sys.modules, "gymnasium.spaces", spaces)
    env = aset.AsetEnv(duration=0.5, max_actions=16).to_gymnasium()
    assert isinstance(env, Env)
    assert env.action_space == ("Discrete", (16,), {})
    assert env.observation_space[0] == "Dict" and set(env.observation_space[1][0]) == {"context", "actions", "mask"}
    obs, info = env.reset(seed=4)
    assert env.seeded == 4 and info["decision"] == 0
    rng, done, steps = np.random.default_rng(4), False, 0
    while not done:
        assert list(env.action_masks()) == list(obs["mask"] == 1)
        obs, reward, done, truncated, info = env.step(rng.integers(16))
        steps += 1
    assert steps > 100 and info["accounting"] == ""
    env.close()


@pytest.mark.skipif(importlib.util.find_spec("gymnasium") is None, reason="gymnasium not installed")
def test_gymnasium_conversion():
    import gymnasium
    env = aset.AsetEnv(duration=1).to_gymnasium()
    assert isinstance(env, gymnasium.Env)
    obs, _ = env.reset(seed=1)
    assert env.observation_space.contains(obs)
    assert env.action_space.n == 64
    done, steps = False, 0
    while not done:
        assert list(env.action_masks()) == list(obs["mask"] == 1)
        obs, reward, done, truncated, info = env.step(env.action_space.sample(mask=obs["mask"]))
        assert env.observation_space.contains(obs)
        steps += 1
    assert steps > 400 and info["accounting"] == ""
    # Gymnasium's own checker samples actions outside the mask too.
    from gymnasium.utils.env_checker import check_env
    env.close()
    for space in ("instance", "policy"):
        env = aset.AsetEnv(duration=1, action_space=space).to_gymnasium()
        check_env(env, skip_render_check=True)
        env.close()
