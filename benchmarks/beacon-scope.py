#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""What each beacon scope changes for each policy: success, and where the queries went.

Runs `aset-run --scenario=<file> --policy=<p> --beacon-scope=<s>` for every
policy and scope on the same seed, and reads each run's summary.json and
queries.csv. A scheduler offers its policy only the clusters it hears, so a
narrower scope can only take choices away: for each policy it prints the
success ratio under each scope and, from the run with beacons to all, the
share of queries placed outside the scheduler's region, by tier (the choices
`region` removes: another region's far edge and near edge; `far-edge-region`
removes only the far edge). A choice removed shows up as a different success
ratio under the narrower scope.

Regions are those of a generated network (scenario files without a topology
file): far-edge site k and its gateway's scheduler belong to near-edge site
k * nearEdgeSites / farEdgeSites, as TieredTopologyDescription::Generate
links them; cluster ids run over the far-edge, near-edge and cloud clusters
in that order.

A benchmark, not a test: exits 0 whatever the figures, non-zero only when a
run fails or its output cannot be read.

    python3 benchmarks/beacon-scope.py --scenario data/scenarios/isp-metro.json --duration 10
    python3 benchmarks/beacon-scope.py --scenario data/scenarios/isp-national.json --duration 1
"""

import argparse
import csv
import json
import sys
import tempfile
from pathlib import Path

from throughput import BenchmarkError, aset_command, timed_run

ROOT = Path(__file__).resolve().parent.parent
POLICIES = ("closest", "random", "round-robin", "least-loaded", "cloud-only",
            "earliest-expected-completion", "aset")
SCOPES = ("all", "far-edge-region", "region")


def regions(topology):
    """(region of each scheduler, region of each cluster id or None for the cloud)."""
    far, near = int(topology["farEdgeSites"]), int(topology["nearEdgeSites"])
    cloud = int(topology.get("cloudRegions", 1))
    site = [k * near // far for k in range(far)]
    return site, site + list(range(near)) + [None] * cloud


def tier_of(cluster, far, near):
    return "far edge" if cluster < far else "near edge" if cluster < far + near else "cloud"


def run_one(args, policy, scope, output):
    """Runs one policy under one scope; its figures as analyse() gives them."""
    timed_run(aset_command(args.bin_dir, [f"--scenario={args.scenario}",
                                          f"--duration={args.duration}",
                                          f"--beacon-scope={scope}",
                                          f"--routing={args.routing}"], output, policy))
    return analyse(args.scenario, output)


def analyse(scenario, output):
    """Success ratio, and queries placed outside the region by tier (and those in time)."""
    try:
        with open(Path(output) / "summary.json", encoding="utf-8") as f:
            summary = json.load(f)["policies"][0]
        sent, succeeded = int(summary["sent"]), int(summary["succeeded"])
    except (OSError, ValueError, KeyError, IndexError, TypeError) as e:
        raise BenchmarkError(f"cannot read sent and succeeded from {output}: {e}") from e
    with open(scenario, encoding="utf-8") as f:
        topology = json.load(f)["topology"]
    scheduler_region, cluster_region = regions(topology)
    far, near = int(topology["farEdgeSites"]), int(topology["nearEdgeSites"])
    outside = {}
    placed = 0
    csv_path = next(Path(output).glob("*queries*.csv"), None)
    if csv_path is None:
        raise BenchmarkError(f"no queries CSV in {output}")
    with open(csv_path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if not row["cluster"] or not row["scheduler"]:
                continue
            placed += 1
            cluster, scheduler = int(row["cluster"]), int(row["scheduler"])
            region = cluster_region[cluster]
            if region is not None and region != scheduler_region[scheduler]:
                key = tier_of(cluster, far, near)
                total, in_time = outside.get(key, (0, 0))
                outside[key] = (total + 1, in_time + (row["outcome"] == "succeeded"))
    return {"sent": sent, "success": succeeded / sent if sent else 0.0, "placed": placed,
            "outside": outside}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin-dir", type=Path, default=ROOT / "build" / "bin")
    parser.add_argument("--scenario", type=Path,
                        default=ROOT / "data" / "scenarios" / "isp-metro.json")
    parser.add_argument("--duration", type=float, default=10.0,
                        help="simulated seconds of queries (default: %(default)s)")
    parser.add_argument("--routing", default="next-hop", help="aset-run --routing")
    parser.add_argument("--policies", default=",".join(POLICIES))
    parser.add_argument("--scopes", default=",".join(SCOPES))
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()
    policies = [p for p in args.policies.split(",") if p]
    scopes = [s for s in args.scopes.split(",") if s]

    results = {}
    try:
        with tempfile.TemporaryDirectory(prefix="aset-beacon-scope-") as folder:
            for policy in policies:
                for scope in scopes:
                    print(f"  {policy}, beacons to {scope} ...", file=sys.stderr, flush=True)
                    results[(policy, scope)] = run_one(args, policy, scope,
                                                       Path(folder) / f"{policy}-{scope}")
    except BenchmarkError as e:
        print(f"beacon-scope.py: error: {e}", file=sys.stderr)
        return 1

    sent = results[(policies[0], scopes[0])]["sent"]
    print(f"\n{args.scenario.name}, {args.duration:g} s of queries ({sent} sent), "
          f"--routing={args.routing}, seed as the scenario's\n")
    print(f"{'policy':<30}" + "".join(f"{'success ' + s:>24}" for s in scopes) +
          "   placed outside the region with beacons to all (in time)")
    for policy in policies:
        line = f"{policy:<30}" + "".join(
            f"{100 * results[(policy, s)]['success']:>23.2f}%" for s in scopes)
        if "all" in scopes:
            r = results[(policy, "all")]
            outside = r["outside"]
            line += "   " + (", ".join(
                f"{tier} {total} ({100 * total / r['placed']:.1f} %; {in_time} in time)"
                for tier, (total, in_time) in sorted(outside.items())) or "none")
        print(line)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({f"{p}/{s}": r for (p, s), r in results.items()}, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
