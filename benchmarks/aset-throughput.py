#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Whole-simulation speed of the ASET policy against closest, on the default scenario or a scenario file.

Runs, in turn and --repeat times each, `aset-run` under aset, closest and
earliest-expected-completion (the same binary, network and workload) and
compares queries simulated per wall second, medians measured in this run.
Target: aset >= 0.85 of closest's rate.

Two things set aset's speed against closest's: its own work per query and
per decision (state encoding, the forward pass, credit bookkeeping), and
where it sends queries. Queries placed on the near edge or in the cloud
cross more links than those kept at the far edge, so ns-3 simulates more
packet hops: earliest-expected-completion, which uses the near edge most, is the
slowest of the three. On the default scenario, where closest and
earliest-expected-completion both serve every query, an agent that follows
earliest-expected-completion runs at about its speed; AsetPolicy's
TieMargin gives near-ties to closest, which keeps the shipped agent
closer to closest's speed.

A benchmark, not a test: exits 0 whatever the ratio, non-zero only when a
program fails or its output cannot be read.

    python3 benchmarks/aset-throughput.py
    python3 benchmarks/aset-throughput.py --repeat 9 --duration 100
    python3 benchmarks/aset-throughput.py --scenario data/scenarios/isp-metro.json --duration 10
    python3 benchmarks/aset-throughput.py --routing next-hop
"""

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from throughput import BenchmarkError, run_aset

TARGET = 0.85


def main():
    here = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin-dir", type=Path, default=here.parent / "build" / "bin",
                        help="folder with aset-run (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=5,
                        help="repetitions of each policy (default: %(default)s)")
    parser.add_argument("--duration", type=float, default=100.0,
                        help="simulated seconds of queries (default: %(default)s)")
    parser.add_argument("--load", type=float,
                        help="multiplier of every access node's query rate (default: the scenario's)")
    parser.add_argument("--scenario", type=Path,
                        help="scenario file to run instead of the default scenario")
    parser.add_argument("--routing", choices=("global", "next-hop"),
                        help="routing of every run (default: the scenario's)")
    args = parser.parse_args()
    if args.repeat < 1 or not args.duration > 0 or (args.load is not None and not args.load > 0):
        parser.error("--repeat, --duration and --load must be positive")
    if not (args.bin_dir / "aset-run").is_file():
        parser.error(f"no aset-run in {args.bin_dir} (build it, or pass --bin-dir)")

    common = [f"--duration={args.duration}"] + ([f"--load={args.load}"] if args.load else [])
    if args.scenario:
        common.append(f"--scenario={args.scenario}")
    if args.routing:
        common.append(f"--routing={args.routing}")
    policies = ("aset", "closest", "earliest-expected-completion")
    walls = {p: [] for p in policies}
    sent = {p: set() for p in policies}
    try:
        with tempfile.TemporaryDirectory(prefix="aset-throughput-") as output_dir:
            for i in range(args.repeat):
                # Rotate the order, so that drift in the machine's load favours no policy.
                order = policies[i % 3:] + policies[:i % 3]
                for policy in order:
                    wall, queries = run_aset(args.bin_dir, common, output_dir, policy)
                    walls[policy].append(wall)
                    sent[policy].add(queries)
                print(f"  repetition {i + 1}/{args.repeat}: " +
                      ", ".join(f"{p} {walls[p][-1]:.3f} s" for p in policies), file=sys.stderr)
    except BenchmarkError as e:
        print(f"aset-throughput.py: error: {e}", file=sys.stderr)
        return 1

    if any(sent[p] != sent["aset"] for p in policies) or len(sent["aset"]) != 1:
        print(f"aset-throughput.py: error: query counts differ: {sent}", file=sys.stderr)
        return 1
    queries = sent["aset"].pop()
    rate = {p: statistics.median(queries / w for w in walls[p]) for p in walls}
    ratio = rate["aset"] / rate["closest"]
    print(f"Whole-simulation speed, {args.scenario or 'default scenario'}: {args.duration:g} s simulated, "
          f"load {args.load or 'as the scenario'}, routing {args.routing or 'as the scenario'}, "
          f"{queries} queries; medians of {args.repeat} repetitions")
    print(f"{'policy':<30}{'wall s':>10}{'queries/wall s':>16}")
    for p in policies:
        print(f"{p:<30}{statistics.median(walls[p]):>10.3f}{rate[p]:>16.0f}")
    verdict = "PASS" if ratio >= TARGET else "BELOW"
    print(f"ratio aset/closest (queries per wall second): {ratio:.3f}   "
          f"target >= {TARGET}: {verdict}")
    print(f"ratio aset/earliest-expected-completion: "
          f"{rate['aset'] / rate['earliest-expected-completion']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
