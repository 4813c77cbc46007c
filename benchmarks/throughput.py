#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Whole-process speed of aset against a plain ns-3 UDP request/response exchange.

Runs, alternately and --repeat times each, `aset-run --policy=closest` on the
default scenario (or --scenario) and `aset-plain-udp-exchange` (same network,
same workload, no aset logic), and compares queries simulated per wall
second, medians over the repetitions, measured in this run. Target: aset >=
0.85 of the plain rate.

Wall time is that of the whole process, start-up included: both programs
link libaset (and so libtorch), so both pay about the same fixed start-up
cost, which pulls the ratio towards 1. The default duration makes that cost
a small part; the fixed-cost probe (a run of each at a tiny duration)
measures it, and the ratio without it is printed too.

A benchmark, not a test: exits 0 whatever the ratio, non-zero only when a
program fails or its output cannot be read.

    python3 benchmarks/throughput.py --bin-dir build/bin
    python3 benchmarks/throughput.py --repeat 9 --duration 100 --load 2
    python3 benchmarks/throughput.py --scenario data/scenarios/isp-metro.json --duration 10 \
        --routing next-hop --beacon-scope region
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET = 0.85
# Simulated seconds of queries in the fixed-cost probe: about none, which
# leaves start-up, set-up, warm-up and drain, and writing the results.
PROBE_DURATION = 0.001


class BenchmarkError(RuntimeError):
    pass


def measured_run(command):
    """Runs command; returns (wall s, CPU s, peak RSS MiB, stdout), CPU and memory from the
    kernel's rusage of that child alone. Raises BenchmarkError if it fails."""
    with tempfile.TemporaryFile(mode="w+") as out, tempfile.TemporaryFile(mode="w+") as err:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err, text=True)
        # wait4 gives this child's own rusage: its peak memory, not the largest of all children.
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if child.returncode != 0:
            raise BenchmarkError(
                f"{' '.join(command)} exited with {child.returncode}:\n{err.read().strip()}")
        return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0, out.read()


def timed_run(command):
    """Runs command; returns (wall seconds, stdout). Raises BenchmarkError if it fails."""
    wall, _, _, stdout = measured_run(command)
    return wall, stdout


def aset_command(bin_dir, common, output_dir, policy="closest"):
    """The aset-run command line of one benchmark run under one policy."""
    return [
        str(bin_dir / "aset-run"),
        f"--policy={policy}",
        "--progress=0",
        "--plots=false",  # drawing PNGs is not simulation work
        f"--output={output_dir}",
    ] + common


def read_sent(output_dir):
    """The queries the run in output_dir sent, from its summary.json."""
    summary_path = Path(output_dir) / "summary.json"
    try:
        with open(summary_path, encoding="utf-8") as f:
            return int(json.load(f)["policies"][0]["sent"])
    except (OSError, ValueError, KeyError, IndexError, TypeError) as e:
        raise BenchmarkError(f"cannot read policies[0].sent from {summary_path}: {e}") from e


def run_aset(bin_dir, common, output_dir, policy="closest"):
    """One aset-run under one policy: (wall seconds, queries sent)."""
    wall, _ = timed_run(aset_command(bin_dir, common, output_dir, policy))
    return wall, read_sent(output_dir)


def plain_command(bin_dir, common, path="closest"):
    """The aset-plain-udp-exchange command line of one benchmark run."""
    return [str(bin_dir / "aset-plain-udp-exchange"), f"--path={path}"] + common


def plain_fields(command, stdout):
    """The key=value fields of aset-plain-udp-exchange's last line: exchanges, sent, wall_s."""
    for line in reversed(stdout.splitlines()):
        if line.startswith("exchanges="):
            try:
                fields = dict(item.split("=", 1) for item in line.split())
                return {
                    "exchanges": int(fields["exchanges"]),
                    "sent": int(fields["sent"]),
                    "wall_s": float(fields["wall_s"]),
                }
            except (ValueError, KeyError) as e:
                raise BenchmarkError(f"unreadable line from {command[0]}: {line!r}") from e
    raise BenchmarkError(f"{command[0]} printed no 'exchanges=' line:\n{stdout}")


