#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Environment steps per second of aset.AsetEnv against the C++ decision path.

    PYTHONPATH=build/python python3 benchmarks/python-env-steps.py [--repeats 5] [--duration 5]
        [--decision-benchmark build/bin/aset-decision-benchmark]

In each repeat, on the default scenario (the same seed), interleaved:
- C++: aset.run(policy="aset"): the whole run's wall time per decision,
  i.e. a greedy decision plus the simulation between decisions;
- env: an episode of AsetEnv whose actions come from the same agent
  (aset.PolicyAgent, AsetPolicy's greedy path through pybind11), so that the
  simulation between steps is the C++ run's: wall time per step;
- env, action 0: the same with the cheapest possible Python policy;
- callable: aset.run with a Python callable returning 0, per decision.
Medians over the repeats; the ratio env / C++ is what the environment costs
over acting in C++. With --decision-benchmark, aset-decision-benchmark's
median of one greedy decision on the default network's 4 clusters too.
"""
import argparse
import json
import statistics
import subprocess
import time

import aset


def cpp_run(duration, seed):
    start = time.perf_counter()
    p = aset.run(policy="aset", duration=duration, seed=seed,
                 attributes={"ns3::AsetPolicy::TieMargin": 0})["policies"][0]
    return time.perf_counter() - start, p["sent"] - p["rejected"], p


def env_run(duration, seed, choose):
    start = time.perf_counter()
    env = aset.AsetEnv(duration=duration)
    obs, info = env.reset(seed=seed)
    steps, done = 0, False
    while not done:
        obs, _, done, _, info = env.step(choose(obs))
        steps += 1
    return time.perf_counter() - start, steps, info["summary"]["policies"][0]


def callable_run(duration, seed):
    start = time.perf_counter()
    p = aset.run(policy=lambda query, candidates, features: 0, duration=duration, seed=seed)["policies"][0]
    return time.perf_counter() - start, p["sent"] - p["rejected"], p


def decision_benchmark(binary):
    out = subprocess.run([binary, "--benchmark_filter=BM_AsetDecision/4/", "--benchmark_format=json"],
                         check=True, capture_output=True, text=True).stdout
    for b in json.loads(out)["benchmarks"]:
        if b.get("aggregate_name") == "median":
            scale = {"ns": 1e-3, "us": 1.0, "ms": 1e3}[b["time_unit"]]
            return b["name"], b["real_time"] * scale
    return None, None


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--duration", type=float, default=5, help="seconds of queries per run (default 5)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--decision-benchmark", help="the aset-decision-benchmark program")
    args = p.parse_args()

    agent = aset.PolicyAgent()
    greedy = lambda obs: agent.greedy(obs["context"], obs["actions"][:int(obs["mask"].sum())])
    runs = {"C++ (aset-run path)": lambda: cpp_run(args.duration, args.seed),
            "env, pretrained agent": lambda: env_run(args.duration, args.seed, greedy),
            "env, action 0": lambda: env_run(args.duration, args.seed, lambda obs: 0),
            "callable, action 0": lambda: callable_run(args.duration, args.seed)}
    per_decision = {name: [] for name in runs}
    decisions = {}
    for _ in range(args.repeats):
        for name, run in runs.items():
            seconds, count, summary = run()
            per_decision[name].append(seconds / count)
            decisions[name] = (count, summary["success_ratio"])
    base = statistics.median(per_decision["C++ (aset-run path)"])
    print(f"default scenario, {args.duration:g} s of queries, seed {args.seed}, "
          f"median of {args.repeats} repeats (whole runs, setup included)\n")
    print(f"{'path':24s} {'decisions':>9s} {'success':>8s} {'us/decision':>12s} {'per second':>11s} {'x C++':>6s}")
    for name, values in per_decision.items():
        m = statistics.median(values)
        count, success = decisions[name]
        print(f"{name:24s} {count:9d} {100 * success:7.1f}% {m * 1e6:12.1f} {1 / m:11.0f} {m / base:6.2f}")
    if args.decision_benchmark:
        name, us = decision_benchmark(args.decision_benchmark)
        if name:
            print(f"\n{name}: one greedy decision alone (encode, score, pick), median {us:.2f} us")


if __name__ == "__main__":
    main()
