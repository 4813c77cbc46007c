#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""How aset's cost grows with the number of queries and with the network's size.

Runs `aset-run --scenario=<isp-metro> --policy=closest` and, as the floor,
`aset-plain-udp-exchange` (the same network and workload as a plain ns-3 UDP
request/response exchange, no aset logic) as whole processes, alternately,
and measures each one's wall time, CPU time and peak resident memory (the
kernel's rusage of the child):

- queries: the scenario as shipped, its duration cut or stretched so that it
  sends about --queries million queries (0.1, 1 and 3 by default; a row of
  10 takes about half an hour of CPU for both programs, and aset keeps about
  200 bytes per query for its results: about 2 GiB);
- sites: the scenario with --factors times (1, 2, 4 and 8 by default) every
  tier's site count (access nodes, far-edge and near-edge sites; the core
  and the cloud regions stay), each access node at its usual rate, its
  duration cut so that it still sends about --site-queries million queries.

Each network also gets a fixed-cost probe (both programs with 0.001 s of
queries: start-up, building the network and its routes, warm-up and drain),
so that the cost per query can be given with and without it.

Prints a table of every run, the growth with queries (the cost of each extra
million, which is equal when growth is linear), the growth with sites (cost
per million queries against 1x; target: within 1.3x at 4x and 8x), memory
per far-edge site and per query, and with --json the same as a JSON file.
Medians over --repeat runs of each program.

A benchmark, not a test: exits 0 whatever the figures, non-zero only when a
run fails or its output cannot be read.

    python3 benchmarks/scale.py                       # about half an hour of CPU
    python3 benchmarks/scale.py --quick               # a tenth of the queries, a few minutes
    python3 benchmarks/scale.py --queries 1,3,10 --factors 1   # up to 10 million queries
    python3 benchmarks/scale.py --quick --sites-only --routing global --beacon-scope all
    python3 benchmarks/scale.py --quick --json scale.json