def run_plain(bin_dir, common, path):
    """One aset-plain-udp-exchange: (wall seconds, its key=value fields)."""
    command = plain_command(bin_dir, common, path)
    wall, stdout = timed_run(command)
    return wall, plain_fields(command, stdout)


def common_options(args, duration):
    return [
        f"--duration={duration}",
        f"--seed={args.seed}",
        f"--run={args.run}",
    ] + ([f"--load={args.load}"] if args.load else []) + (
        [f"--scenario={args.scenario}"] if args.scenario else []) + (
        [f"--routing={args.routing}"] if args.routing else [])


def measure(args, bin_dir, output_dir):
    aset_walls, plain_walls, plain_inprocess = [], [], []
    aset_queries, plain_queries = set(), set()
    common = common_options(args, args.duration)
    for i in range(args.repeat):
        # Alternate which program goes first, so that drift in the machine's
        # load does not favour either.
        order = ("aset", "plain") if i % 2 == 0 else ("plain", "aset")
        for which in order:
            if which == "aset":
                wall, sent = run_aset(bin_dir, common + args.aset_extra, output_dir)
                aset_walls.append(wall)
                aset_queries.add(sent)
            else:
                wall, fields = run_plain(bin_dir, common, args.plain_path)
                plain_walls.append(wall)
                plain_inprocess.append(fields["wall_s"])
                plain_queries.add(fields["exchanges"])
                if fields["exchanges"] != fields["sent"]:
                    print(
                        f"warning: plain exchange completed {fields['exchanges']} "
                        f"of {fields['sent']} requests",
                        file=sys.stderr,
                    )
        print(f"  repetition {i + 1}/{args.repeat}: aset {aset_walls[-1]:.3f} s, "
              f"plain {plain_walls[-1]:.3f} s", file=sys.stderr)

    fixed = None
    if args.fixed_cost_probe:
        probe = common_options(args, PROBE_DURATION)
        aset_fixed, plain_fixed = [], []
        for _ in range(args.repeat):
            aset_fixed.append(run_aset(bin_dir, probe + args.aset_extra, output_dir)[0])
            plain_fixed.append(run_plain(bin_dir, probe, args.plain_path)[0])
        fixed = (statistics.median(aset_fixed), statistics.median(plain_fixed))
    return aset_walls, plain_walls, plain_inprocess, aset_queries, plain_queries, fixed


def single(counts, name):
    """Every repetition runs the same seed and run, so the count must not vary."""
    if len(counts) != 1:
        raise BenchmarkError(f"{name}: query count differs between repetitions: {sorted(counts)}")
    return counts.pop()


