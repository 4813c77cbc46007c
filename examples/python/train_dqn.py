#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Trains a small DQN agent in Python (PyTorch) through aset.AsetEnv on the
default scenario, exports it with TorchScript, and evaluates it inside
AsetPolicy against `random` on held-out seeds.

    PYTHONPATH=build/python python3 examples/python/train_dqn.py
    PYTHONPATH=build/python python3 examples/python/train_dqn.py --episodes 40 --output agent.pt

The agent is AsetPolicy's Q-network (aset.qnet.QNetwork) learning as
AsetPolicy does: a transition per decision of each scheduler, whose reward
comes from the credit ledger once the decision's query has an outcome
(info["credits"]), and whose next state is that scheduler's next decision;
experience replay, a target network, epsilon-greedy exploration, discount
0.5. The exported file runs in C++: aset-run --aset-checkpoint=agent.pt.
"""
import argparse
import collections
import os
import random
import tempfile
import time

import numpy as np
import torch

import aset
from aset import qnet


def q_values(net, batch):
    """Q-values [B, K] of a list of (context, rows) padded to the widest, -inf on padding."""
    widest = max(len(rows) for _, rows in batch)
    contexts = torch.as_tensor(np.stack([c for c, _ in batch]))
    actions = torch.zeros(len(batch), widest, batch[0][1].shape[1])
    allowed = torch.zeros(len(batch), widest, dtype=torch.bool)
    for i, (_, rows) in enumerate(batch):
        actions[i, :len(rows)] = torch.as_tensor(rows)
        allowed[i, :len(rows)] = True
    return net(contexts, actions).masked_fill(~allowed, float("-inf"))


class Dqn:
    def __init__(self, args):
        torch.manual_seed(args.seed)
        self.rng = random.Random(args.seed)
        self.online, self.target = qnet.QNetwork(), qnet.QNetwork()
        self.target.load_state_dict(self.online.state_dict())
        self.optimizer = torch.optim.Adam(self.online.parameters(), lr=args.learning_rate)
        self.replay = collections.deque(maxlen=args.replay)
        self.args = args
        self.steps = 0

    def epsilon(self):
        a = self.args
        return max(a.epsilon_end, 1.0 - (1.0 - a.epsilon_end) * self.steps / a.epsilon_decay)

    def act(self, state):
        self.steps += 1
        if self.rng.random() < self.epsilon():
            return self.rng.randrange(len(state[1]))
        with torch.no_grad():
            return int(torch.argmax(q_values(self.online, [state])[0]))

    def learn(self):
        a = self.args
        if len(self.replay) < a.warmup:
            return
        batch = self.rng.sample(self.replay, a.batch)
        chosen = [(s[0], s[1][action:action + 1]) for s, action, _, _ in batch]
        predicted = q_values(self.online, chosen)[:, 0]
        with torch.no_grad():
            following = [n for _, _, _, n in batch]
            # Double DQN: the online network picks the next action, the target values it.
            best = q_values(self.online, following).argmax(1, keepdim=True)
            value = q_values(self.target, following).gather(1, best).squeeze(1)
            rewards = torch.tensor([r for _, _, r, _ in batch])
            targets = rewards + a.discount * value
        loss = torch.nn.functional.huber_loss(predicted, targets)
        self.optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(self.online.parameters(), 10.0)
        self.optimizer.step()
        if self.steps % a.target_sync < a.learn_every:
            self.target.load_state_dict(self.online.state_dict())


def train_episode(env, agent, seed):
    """One episode; returns (decisions, mean credited reward)."""
    obs, info = env.reset(seed=seed)
    # Decisions waiting for their credit, by (scheduler, number): state and action.
    waiting = {}
    rewards = []
    done = False
    while not done:
        k = int(obs["mask"].sum())
        state = (obs["context"], obs["actions"][:k].copy())
        action = agent.act(state)
        waiting[(info["agent"], info["decision"])] = (state, action)
        obs, _, done, _, info = env.step(action)
        for scheduler, number, queries, reward in info["credits"]:
            decision = waiting.pop((scheduler, number), None)
            following = waiting.get((scheduler, number + 1))
            if decision is None or following is None or queries == 0:
                continue
            agent.replay.append((decision[0], decision[1], reward, following[0]))
            rewards.append(reward)
        if agent.steps % agent.args.learn_every == 0:
            agent.learn()
    return agent.steps, float(np.mean(rewards)) if rewards else 0.0


def evaluate(variant, runs, seeds, duration):
    """Success ratios per seed of each (name, policy, checkpoint) of \p runs."""
    ratios = {name: [] for name, _, _ in runs}
    for seed in seeds:
        for name, policy, checkpoint in runs:
            # TieMargin 0: the network's own choices, without the tie-break towards near instances.
            summary = aset.run(variant=variant, policy=policy, checkpoint=checkpoint, duration=duration,
                               seed=seed, attributes={"ns3::AsetPolicy::TieMargin": 0})
            ratios[name].append(summary["policies"][0]["success_ratio"])
    return ratios


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--episodes", type=int, default=10, help="training episodes (default 10)")
    p.add_argument("--variant", default="default", help="variant of the default scenario (default: default)")
    p.add_argument("--minutes", type=float, default=8, help="stop training after this long (default 8)")
    p.add_argument("--duration", type=float, default=5, help="seconds of queries per episode (default 5)")
    p.add_argument("--eval-seeds", type=int, default=3, help="held-out seeds to evaluate on (default 3)")
    p.add_argument("--eval-duration", type=float, default=10, help="seconds of queries per evaluation run")
    p.add_argument("--output", default="dqn-agent.pt", help="TorchScript file of the trained network")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--learning-rate", type=float, default=1e-3)
    p.add_argument("--discount", type=float, default=0.5)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--replay", type=int, default=20000)
    p.add_argument("--warmup", type=int, default=500)
    p.add_argument("--learn-every", type=int, default=4)
    p.add_argument("--target-sync", type=int, default=1000, help="decisions between target copies")
    p.add_argument("--epsilon-decay", type=int, default=10000, help="decisions over which epsilon falls")
    p.add_argument("--epsilon-end", type=float, default=0.05)
    args = p.parse_args()

    torch.set_num_threads(1)
    env = aset.AsetEnv(variant=args.variant, duration=args.duration)
    agent = Dqn(args)
    # The untrained network too: AsetPolicy scores only the instances a query
    # can reach in time (SkipUnreachable), which alone does better than random.
    workdir = tempfile.TemporaryDirectory()
    untrained = os.path.join(workdir.name, "untrained.pt")
    qnet.export(agent.online, untrained)
    start = time.monotonic()
    for episode in range(1, args.episodes + 1):
        steps, reward = train_episode(env, agent, seed=1000 + episode)
        elapsed = time.monotonic() - start
        print(f"episode {episode:3d}: {steps:7d} decisions, mean reward {reward:.3f}, "
              f"epsilon {agent.epsilon():.2f}, {elapsed:5.0f} s", flush=True)
        if elapsed > args.minutes * 60:
            print(f"stopping: {args.minutes} minutes of training")
            break
    env.close()
    qnet.export(agent.online, args.output)
    print(f"trained in {time.monotonic() - start:.0f} s; wrote {args.output}")

    seeds = list(range(1, args.eval_seeds + 1))  # training used seeds above 1000
    runs = [("random", "random", None), ("untrained", "aset", untrained), ("dqn", "aset", args.output)]
    ratios = evaluate(args.variant, runs, seeds, args.eval_duration)
    for name, _, _ in runs:
        per_seed = " ".join(f"{100 * r:.1f}" for r in ratios[name])
        print(f"{name:9s} success {100 * np.mean(ratios[name]):5.1f}%  (seeds {seeds}: {per_seed})")
    beats = np.mean(ratios["dqn"]) > np.mean(ratios["random"])
    print("the DQN agent beats random" if beats else "the DQN agent does NOT beat random")
    return 0 if beats else 1


if __name__ == "__main__":
    raise SystemExit(main())
