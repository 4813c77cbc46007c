# SPDX-License-Identifier: GPL-2.0-only
"""aset.AsetEnv: the Gymnasium API over AsetPolicy's decisions."""
import importlib.util

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
    with pytest.raises(IndexError, match="actions"):
        env.step(int(obs["mask"].sum()))
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