def main():
    here = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin-dir", type=Path, default=here.parent / "build" / "bin",
                        help="folder with aset-run and aset-plain-udp-exchange "
                             "(default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=5,
                        help="repetitions of each program (default: %(default)s)")
    parser.add_argument("--duration", type=float, default=200.0,
                        help="simulated seconds of queries; long, so that start-up is a "
                             "small part of the wall time (default: %(default)s)")
    parser.add_argument("--load", type=float,
                        help="multiplier of every access node's query rate (default: the "
                             "scenario's)")
    parser.add_argument("--scenario", type=Path,
                        help="scenario file with a generated network, for both programs "
                             "(default: the default scenario)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default: %(default)s)")
    parser.add_argument("--run", type=int, default=1, help="run number (default: %(default)s)")
    parser.add_argument("--plain-path", choices=("closest", "far-edge"), default="closest",
                        help="where the plain exchange sends each application's requests: "
                             "closest, the cluster the closest policy picks (the same links as "
                             "aset); far-edge, always the far-edge cluster (default: %(default)s)")
    parser.add_argument("--routing", choices=("global", "next-hop"),
                        help="the routing of both programs (aset-run --routing; default: the "
                             "scenario's)")
    parser.add_argument("--beacon-scope", choices=("all", "region", "far-edge-region"),
                        help="aset-run --beacon-scope (default: the scenario's; the plain "
                             "exchange sends no beacons)")
    parser.add_argument("--no-fixed-cost-probe", dest="fixed_cost_probe", action="store_false",
                        help="skip measuring each program's fixed cost at a tiny duration")
    args = parser.parse_args()
    if args.repeat < 1 or not args.duration > 0 or (args.load is not None and not args.load > 0):
        parser.error("--repeat, --duration and --load must be positive")
    for program in ("aset-run", "aset-plain-udp-exchange"):
        if not (args.bin_dir / program).is_file():
            parser.error(f"no {program} in {args.bin_dir} (build it, or pass --bin-dir)")
    args.aset_extra = [f"--beacon-scope={args.beacon_scope}"] if args.beacon_scope else []

    print(f"Running {args.repeat} repetitions of each program, {args.duration:g} s simulated, "
          f"load {args.load or 'as the scenario'}...", file=sys.stderr)
    try:
        with tempfile.TemporaryDirectory(prefix="aset-throughput-") as output_dir:
            (aset_walls, plain_walls, plain_inprocess, aset_queries, plain_queries,
             fixed) = measure(args, args.bin_dir, output_dir)
        aset_n = single(aset_queries, "aset-run")
        plain_n = single(plain_queries, "aset-plain-udp-exchange")
    except BenchmarkError as e:
        print(f"throughput.py: error: {e}", file=sys.stderr)
        return 1

    aset_wall = statistics.median(aset_walls)
    plain_wall = statistics.median(plain_walls)
    aset_rate = statistics.median(aset_n / w for w in aset_walls)
    plain_rate = statistics.median(plain_n / w for w in plain_walls)
    ratio = aset_rate / plain_rate

    print(f"Whole-process speed, {args.scenario or 'default scenario'}: {args.duration:g} s "
          f"simulated, load {args.load or 'as the scenario'}, routing "
          f"{args.routing or 'as the scenario'}, beacon scope "
          f"{args.beacon_scope or 'as the scenario'}, seed {args.seed} run {args.run}; "
          f"medians of {args.repeat} repetitions")
    rows = [
        ("program", "queries", "wall s", "queries/wall s"),
        ("aset-run --policy=closest", aset_n, f"{aset_wall:.3f}", f"{aset_rate:.0f}"),
        (f"aset-plain-udp-exchange --path={args.plain_path}", plain_n, f"{plain_wall:.3f}",
         f"{plain_rate:.0f}"),
    ]
    for name, queries, wall, rate in rows:
        print(f"{name:<42}{queries:>10}{wall:>10}{rate:>16}")
    verdict = "PASS" if ratio >= TARGET else "BELOW"
    print(f"ratio aset/plain (queries per wall second): {ratio:.3f}   "
          f"target >= {TARGET}: {verdict}")
    if aset_n != plain_n:
        print(f"note: the programs simulated different query counts ({aset_n} vs {plain_n}); "
              "the rates remain comparable")
    print(f"plain exchange in-process (from main(), no start-up): "
          f"{statistics.median(plain_inprocess):.3f} s")
    if fixed:
        aset_fixed, plain_fixed = fixed
        print(f"fixed cost per process (start-up, set-up, output; median at "
              f"--duration={PROBE_DURATION:g}): aset {aset_fixed:.3f} s "
              f"({100 * aset_fixed / aset_wall:.0f}% of its wall), plain {plain_fixed:.3f} s "
              f"({100 * plain_fixed / plain_wall:.0f}% of its wall)")
        if aset_wall > aset_fixed and plain_wall > plain_fixed:
            marginal = (aset_n / (aset_wall - aset_fixed)) / (plain_n / (plain_wall - plain_fixed))
            print(f"ratio without the fixed cost (simulation and per-query output only): "
                  f"{marginal:.3f}")
    else:
        print("whole-process times include start-up (~0.3 s for loading libtorch, in both)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
