#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""How aset's cost grows with the number of queries and with the network's size.

Runs `aset-run --scenario=<isp-metro> --policy=closest` as whole processes and
measures each one's wall time, CPU time and peak resident memory (from the
kernel's rusage of the child):

- queries: the scenario as shipped, with its duration cut or stretched so
  that it sends about 0.1, 1 and 3 million queries;
- sites: the scenario with 2x and 4x every tier's site count (access nodes,
  far-edge and near-edge sites; one core and the cloud regions stay), each access
  node at its usual rate, its duration cut so that it still sends about one
  million queries.

For each run it prints wall and CPU seconds and peak memory per million
queries. For growth it prints the slopes: the cost of each extra million
queries between 0.1 and 1 million and between 1 and 3 million; linear growth
means equal slopes (target: within 20%). Medians over --repeat runs.

A benchmark, not a test: exits 0 whatever the figures, non-zero only when a
run fails or its output cannot be read.

    python3 benchmarks/scale.py                       # about 15 min on 2 cores
    python3 benchmarks/scale.py --quick               # 0.01 / 0.1 / 0.3 million, a minute
    python3 benchmarks/scale.py --repeat 3 --policy least-loaded
    python3 benchmarks/scale.py --quick --sites-only --routing next-hop --beacon-scope region

