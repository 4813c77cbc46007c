#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Checks the custom-policy example (examples/custom-policy/) both ways it is used.

    check-custom-policy.py --bin BUILD/bin --plugin LIB --script PROGRAM --work DIR

- The script (aset-custom-policy) runs the policy beside closest and
  earliest-expected-completion and prints its row.
- aset-run with --policy-library=LIB --policy=...,ns3::NearbyFirstPolicy writes the
  policy's row in summary.json, named as the policy reports and by its TypeId, with
  outcomes adding up; its MaxRoundTrip attribute, set on the command line, changes
  where queries go: at 0 every query goes where closest sends it, beyond every round
  trip where earliest-expected-completion does, and the two differ.
- aset-sweep passes the library to its jobs (as an absolute path) and aggregates the
  policy's point; aset-evaluate adds it as a column (--extra-policies).
- Without the library, or with a file that is not one, each program stops with exit
  status 2 and one line naming the option.

Exit status: 0 pass, 1 fail.
"""

import argparse
import csv
import json
import os
import shlex
import sys

from check_common import Failure, check, fresh, run

POLICY = "ns3::NearbyFirstPolicy"
NAME = "nearby-first"  # what the policy reports (GetName())
OUTCOMES = ["succeeded", "failed_deadline", "failed_accuracy", "rejected", "dropped", "lost", "in_flight"]


def placements(folder, policy):
    """The cluster each query went to, in query order, from queries-<policy>.csv."""
    with open(os.path.join(folder, f"queries-{policy}.csv")) as f:
        return [(r["client"], r["query"], r["cluster"]) for r in csv.DictReader(f)]


def run_policy(a, folder, max_round_trip):
    """aset-run with the plugin, the policy between the two it falls back to; returns the summary."""
    run([a.asetrun, f"--policy-library={a.plugin}", f"--policy=closest,earliest-expected-completion,{POLICY}",
         f"--ns3::NearbyFirstPolicy::MaxRoundTrip={max_round_trip}", "--duration=1", "--plots=false",
         "--progress=false", f"--output={folder}"])
    summary = json.load(open(os.path.join(folder, "summary.json")))
    rows = {p["policy"]: p for p in summary["policies"]}
    check(list(rows) == ["closest", "earliest-expected-completion", NAME],
          f"summary.json rows {list(rows)}: expected closest, earliest-expected-completion, {NAME}")
    row = rows[NAME]
    check(row["type_id"] == POLICY, f"summary.json: {NAME} has type_id {row['type_id']}, expected {POLICY}")
    check(rows["closest"]["type_id"] == "ns3::ClosestPolicy", "summary.json: closest's type_id")
    check(row["sent"] > 100, f"{NAME}: only {row['sent']} queries sent")
    check(sum(row[o] for o in OUTCOMES) == row["sent"],
          f"{NAME}: outcomes {[row[o] for o in OUTCOMES]} do not add up to {row['sent']} sent")
    return summary


def aset_run(a):
    near = run_policy(a, fresh(os.path.join(a.work, "max-0")), "0s")
    far = run_policy(a, fresh(os.path.join(a.work, "max-10s")), "10s")
    at0 = placements(os.path.join(a.work, "max-0"), NAME)
    at10 = placements(os.path.join(a.work, "max-10s"), NAME)
    closest = placements(os.path.join(a.work, "max-0"), "closest")
    earliest = placements(os.path.join(a.work, "max-10s"), "earliest-expected-completion")
    check(closest != earliest, "closest and earliest-expected-completion place the same: the check proves nothing")
    check(at0 == closest, "MaxRoundTrip=0s: nearby-first should place every query as closest does")
    check(at10 == earliest, "MaxRoundTrip=10s: nearby-first should place every query as "
                            "earliest-expected-completion does")
    moved = sum(x != y for x, y in zip(at0, at10))
    print(f"ok aset-run: {NAME} ({POLICY}) in summary.json, outcomes add up; MaxRoundTrip 0s vs 10s "
          f"moves {moved} of {len(at0)} queries (as closest / as earliest-expected-completion)")
    for summary in (near, far):
        check(summary["policies"][2]["sent"] == summary["policies"][0]["sent"], "the policies saw different workloads")


def script(a):
    p = run([a.script, "--duration=1"])
    lines = [line for line in p.stdout.splitlines() if line.startswith(NAME)]
    check(len(lines) == 2, f"aset-custom-policy: a tier line and a table row for {NAME} expected:\n{p.stdout}")
    p = run([a.script, "--duration=1", "--ns3::NearbyFirstPolicy::MaxRoundTrip=soon"], expect=2)
    check(p.stderr.count("\n") == 1 and "MaxRoundTrip" in p.stderr,
          f"aset-custom-policy: a bad MaxRoundTrip: one error line expected, got:\n{p.stderr}")
    print(f"ok aset-custom-policy: runs {NAME} beside the built-in policies")


def sweep(a):
    out = fresh(os.path.join(a.work, "sweep"))
    # A relative library path: the jobs get it absolute, whatever folder they run in.
    relative = os.path.relpath(a.plugin, a.work)
    run([a.sweep, f"--policy-library={relative}", f"--policies=closest,{POLICY}", "--loads=1", "--seeds=1",
         "--duration=0.5", "--jobs=2", "--progress=false", "--ns3::NearbyFirstPolicy::MaxRoundTrip=2ms",
         f"--output={out}"], cwd=a.work)
    jobs = open(os.path.join(out, "jobs.txt")).read().splitlines()
    for line in jobs:
        words = shlex.split(line)
        check(f"--policy-library={os.path.abspath(a.plugin)}" in words,
              f"jobs.txt: the job does not load the library by absolute path: {line}")
    rows = {r["policy"]: r for r in csv.DictReader(open(os.path.join(out, "aggregate.csv")))}
    check(set(rows) == {"closest", POLICY}, f"aggregate.csv: points {sorted(rows)}")
    check(rows[POLICY]["runs"] == "1" and rows[POLICY]["failed"] == "0",
          f"aggregate.csv: {POLICY}'s job did not succeed: {rows[POLICY]}")
    print(f"ok aset-sweep: the library reaches the jobs; {POLICY} aggregated")


def evaluate(a):
    out = fresh(os.path.join(a.work, "evaluate"))
    run([a.evaluate, f"--policy-library={a.plugin}", f"--extra-policies={POLICY}", "--variants=light",
         "--scenarios=", "--seeds=1", "--duration=0.5", "--jobs=1", f"--output={out}"])
    rows = list(csv.DictReader(open(os.path.join(out, "evaluation.csv"))))
    check(rows[-1]["policy"] == POLICY and int(rows[-1]["sent"]) > 0,
          f"evaluation.csv: the last column should be {POLICY}, got {rows[-1]}")
    check(f"| {POLICY} |" in open(os.path.join(out, "evaluation.md")).read(), "evaluation.md: no column for the policy")
    print(f"ok aset-evaluate: {POLICY} is a column")


def bad_input(a):
    out = fresh(os.path.join(a.work, "bad"))
    not_a_library = os.path.join(out, "libnot-a-library.so")
    with open(not_a_library, "w") as f:
        f.write("not ELF\n")
    # {policy}: each program's option naming policies.
    cases = [
        (["{policy}=" + POLICY], "{policy}"),  # not loaded: no such TypeId
        (["{policy}=ns3::Node"], "{policy}"),  # a TypeId, not a policy's
        (["--ns3::NearbyFirstPolicy::MaxRoundTrip=1ms"], "NearbyFirstPolicy"),
        ([f"--policy-library={a.plugin}", "--ns3::NearbyFirstPolicy::MaxRoundTrip=soon"], "MaxRoundTrip"),
        ([f"--policy-library={a.plugin}", "--ns3::NearbyFirstPolicy::MaxRoundTrip=-1ms"], "MaxRoundTrip"),
        ([f"--policy-library={not_a_library}", "{policy}=" + POLICY], "--policy-library"),
        ([f"--policy-library={os.path.join(out, 'missing.so')}"], "--policy-library"),
    ]
    programs = [(a.asetrun, "--policy", []), (a.sweep, "--policies", ["--list-only"]),
                (a.evaluate, "--extra-policies", [])]
    for program, option, extra in programs:
        for options, named in cases:
            named = named.format(policy=option)
            args = [program] + [o.format(policy=option) for o in options] + extra + [f"--output={out}"]
            p = run(args, expect=2)
            check(p.stderr.count("\n") == 1 and named in p.stderr and "error" in p.stderr,
                  f"{' '.join(args)}: one error line naming {named} expected, got:\n{p.stderr}")
    print(f"ok bad input: {len(cases)} cases x {len(programs)} programs refused on one line, exit status 2")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", required=True, help="folder of aset-run, aset-sweep and aset-evaluate")
    parser.add_argument("--plugin", required=True, help="the example policy's shared library")
    parser.add_argument("--script", required=True, help="the aset-custom-policy program")
    parser.add_argument("--work", required=True, help="scratch folder")
    a = parser.parse_args()
    a.asetrun, a.sweep, a.evaluate = (os.path.join(a.bin, p) for p in ("aset-run", "aset-sweep", "aset-evaluate"))
    a.work = os.path.abspath(fresh(a.work))
    try:
        for step in (script, aset_run, sweep, evaluate, bad_input):
            step(a)
    except Failure as e:
        print(f"FAIL custom-policy: {e}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