--routing and --beacon-scope are passed to aset-run (--routing to the plain
exchange too; empty: the scenario's), to compare settings on the same binary.
"""

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

from throughput import (BenchmarkError, aset_command, measured_run, plain_command,
                        plain_fields, read_sent)

ROOT = Path(__file__).resolve().parent.parent
LINEAR = 0.20  # slopes within 20% of each other: linear growth with queries
SITES_TARGET = 1.3  # CPU per million queries at 4x and 8x the sites within 1.3x of 1x
PROBE_DURATION = 0.001  # simulated seconds of queries in the fixed-cost probe
SCALED_KEYS = ("accessNodes", "farEdgeSites", "nearEdgeSites")


def scaled_scenario(source, factor, folder):
    """Writes a copy of the scenario with every site count times factor; returns (path, far-edge
    sites)."""
    with open(source, encoding="utf-8") as f:
        scenario = json.load(f)
    topology = scenario.get("topology", {})
    for key in SCALED_KEYS:
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
    return path, topology["farEdgeSites"]


class Runner:
    """Runs both programs on one scenario and keeps the medians of each measure."""

    def __init__(self, args, folder):
        self.args = args
        self.folder = Path(folder)
        self.aset_extra = [f"--{name}={value}" for name, value in
                           (("routing", args.routing), ("beacon-scope", args.beacon_scope))
                           if value]
        self.plain_extra = [f"--routing={args.routing}"] if args.routing else []

    def one(self, which, scenario, duration, label):
        """One run: dict of wall, cpu, rss (MiB) and sent."""
        common = [f"--scenario={scenario}", f"--duration={duration:.6g}"]
        if which == "aset":
            output = self.folder / label
            command = aset_command(self.args.bin_dir, common + self.aset_extra, output,
                                   self.args.policy)
            wall, cpu, rss, _ = measured_run(command)
            sent = read_sent(output)
        else:
            command = plain_command(self.args.bin_dir, common + self.plain_extra)
            wall, cpu, rss, stdout = measured_run(command)
            sent = plain_fields(command, stdout)["sent"]
        return {"wall": wall, "cpu": cpu, "rss": rss, "sent": sent}

    def both(self, scenario, duration, label, repeat):
        """Medians of repeat runs of each program, alternating which goes first."""
        runs = {"aset": [], "plain": []}
        for i in range(repeat):
            print(f"  {label}: run {i + 1} of {repeat} ({duration:.4g} s of queries) ...",
                  file=sys.stderr, flush=True)
            for which in (("aset", "plain") if i % 2 == 0 else ("plain", "aset")):
                runs[which].append(self.one(which, scenario, duration, f"{label}-{which}-{i}"))
        return {which: {key: statistics.median(r[key] for r in results)
                        for key in ("wall", "cpu", "rss", "sent")}
                for which, results in runs.items()}


def per_million(row, which, key, fixed=None):
    """Cost per million queries of one program's run; without the probe's fixed cost if given."""
    run = row[which]
    cost = run[key] - (fixed[which][key] if fixed else 0)
    return cost / (run["sent"] / 1e6)


def slope(a, b, key):
    """Extra cost per extra million queries from run a to run b."""
    return (b[key] - a[key]) / ((b["sent"] - a["sent"]) / 1e6)


def parse_list(text, kind):
    try:
        values = [kind(v) for v in text.split(",") if v.strip()]
    except ValueError:
        values = []
    if not values or any(v <= 0 for v in values):
        raise argparse.ArgumentTypeError(f"expected a comma-separated list of positive numbers, "
                                         f"got '{text}'")
    return values


def print_table(rows, probes):
    print(f"{'run':<24} {'queries':>10} {'wall s':>7} {'CPU s':>7} {'peak MiB':>8} "
          f"{'CPU s/M':>8} {'marg.':>6} {'plain CPU s/M':>13} {'marg.':>6} {'aset/plain':>10}")
    for row in rows:
        fixed = probes.get(row["factor"])
        aset, plain = row["aset"], row["plain"]
        print(f"{row['label']:<24} {int(aset['sent']):>10} {aset['wall']:>7.1f} "
              f"{aset['cpu']:>7.1f} {aset['rss']:>8.0f} "
              f"{per_million(row, 'aset', 'cpu'):>8.1f} "
              f"{per_million(row, 'aset', 'cpu', fixed):>6.1f} "
              f"{per_million(row, 'plain', 'cpu'):>13.1f} "
              f"{per_million(row, 'plain', 'cpu', fixed):>6.1f} "
              f"{per_million(row, 'aset', 'cpu') / per_million(row, 'plain', 'cpu'):>10.2f}")
    print("(marg.: without the fixed cost of the network's probe; plain: the plain ns-3 exchange "
          "on the same network)")
    print(f"\n{'fixed-cost probe':<24} {'aset CPU s':>10} {'aset MiB':>9} {'plain CPU s':>11} "
          f"{'plain MiB':>9}")
    for factor, probe in sorted(probes.items()):
        print(f"{f'{factor}x sites':<24} {probe['aset']['cpu']:>10.1f} {probe['aset']['rss']:>9.0f} "
              f"{probe['plain']['cpu']:>11.1f} {probe['plain']['rss']:>9.0f}")


def summarise(query_rows, site_rows, probes, sites_of):
    """The growth figures, as a dict (also printed)."""
    summary = {}
    if len(query_rows) >= 2:
        print("\nGrowth with queries: extra cost per extra million queries (1x sites)")
        slopes = {}
        for which in ("aset", "plain"):
            for key, unit in (("cpu", "CPU s"), ("wall", "wall s"), ("rss", "MiB")):
                values = [slope(a[which], b[which], key)
                          for a, b in zip(query_rows, query_rows[1:])]
                slopes[f"{which}_{key}"] = values
                ratio = values[-1] / values[0] if values[0] else float("inf")
                verdict = "linear" if abs(ratio - 1) <= LINEAR else "NOT linear"
                spans = "   ".join(
                    f"{a['label'].split(' M')[0]}->{b['label'].split(' M')[0]} M: {v:7.1f}"
                    for a, b, v in zip(query_rows, query_rows[1:], values))
                extra = f"   ratio {ratio:.2f} ({verdict} within {LINEAR:.0%})" if len(values) > 1 else ""
                print(f"  {which:<5} {unit:<7} {spans}{extra}")
        summary["query_slopes"] = slopes
        summary["aset_mib_per_million_queries"] = slopes["aset_rss"][-1]
        summary["plain_mib_per_million_queries"] = slopes["plain_rss"][-1]
    if len(site_rows) >= 2:
        one = site_rows[0]
        print(f"\nGrowth with sites: cost per million queries against {one['factor']}x sites "
              f"(target: CPU within {SITES_TARGET}x at 4x and 8x)")
        growth = []
        for row in site_rows[1:]:
            entry = {"factor": row["factor"]}
            for which in ("aset", "plain"):
                for name, fixed in (("cpu", None), ("marginal_cpu", probes)):
                    f_row = fixed.get(row["factor"]) if fixed else None
                    f_one = fixed.get(one["factor"]) if fixed else None
                    entry[f"{which}_{name}"] = (per_million(row, which, "cpu", f_row) /
                                                per_million(one, which, "cpu", f_one))
                entry[f"{which}_wall"] = (per_million(row, which, "wall") /
                                          per_million(one, which, "wall"))
            growth.append(entry)
            verdict = "" if row["factor"] < 4 else (
                "  (within target)" if entry["aset_cpu"] <= SITES_TARGET else "  (ABOVE target)")
            print(f"  {row['factor']}x sites: aset CPU {entry['aset_cpu']:.2f}x "
                  f"(marginal {entry['aset_marginal_cpu']:.2f}x), wall {entry['aset_wall']:.2f}x; "
                  f"plain CPU {entry['plain_cpu']:.2f}x (marginal "
                  f"{entry['plain_marginal_cpu']:.2f}x){verdict}")
        summary["site_growth"] = growth
        last = site_rows[-1]
        extra_sites = sites_of[last["factor"]] - sites_of[one["factor"]]
        print("\nMemory per far-edge site (with its access nodes and share of a near-edge site), "
              f"from {one['factor']}x to {last['factor']}x sites at the same queries:")
        for which in ("aset", "plain"):
            per_site = (last[which]["rss"] - one[which]["rss"]) / extra_sites * 1024
            summary[f"{which}_kib_per_site"] = per_site
            print(f"  {which:<5} {per_site:8.0f} KiB per site (peak {one[which]['rss']:.0f} MiB at "
                  f"{one['factor']}x, {last[which]['rss']:.0f} MiB at {last['factor']}x)")
    if "aset_mib_per_million_queries" in summary:
        print("Memory per query (peak growth per extra query, 1x sites): "
              f"aset {summary['aset_mib_per_million_queries'] * 1024 * 1024 / 1e6:.0f} bytes, "
              f"plain {summary['plain_mib_per_million_queries'] * 1024 * 1024 / 1e6:.0f} bytes")
    return summary


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin-dir", type=Path, default=ROOT / "build" / "bin")
    parser.add_argument("--scenario", type=Path,
                        default=ROOT / "data" / "scenarios" / "isp-metro.json")
    parser.add_argument("--policy", default="closest")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each program per row")
    parser.add_argument("--queries", type=lambda t: parse_list(t, float), default=[0.1, 1, 3],
                        help="millions of queries of the rows at 1x sites (default: 0.1,1,3)")
    parser.add_argument("--site-queries", type=float, default=1.0,
                        help="millions of queries of each sites row (default: 1)")
    parser.add_argument("--factors", type=lambda t: parse_list(t, int), default=[1, 2, 4, 8],
                        help="site counts, as multiples of the scenario's (default: 1,2,4,8)")
    parser.add_argument("--quick", action="store_true",
                        help="a tenth of every row's queries: checks the benchmark, not the figures")
    parser.add_argument("--sites-only", action="store_true", help="only the sites rows")
    parser.add_argument("--queries-only", action="store_true", help="only the queries rows")
    parser.add_argument("--routing", default="", help="aset-run --routing (empty: the scenario's)")
    parser.add_argument("--beacon-scope", default="",
                        help="aset-run --beacon-scope (empty: the scenario's)")
    parser.add_argument("--no-fixed-cost-probe", dest="probe", action="store_false",
                        help="skip the fixed-cost probe of each network")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()
    if args.repeat < 1 or not args.site_queries > 0 or (args.sites_only and args.queries_only):
        parser.error("--repeat and --site-queries must be positive; --sites-only and "
                     "--queries-only exclude each other")
    for program in ("aset-run", "aset-plain-udp-exchange"):
        if not (args.bin_dir / program).is_file():
            parser.error(f"no {program} in {args.bin_dir} (build it, or pass --bin-dir)")

    with open(args.scenario, encoding="utf-8") as f:
        shipped = json.load(f)
    base_duration = float(str(shipped["timing"]["duration"]).rstrip("s"))
    scale = 0.1 if args.quick else 1.0

    query_rows, site_rows, probes, sites_of = [], [], {}, {}
    try:
        with tempfile.TemporaryDirectory(prefix="aset-scale-") as folder:
            runner = Runner(args, folder)
            # A probe run gives the scenario's queries per simulated second.
            probe = runner.one("aset", args.scenario, base_duration * 0.02, "rate")
            per_second = probe["sent"] / (base_duration * 0.02)
            networks = {}
            for factor in sorted(set(args.factors) | ({1} if not args.sites_only else set())):
                networks[factor], sites_of[factor] = (
                    (args.scenario, shipped["topology"]["farEdgeSites"]) if factor == 1
                    else scaled_scenario(args.scenario, factor, folder))
            if not args.sites_only:
                for millions in args.queries:
                    millions *= scale
                    row = runner.both(args.scenario, millions * 1e6 / per_second,
                                      f"q{millions:g}", args.repeat)
                    query_rows.append(dict(row, label=f"{millions:g} M queries, 1x sites",
                                           factor=1, millions=millions))
            if not args.queries_only:
                millions = args.site_queries * scale
                for factor in sorted(args.factors):
                    row = runner.both(networks[factor], millions * 1e6 / (per_second * factor),
                                      f"x{factor}", args.repeat)
                    site_rows.append(dict(row, label=f"{millions:g} M queries, {factor}x sites",
                                          factor=factor, millions=millions))
            if args.probe:
                for factor in sorted({r["factor"] for r in query_rows + site_rows}):
                    probes[factor] = runner.both(networks[factor], PROBE_DURATION,
                                                 f"probe-x{factor}", args.repeat)
    except BenchmarkError as e:
        print(f"scale.py: error: {e}", file=sys.stderr)
        return 1

    options = " ".join(runner.aset_extra) or "the scenario's routing and beacon scope"
    print(f"\n{args.scenario.name}, policy {args.policy}, {options}, medians of {args.repeat} "
          f"(whole processes, start-up included)\n")
    print_table(query_rows + site_rows, probes)
    summary = summarise(query_rows, site_rows, probes, sites_of)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"scenario": str(args.scenario), "policy": args.policy,
                       "options": runner.aset_extra, "repeat": args.repeat,
                       "queries": query_rows, "sites": site_rows,
                       "probes": {str(k): v for k, v in probes.items()},
                       "far_edge_sites": {str(k): v for k, v in sites_of.items()},
                       "summary": summary}, f, indent=2)
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