--routing and --beacon-scope are passed to aset-run (empty: the scenario's),
to compare ns-3's global routing and beacons to every scheduler with
next-hop routing and beacons within a region on the same binary.
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

from throughput import BenchmarkError, aset_command, read_sent

ROOT = Path(__file__).resolve().parent.parent
TARGET = 0.20  # slopes within 20% of each other


def scaled_scenario(source, factor, folder):
    """Writes a copy of the scenario with every site count times factor; returns its path."""
    with open(source, encoding="utf-8") as f:
        scenario = json.load(f)
    topology = scenario.get("topology", {})
    for key in ("accessNodes", "farEdgeSites", "nearEdgeSites"):
        if key not in topology:
            raise BenchmarkError(f"{source}: topology.{key} is missing; cannot scale the sites")
        topology[key] = int(topology[key]) * factor
    # Relative paths in the scenario are relative to its own folder.
    if "catalogue" in scenario:
        scenario["catalogue"] = str((Path(source).parent / scenario["catalogue"]).resolve())
    scenario["name"] = f"{scenario.get('name', 'scenario')}-x{factor}"
    path = Path(folder) / f"{scenario['name']}.json"
    with open(path, "w", encoding="utf-8") as f:
        json.dump(scenario, f, indent=2)
    return path


def run(bin_dir, scenario, policy, duration, output, extra=()):
    """One aset-run: (wall s, CPU s, peak RSS MiB, queries sent)."""
    command = aset_command(bin_dir,
                           [f"--scenario={scenario}", f"--duration={duration}"] + list(extra),
                           output, policy)
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    # wait4 gives this child's own rusage: its peak memory, not the largest of all children.
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    stderr = child.stderr.read()
    if child.returncode != 0:
        raise BenchmarkError(f"{' '.join(command)} exited with {child.returncode}:\n{stderr}")
    sent = read_sent(output)
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_maxrss / 1024.0, sent


def measure(bin_dir, scenario, policy, duration, repeat, folder, label, extra=()):
    """Medians over repeat runs: dict of wall, cpu, rss, sent."""
    runs = []
    for i in range(repeat):
        print(f"  {label}: run {i + 1} of {repeat} ({duration:g} s of queries) ...",
              file=sys.stderr, flush=True)
        runs.append(run(bin_dir, scenario, policy, duration, Path(folder) / f"{label}-{i}",
                        extra))
    return {
        "wall": statistics.median(r[0] for r in runs),
        "cpu": statistics.median(r[1] for r in runs),
        "rss": statistics.median(r[2] for r in runs),
        "sent": int(statistics.median(r[3] for r in runs)),
    }


def slope(a, b, key):
    """Extra cost per extra million queries from run a to run b."""
    return (b[key] - a[key]) / ((b["sent"] - a["sent"]) / 1e6)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin-dir", type=Path, default=ROOT / "build" / "bin")
    parser.add_argument("--scenario", type=Path,
                        default=ROOT / "data" / "scenarios" / "isp-metro.json")
    parser.add_argument("--policy", default="closest")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--quick", action="store_true",
                        help="a tenth of the queries: checks the benchmark, not the figures")
    parser.add_argument("--sites-only", action="store_true",
                        help="only the growth with sites: 1x, 2x and 4x at one query count")
    parser.add_argument("--routing", default="", help="aset-run --routing (empty: the scenario's)")
    parser.add_argument("--beacon-scope", default="",
                        help="aset-run --beacon-scope (empty: the scenario's)")
    args = parser.parse_args()
    extra = [f"--{name}={value}" for name, value in
             (("routing", args.routing), ("beacon-scope", args.beacon_scope)) if value]

    with open(args.scenario, encoding="utf-8") as f:
        shipped = json.load(f)
    base_duration = float(str(shipped["timing"]["duration"]).rstrip("s"))
    scale = 0.1 if args.quick else 1.0

    try:
        with tempfile.TemporaryDirectory(prefix="aset-scale-") as folder:
            # A probe run gives the scenario's queries per simulated second.
            probe = measure(args.bin_dir, args.scenario, args.policy, base_duration * 0.05,
                            1, folder, "probe", extra)
            per_second = probe["sent"] / (base_duration * 0.05)
            rows = []
            for millions in (1.0 * scale,) if args.sites_only else (0.1 * scale, scale, 3 * scale):
                duration = millions * 1e6 / per_second
                rows.append((f"{millions:g} M queries, 1x sites",
                             measure(args.bin_dir, args.scenario, args.policy, duration,
                                     args.repeat, folder, f"q{millions:g}", extra)))
            for factor in (2, 4):
                scenario = scaled_scenario(args.scenario, factor, folder)
                duration = scale * 1e6 / (per_second * factor)
                rows.append((f"{scale:g} M queries, {factor}x sites",
                             measure(args.bin_dir, scenario, args.policy, duration,
                                     args.repeat, folder, f"x{factor}", extra)))
    except BenchmarkError as e:
        print(f"scale.py: error: {e}", file=sys.stderr)
        return 1

    options = " ".join(extra) or "the scenario's routing and beacon scope"
    print(f"\n{args.scenario.name}, policy {args.policy}, {options}, medians of {args.repeat} "
          f"(whole processes, start-up included)\n")
    print(f"{'run':<26} {'queries':>10} {'wall s':>8} {'CPU s':>8} {'peak MiB':>9} "
          f"{'wall s/M':>9} {'CPU s/M':>8} {'MiB/M':>7}")
    for label, r in rows:
        m = r["sent"] / 1e6
        print(f"{label:<26} {r['sent']:>10} {r['wall']:>8.1f} {r['cpu']:>8.1f} {r['rss']:>9.0f} "
              f"{r['wall'] / m:>9.1f} {r['cpu'] / m:>8.1f} {r['rss'] / m:>7.0f}")

    sites = rows[-3:]
    one = sites[0][1]
    if not args.sites_only:
        small, one, three = (r for _, r in rows[:3])
        a, b, c = (f"{0.1 * scale:g}", f"{scale:g}", f"{3 * scale:g}")
        print("\nGrowth with queries: extra cost per extra million queries")
        for key, unit in (("cpu", "CPU s"), ("wall", "wall s"), ("rss", "MiB")):
            first, second = slope(small, one, key), slope(one, three, key)
            ratio = second / first if first else float("inf")
            verdict = "linear" if abs(ratio - 1) <= TARGET else "NOT linear"
            print(f"  {unit:<7} {a}->{b} M: {first:8.1f}   {b}->{c} M: {second:8.1f}   "
                  f"ratio {ratio:.2f} ({verdict} within {TARGET:.0%})")
    print("\nGrowth with sites: cost per million queries against 1x sites")
    for label, r in sites[1:]:
        print(f"  {label:<24} CPU {r['cpu'] / r['sent'] / (one['cpu'] / one['sent']):.2f}x   "
              f"wall {r['wall'] / r['sent'] / (one['wall'] / one['sent']):.2f}x   "
              f"peak memory {r['rss'] / r['sent'] / (one['rss'] / one['sent']):.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
