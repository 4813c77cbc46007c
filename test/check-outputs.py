#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""End-to-end checks of aset-sweep, aset-evaluate and the plots (scripts/aset-plot.py).

    check-outputs.py <check> --bin BUILD/bin --source REPO --work DIR

Checks:
  plots             aset-run (plots on, as by default) and a two-episode aset-train; the PNGs
                    exist and are valid PNGs of a sensible size
  sweep-job-list    --list-only writes one runnable aset-run command line per job, options
                    passed through verbatim; one line run by sh gives that job's summary.json
  sweep-run         2 policies x 2 loads x 2 seeds in parallel; aggregate.csv and .json agree
                    with mean and 95% CI computed here from the jobs' summary.json files
  sweep-aggregate   (after sweep-run) --aggregate-only gives the same aggregate; with one
                    summary.json removed and one corrupted, both jobs are reported as failed
                    and left out of the means
  sweep-failed-job  a job that fails is reported (exit status 1, aggregate.json) and not averaged
  evaluate          aset-evaluate on a variant and a scenario file: both conditions in
                    evaluation.csv and .md, the same bytes with --jobs=1 and --jobs=2, each
                    condition's own duration with --duration=0; a bad file stops it with exit
                    status 2 naming the file, a failed run with 1 naming condition and seed
  train-validation  aset-train validates the greedy agent once exploration has decayed and keeps
                    the best: validation.csv marks an agent kept exactly when its score beats all
                    before it, the kept agent is the last state only when the last was kept, and
                    a resumed training appends and keeps only what beats the earlier best
  train-networks    aset-train's built-in mix (with and without --variants) and
                    --scenario=teaching.json train, the curve naming each episode's conditions in
                    its last column; a resumed training replays the draws of the episodes done; a
                    bad scenario file, or a curve without that column to resume, stops it with
                    exit status 2
  cookbook          every what-if recipe in data/scenarios/cookbook asks its question ("What
                    if ...?") and runs (10 s, outcomes adding up), with outcomes other than the
                    default scenario's at the same load
  bad-options       every program refuses each bad command-line value (values ns-3 would wrap,
                    abort on or hang with) with exit status 2 and one line naming the option,
                    within seconds

Exit status: 0 pass, 1 fail, 77 skipped (matplotlib missing, for the plot checks).
"""

import argparse
import csv
import json
import math
import os
import shlex
import statistics
import struct
import sys
import zipfile

from check_common import Failure, check, fresh, run

SKIP = 77
# Two-sided 95% Student t quantiles, t(0.975; df), from printed tables.
T975 = {1: 12.706204736, 2: 4.302652730, 3: 3.182446305, 4: 2.776445105, 5: 2.570581836,
        6: 2.446911851, 7: 2.364624252, 8: 2.306004135, 9: 2.262157163}
OUTCOMES = ["failed_deadline", "failed_accuracy", "rejected", "dropped", "lost", "in_flight"]


def check_png(path, min_width=600, min_height=400, min_bytes=10000):
    check(os.path.isfile(path), f"{path} was not written")
    with open(path, "rb") as f:
        head = f.read(24)
    check(head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG")
    check(head[12:16] == b"IHDR", f"{path} has no IHDR chunk")
    width, height = struct.unpack(">II", head[16:24])
    size = os.path.getsize(path)
    check(width >= min_width and height >= min_height, f"{path} is {width}x{height} pixels, too small to read")
    check(size >= min_bytes, f"{path} is {size} bytes: an empty plot?")
    print(f"ok {os.path.basename(path)}: {width}x{height} px, {size} bytes")


def matplotlib_available(a):
    return run([sys.executable, a.plot, "--check"], expect=None).returncode == 0


def plots(a):
    if not matplotlib_available(a):
        print("SKIP: python3-matplotlib is not installed (scripts/setup.sh installs it)")
        return SKIP
    out = fresh(os.path.join(a.work, "plots"))
    results = os.path.join(out, "results")
    # A two-episode agent of this build, not the shipped one: the plots do not depend on
    # how well it schedules, and the shipped agent may lag behind changes to the observation.
    train = os.path.join(out, "train")
    run([a.train, "--episodes=2", "--episode-duration=0.5", "--eval-seeds=0", f"--output={train}"])
    run([sys.executable, a.plot, train])
    check_png(os.path.join(train, "training-curve.png"))
    agent = f"--aset-checkpoint={os.path.join(train, 'aset-policy.pt')}"
    p = run([a.asetrun, "--duration=1", "--policy=closest,least-loaded,aset", agent, f"--output={results}"])
    for name in ("latency-cdf.png", "utilisation.png", "energy.png", "aset-actions.png"):
        check(f"Wrote {os.path.join(results, name)}" in p.stdout, f"aset-run did not report {name}:\n{p.stdout}")
        check_png(os.path.join(results, name))
    actions = list(csv.DictReader(open(os.path.join(results, "actions-aset.csv"))))
    summary = json.load(open(os.path.join(results, "summary.json")))
    sent = summary["policies"][-1]["sent"]
    # The default action space (instance): a decision per query, named by the chosen instance's tier group.
    check(len(actions) > sent / 2, f"actions-aset.csv: a decision per query expected, {len(actions)} for {sent}")
    check({r["action_name"] for r in actions} <= {"far-edge", "near-edge", "cloud"},
          f"actions-aset.csv: actions other than tier groups: {sorted({r['action_name'] for r in actions})}")
    check(sum(int(r["queries"]) for r in actions) == sent,
          "actions-aset.csv: the decisions' queries must add up to the queries sent")
    check(all(int(r["shielded"]) <= int(r["queries"]) for r in actions),
          "actions-aset.csv: a decision cannot have more shielded queries than queries")
    # The policy space: a decision every 10 ms per scheduler; the shield moves only
    # queries of its delegates' periods (AsetPolicy::ShieldedDelegates).
    policy = os.path.join(out, "policy-space")
    run([a.train, "--episodes=1", "--episode-duration=0.5", "--eval-seeds=0",
         "--ns3::AsetPolicy::ActionSpace=policy", f"--output={policy}-train"])
    run([a.asetrun, "--duration=1", "--policy=aset", f"--aset-checkpoint={os.path.join(policy + '-train', 'aset-policy.pt')}",
         "--plots=false", "--ns3::AsetPolicy::ActionSpace=policy", f"--output={policy}"])
    actions = list(csv.DictReader(open(os.path.join(policy, "actions-aset.csv"))))
    sent = json.load(open(os.path.join(policy, "summary.json")))["policies"][-1]["sent"]
    check(100 < len(actions) < sent / 2, "actions-aset.csv: a decision every 10 ms per scheduler expected")
    check(sum(int(r["queries"]) for r in actions) == sent,
          "actions-aset.csv: the decisions' queries must add up to the queries sent")
    check(all(int(r["shielded"]) <= int(r["queries"]) for r in actions),
          "actions-aset.csv: a decision cannot have more shielded queries than queries")
    check(all(r["shielded"] == "0" for r in actions
              if r["action_name"] not in ("closest", "random", "round-robin", "least-loaded")),
          "actions-aset.csv: the shield moved a query of an unshielded delegate")
    # --plots=false draws nothing.
    quiet = os.path.join(out, "quiet")
    run([a.asetrun, "--duration=0.5", "--policy=closest", f"--output={quiet}", "--plots=false"])
    check(not any(n.endswith(".png") for n in os.listdir(quiet)), "--plots=false drew plots")
    return 0


def job_words(line):
    words = shlex.split(line)
    options = dict(w[2:].split("=", 1) for w in words[1:] if w.startswith("--") and "=" in w)
    return words, options


def sweep_job_list(a):
    out = fresh(os.path.join(a.work, "sweep-list-'q'$HOME"))  # no space: ns-3 reads option values up to one
    passed = ["--variant=light", "--duration=0.5", "--ns3::AsetPolicy::Discount=0.9", "--run=2"]
    run([a.sweep, "--list-only", "--policies=closest,random", "--loads=0.5,1.50", "--seeds=2",
         f"--output={out}"] + passed)
    check(not os.path.exists(os.path.join(out, "jobs")), "--list-only ran jobs")
    lines = open(os.path.join(out, "jobs.txt")).read().splitlines()
    check(len(lines) == 8, f"2 x 2 x 2 jobs expected, jobs.txt has {len(lines)} lines")
    seen = set()
    for line in lines:
        words, options = job_words(line)
        check(os.path.basename(words[0]) == "aset-run" and os.access(words[0], os.X_OK),
              f"a job line must start with the aset-run program: {line}")
        for option in passed:
            check(option in words, f"{option} not passed through verbatim: {line}")
        key = (options["policy"], options["load"], options["seed"])
        check(options["load"] in ("0.5", "1.5") and options["seed"] in ("1", "2"), f"bad load or seed: {line}")
        check(os.path.isabs(options["output"]) and options["output"].startswith(os.path.abspath(out)),
              f"the job's --output must be an absolute folder below the sweep's: {line}")
        seen.add(key)
    check(len(seen) == 8, "every (policy, load, seed) once")
    # A line is a complete command: run one as a shell would.
    words, options = job_words(lines[-1])
    run(["sh", "-c", lines[-1]])
    summary = json.load(open(os.path.join(options["output"], "summary.json")))
    check(summary["scenario"] == "light" and summary["seed"] == 2 and summary["run"] == 2 and
          abs(summary["load"] - 1.5) < 1e-9 and summary["duration_s"] == 0.5 and
          [p["policy"] for p in summary["policies"]] == ["random"],
          f"the job's summary.json does not match its line: {summary}")
    # The sweep sets --policy, --load, --seed and --output of each job itself.
    p = run([a.sweep, "--list-only", f"--output={out}", "--load=2"], expect=2)
    check("--loads" in p.stderr, f"--load should be refused with a hint to --loads: {p.stderr}")
    print("ok jobs.txt: 8 runnable lines")
    return 0


def mean_ci(values):
    n = len(values)
    m = statistics.fmean(values)
    return m, (T975[n - 1] * statistics.stdev(values) / math.sqrt(n) if n > 1 else 0.0)


def expected_aggregate(jobs_dir, skip=()):
    """(policy, load) -> metric -> samples, computed here from the jobs' summary.json files."""
    points = {}
    for job in sorted(os.listdir(jobs_dir)):
        if job in skip:
            continue
        summary = json.load(open(os.path.join(jobs_dir, job, "summary.json")))
        (entry,) = summary["policies"]
        metrics = points.setdefault((entry["policy"], f"{summary['load']:g}"), {})
        values = {"success_ratio": entry["success_ratio"], "sent": entry["sent"]}
        values.update({f"share_{o}": entry[o] / entry["sent"] for o in OUTCOMES})
        values.update({f"latency_{p}_ms": entry["latency_ms"][p] for p in ("p50", "p95", "p99")})
        values.update({"utilisation_" + t.replace("-", "_"): u for t, u in entry["utilisation"].items()})
        for k, v in values.items():
            metrics.setdefault(k, []).append(v)
    return points


def compare_aggregate(out, expected, failed=None):
    failed = failed or {}
    rows = list(csv.DictReader(open(os.path.join(out, "aggregate.csv"))))
    agg = json.load(open(os.path.join(out, "aggregate.json")))
    check(len(rows) == len(expected) == len(agg["points"]), f"{len(expected)} points expected, got {len(rows)}")
    compared = 0
    for row, point in zip(rows, agg["points"]):
        key = (row["policy"], row["load"])
        check(key in expected, f"unexpected point {key}")
        check(point["policy"] == row["policy"] and f"{point['load']:g}" == row["load"], "CSV and JSON disagree")
        runs = len(expected[key]["success_ratio"])
        check(int(row["runs"]) == runs == point["runs"], f"{key}: runs {row['runs']}, expected {runs}")
        check(int(row["failed"]) == failed.get(key, 0) == len(point["failed_jobs"]),
              f"{key}: failed {row['failed']}, expected {failed.get(key, 0)}")
        for metric, samples in expected[key].items():
            m, ci = mean_ci(samples)
            for got, want, what in ((float(row[f"{metric}_mean"]), m, "mean"),
                                    (float(row[f"{metric}_ci95"]), ci, "ci95"),
                                    (point["metrics"][metric]["mean"], m, "mean"),
                                    (point["metrics"][metric]["ci95"], ci, "ci95")):
                check(abs(got - want) <= 2e-6 * max(1, abs(want)), f"{key} {metric} {what}: {got}, expected {want}")
                compared += 1
    return compared


def sweep_run(a):
    out = fresh(os.path.join(a.work, "sweep"))
    p = run([a.sweep, "--policies=closest,least-loaded", "--loads=1,2", "--seeds=2", "--duration=0.5", "--jobs=2",
             f"--output={out}"])
    check("8 of 8 jobs succeeded" in p.stdout, p.stdout)
    expected = expected_aggregate(os.path.join(out, "jobs"))
    check(len(expected) == 4, f"4 points expected: {sorted(expected)}")
    # Different seeds give different runs, so the intervals are real ones.
    check(any(mean_ci(m["success_ratio"])[1] > 0 or mean_ci(m["latency_p95_ms"])[1] > 0 for m in expected.values()),
          "all seeds gave identical results")
    print(f"ok aggregate: {compare_aggregate(out, expected)} figures match the independent computation")
    if matplotlib_available(a):
        run([sys.executable, a.plot, out])
        check_png(os.path.join(out, "success-vs-load.png"))
    return 0


def sweep_aggregate(a):
    out = os.path.join(a.work, "sweep")
    check(os.path.exists(os.path.join(out, "aggregate.csv")), "run the sweep-run check first")
    before = open(os.path.join(out, "aggregate.csv")).read()
    run([a.sweep, "--aggregate-only", f"--output={out}"])
    check(open(os.path.join(out, "aggregate.csv")).read() == before, "--aggregate-only changed the aggregate")
    jobs = os.path.join(out, "jobs")
    expected = expected_aggregate(jobs, skip=("closest-load1-seed2", "least-loaded-load2-seed1"))
    os.remove(os.path.join(jobs, "closest-load1-seed2", "summary.json"))
    with open(os.path.join(jobs, "least-loaded-load2-seed1", "summary.json"), "w") as f:
        f.write('{"scenario": "default", "seed": 1, "load": 2, "policies": [')
    p = run([a.sweep, "--aggregate-only", f"--output={out}"], expect=1)
    for job in ("closest-load1-seed2", "least-loaded-load2-seed1"):
        check(f"failed job {job}" in p.stderr, f"{job} not reported:\n{p.stderr}")
    agg = json.load(open(os.path.join(out, "aggregate.json")))
    check(agg["jobs"] == 8 and agg["failed"] == 2 and agg["succeeded"] == 6, f"counts: {agg}")
    reasons = {f["job"]: f["reason"] for f in agg["failed_jobs"]}
    check("no " in reasons.get("closest-load1-seed2", "") and "summary.json" in reasons.get("least-loaded-load2-seed1", ""),
          f"reasons: {reasons}")
    compared = compare_aggregate(out, expected, failed={("closest", "1"): 1, ("least-loaded", "2"): 1})
    print(f"ok --aggregate-only: 2 failed jobs reported, {compared} figures over the other 6 match")
    return 0


def sweep_failed_job(a):
    out = fresh(os.path.join(a.work, "sweep-failed"))
    p = run([a.sweep, "--policies=closest,aset", "--loads=1", "--seeds=1", "--duration=0.5",
             "--aset-checkpoint=/nonexistent/agent.pt", f"--output={out}"], expect=1)
    check("aset-load1-seed1 failed with exit status 2" in p.stderr, f"the failure was not reported:\n{p.stderr}")
    agg = json.load(open(os.path.join(out, "aggregate.json")))
    check(agg["failed"] == 1 and agg["failed_jobs"][0]["job"] == "aset-load1-seed1", f"{agg}")
    check("aset-run: error" in agg["failed_jobs"][0]["reason"], "the reason should quote aset-run's error")
    rows = {r["policy"]: r for r in csv.DictReader(open(os.path.join(out, "aggregate.csv")))}
    check(rows["aset"]["runs"] == "0" and rows["aset"]["failed"] == "1" and rows["aset"]["success_ratio_mean"] == "",
          f"the failed point must be empty, not averaged: {rows['aset']}")
    check(rows["closest"]["runs"] == "1" and rows["closest"]["failed"] == "0", f"{rows['closest']}")
    print("ok a failing job is reported and left out")
    return 0


def evaluate(a):
    out = fresh(os.path.join(a.work, "evaluate"))
    small = os.path.join(out, "small.json")
    with open(small, "w") as f:
        json.dump({"extends": os.path.join(a.source, "data", "scenarios", "default.json"), "name": "small-file",
                   "workload": {"load": 1.5}, "timing": {"duration": "0.4s"}}, f)
    command = [a.evaluate, "--variants=light", f"--scenarios={small}", "--seeds=1", "--duration=0.5"]
    files = {}
    for jobs in (1, 2):
        folder = os.path.join(out, f"jobs-{jobs}")
        run(command + [f"--jobs={jobs}", f"--output={folder}"])
        files[jobs] = [open(os.path.join(folder, n), "rb").read() for n in ("evaluation.csv", "evaluation.md")]
    check(files[1] == files[2], "--jobs=1 and --jobs=2 wrote different evaluation.csv or evaluation.md")
    rows = list(csv.DictReader(open(os.path.join(out, "jobs-1", "evaluation.csv"))))
    check(list(rows[0]) == ["condition", "seed", "policy", "sent", "success_ratio"], f"columns: {list(rows[0])}")
    policies = [r["policy"] for r in rows if r["condition"] == "light"]
    check("aset" in policies and "closest" in policies, f"policies: {policies}")
    check([(r["condition"], r["policy"]) for r in rows] ==
          [(c, p) for c in ("light", "small-file") for p in policies], f"rows: {rows}")
    md = files[1][1].decode()
    check(f"| condition | {' | '.join(policies)} |" in md, f"the table's header:\n{md}")
    check("| light |" in md and "| small-file |" in md and "0.5 s of queries per run;" in md, md)
    sent = {r["condition"]: int(r["sent"]) for r in rows}
    # The file's load (1.5) against light's (0.5), over the same 0.5 s.
    check(2 * sent["light"] < sent["small-file"], f"queries sent: {sent}")
    # --duration=0 (the default): each condition's own, here the file's 0.4 s.
    own = os.path.join(out, "own")
    run([a.evaluate, "--variants=", f"--scenarios={small}", "--seeds=1", f"--output={own}"])
    own_rows = list(csv.DictReader(open(os.path.join(own, "evaluation.csv"))))
    check({r["condition"] for r in own_rows} == {"small-file"} and int(own_rows[0]["sent"]) < sent["small-file"],
          f"--duration=0 should run the file's 0.4 s: {own_rows[0]}")
    check("0.4 s of queries per run" in open(os.path.join(own, "evaluation.md")).read(), "the table's duration")
    # A folder stands for its .json files, in name order; an empty one is an error that names it.
    folder = fresh(os.path.join(out, "conditions"))
    for name in ("b-file", "a-file"):
        with open(os.path.join(folder, name + ".json"), "w") as f:
            json.dump({"extends": small, "name": name}, f)
    listed = os.path.join(out, "listed")
    run([a.evaluate, "--variants=", f"--scenarios={folder}", "--seeds=1", "--duration=0.2", f"--output={listed}"])
    order = [r["condition"] for r in csv.DictReader(open(os.path.join(listed, "evaluation.csv")))]
    check(order == sorted(order) and set(order) == {"a-file", "b-file"}, f"conditions of a folder: {order}")
    empty = fresh(os.path.join(out, "empty"))
    p = run([a.evaluate, "--variants=", f"--scenarios={empty}", f"--output={listed}"], expect=2)
    check(p.stderr.startswith(f"aset-evaluate: error: {empty}") and p.stderr.count("\n") == 1, p.stderr)
    # A bad file stops everything before the first run, naming the file and field.
    bad = os.path.join(out, "bad.json")
    with open(bad, "w") as f:
        f.write('{"workload": {"rate": "abc"}}')
    p = run(command + [f"--scenarios={small},{bad}", f"--output={own}"], expect=2)
    check(p.stderr.startswith(f"aset-evaluate: error: {bad}: field 'workload.rate'") and p.stderr.count("\n") == 1,
          f"the error should be one line naming the file: {p.stderr}")
    # A run that fails in its child process is reported with its condition, seed and error, and
    # no table is left from an earlier evaluation in the folder.
    p = run(command + ["--aset-checkpoint=/nonexistent/agent.pt", f"--output={own}"], expect=1)
    check("condition 'light' seed 1 failed (exit status 2): /nonexistent/agent.pt" in p.stderr, p.stderr)
    check(not os.path.exists(os.path.join(own, "evaluation.csv")), "a stale evaluation.csv was left")
    print(f"ok evaluation of {len(rows)} runs, identical with 1 and 2 jobs")
    return 0


def validation_rows(folder):
    return [(int(r["episode"]), float(r["score"]), r["kept"] == "1")
            for r in csv.DictReader(open(os.path.join(folder, "validation.csv")))]


def check_kept_is_running_best(rows, best=-math.inf):
    for episode, score, kept in rows:
        check(kept == (score > best),
              f"validation.csv: episode {episode} scored {score} against a best of {best}, kept={kept}")
        best = max(best, score)
    return best


def checkpoint_contents(path):
    """A torch::save archive's records; its top folder is named after the file, so left out."""
    with zipfile.ZipFile(path) as z:
        return {name.split("/", 1)[1]: z.read(name) for name in z.namelist()}


def train_validation(a):
    out = fresh(os.path.join(a.work, "train-validation"))
    start, end = 1e-3, 1e-4
    train = [a.train, "--episode-duration=0.5", "--validate-every=1", "--validation-size=2",
             "--eval-seeds=0", f"--output={out}", f"--ns3::AsetPolicy::LearningRate={start}",
             f"--ns3::AsetPolicy::LearningRateEnd={end}"]
    p = run(train + ["--episodes=6"])
    rows = validation_rows(out)
    # Epsilon decays over the first third (2 episodes); the greedy agent is validated after each later one.
    check([r[0] for r in rows] == [3, 4, 5, 6], f"validation.csv: episodes {[r[0] for r in rows]}, expected 3-6")
    check(all(-1 <= r[1] <= 1 for r in rows), f"validation.csv: a score outside [-1, 1]: {rows}")
    check(p.stdout.count("validation after episode") == 4, f"aset-train did not report 4 validations:\n{p.stdout}")
    best = check_kept_is_running_best(rows)
    kept = os.path.join(out, "aset-policy.pt")
    last = os.path.join(out, "aset-last.pt")
    same = checkpoint_contents(kept) == checkpoint_contents(last)
    last_kept = max(r[0] for r in rows if r[2]) == 6
    check(same == last_kept, f"aset-policy.pt equals aset-last.pt: {same}, but the last kept episode "
                             f"is{'' if last_kept else ' not'} the last")
    # Both load: the kept agent runs in aset-run, the last state resumes the training.
    run([a.asetrun, "--duration=0.5", "--policy=aset", f"--aset-checkpoint={kept}", "--plots=false",
         f"--output={os.path.join(out, 'run')}"])
    run(train + ["--episodes=2", f"--resume={last}"])
    more = validation_rows(out)
    check(more[:len(rows)] == rows and [r[0] for r in more[len(rows):]] == [7, 8],
          f"a resumed training must append validations 7 and 8: {more}")
    check_kept_is_running_best(more[len(rows):], best)
    # Adam's step size falls linearly over the training, from LearningRate to LearningRateEnd; a
    # resumed training continues the schedule over all its episodes (here 8, so 7 and 8 use 6/7 and 7/7).
    rates = [float(r["learning_rate"]) for r in csv.DictReader(open(os.path.join(out, "training-curve.csv")))]
    expected = [start + (end - start) * k / 5 for k in range(6)] + [start + (end - start) * k / 7 for k in (6, 7)]
    check(len(rates) == 8 and all(math.isclose(r, x, rel_tol=1e-5) for r, x in zip(rates, expected)),
          f"training-curve.csv: learning rates {rates}, expected {expected}")
    print(f"ok {len(more)} validations, scores {[round(r[1], 4) for r in more]}")
    return 0


def train_networks(a):
    out = fresh(os.path.join(a.work, "train-networks"))
    common = [a.train, "--episode-duration=1", "--eval-seeds=0", "--validate-every=0"]
    train = common + ["--episodes=2"]
    teaching = os.path.join(a.source, "data", "scenarios", "teaching.json")
    columns = ["episode", "run", "load", "epsilon", "learning_rate", "decisions", "mean_reward", "success_ratio",
               "learn_steps", "wall_s", "conditions"]
    for name, options, prefixes in (("mix", [], ("around ", "gen ", "small.inet ")),
                                    ("networks", ["--variants=none"], ("gen ", "small.inet ")),
                                    ("file", [f"--scenario={teaching}"], ("teaching load-x",))):
        folder = os.path.join(out, name)
        run(train + options + [f"--output={folder}"])
        with open(os.path.join(folder, "training-curve.csv")) as f:
            reader = csv.DictReader(f)
            rows = list(reader)
        check(reader.fieldnames == columns, f"{name}: training-curve.csv columns {reader.fieldnames}")
        names = [r["conditions"] for r in rows]
        check(len(rows) == 2 and all(n.startswith(prefixes) for n in names),
              f"{name}: conditions {names}, expected names starting with one of {prefixes}")
        print(f"ok {name}: {names}")
    # A resumed training replays the draws of the episodes done: its third episode is an
    # uninterrupted training's third.
    mix = os.path.join(out, "mix")
    run(common + ["--episodes=1", f"--output={mix}", f"--resume={os.path.join(mix, 'aset-last.pt')}"])
    three = os.path.join(out, "three")
    run(common + ["--episodes=3", f"--output={three}"])
    resumed, whole = ([r["conditions"] for r in csv.DictReader(open(os.path.join(f, "training-curve.csv")))]
                      for f in (mix, three))
    check(resumed == whole, f"resumed conditions {resumed}, uninterrupted {whole}")
    # Bad input stops the training before any episode, on one line naming the file.
    bad = os.path.join(out, "bad.json")
    with open(bad, "w") as f:
        f.write('{"workload": {"load": "heavy"}}')
    p = run(train + [f"--scenario={teaching},{bad}", f"--output={os.path.join(out, 'bad')}"], expect=2)
    check(p.stderr.count("\n") == 1 and bad in p.stderr and "workload.load" in p.stderr
          and "episode" not in p.stdout,
          f"a bad scenario file: one error line naming it expected, got:\n{p.stderr}")
    check(not os.path.exists(os.path.join(out, "bad", "training-curve.csv")), "a bad file still trained")
    old = fresh(os.path.join(out, "old"))
    with open(os.path.join(old, "training-curve.csv"), "w") as f:
        f.write(",".join(columns[:-1]) + "\n1,1,1,0.9,0.0005,10,0.9,0.9,5,0.5\n")
    p = run(train + [f"--output={old}", f"--resume={os.path.join(old, 'aset-last.pt')}"], expect=2)
    check("conditions" in p.stderr, f"resuming a curve without conditions: {p.stderr}")
    print(f"ok bad input: {p.stderr.strip()}")
    return 0


def cookbook(a):
    folder = os.path.join(a.source, "data", "scenarios", "cookbook")
    recipes = sorted(f for f in os.listdir(folder) if f.endswith(".json"))
    check(len(recipes) >= 6, f"{folder}: {len(recipes)} recipes, expected at least 6")
    out = fresh(os.path.join(a.work, "cookbook"))

    def outcomes(name, options):
        folder_out = os.path.join(out, name)
        run([a.asetrun, "--policy=earliest-expected-completion", "--duration=10", "--plots=false",
             "--progress=false", f"--output={folder_out}"] + options)
        with open(os.path.join(folder_out, "summary.json")) as f:
            summary = json.load(f)
        row = summary["policies"][0]
        return summary["load"], (row["sent"], row["succeeded"], row["latency_ms"]["p50"], row["lost"])

    for recipe in recipes:
        path = os.path.join(folder, recipe)
        with open(path) as f:
            description = json.load(f).get("description", "")
        check(description.startswith("What if") and "?" in description,
              f"{recipe}: its description should ask its question ('What if ...?'), got {description!r}")
        load, changed = outcomes(recipe, [f"--scenario={path}"])
        _, default = outcomes(f"default-{recipe}", [f"--load={load}"])
        check(changed != default, f"{recipe}: same outcomes as the default scenario at load {load}: {changed}")
    print(f"ok {len(recipes)} recipes ask their question and change the outcome")
    return 0


# (program, options, what the one error line must name): values that once wrapped
# (--seed=-1), aborted inside ns-3 (--load=1e-12, --ns3::...=abc) or hung (--load=1e300).
BAD_OPTIONS = [
    ("asetrun", ["--seed=-1"], "--seed"),
    ("asetrun", ["--seed=4294944443"], "--seed"),
    ("asetrun", ["--run=-3"], "--run"),
    ("asetrun", ["--load=1e-12"], "--load"),
    ("asetrun", ["--load=1e300"], "--load"),
    ("asetrun", ["--load=abc"], "--load"),
    ("asetrun", ["--duration=1e300"], "--duration"),
    ("asetrun", ["--beacon-interval=1e300"], "--beacon-interval"),
    ("asetrun", ["--load=1000", "--duration=100000"], "workload"),
    ("asetrun", ["--routing=nix"], "--routing"),
    ("asetrun", ["--beacon-scope=near"], "--beacon-scope"),
    ("asetrun", ["--ns3::AsetPolicy::TieMargin=abc"], "--ns3::AsetPolicy::TieMargin"),
    ("asetrun", ["--ns3::SchedulerApplication::ResponseTimeout=1e300s"], "ResponseTimeout"),
    ("asetrun", ["--RngRun=abc"], "--RngRun"),
    ("asetrun", ["--RngSeed=-1"], "--RngSeed"),
    # Old names of the near-edge tier and its gateways name the new ones.
    ("asetrun", ["--variant=metro-throttled"], "is now 'near-edge-throttled'"),
    ("asetrun", ["--policy=closest", "--duration=0.1", "--pcap=metro-0"], "'near-edge-gateway-0'"),
    ("train", ["--variants=default,metro-throttled-peak"], "is now 'near-edge-throttled-peak'"),
    ("evaluate", ["--variants=metro-throttled"], "is now 'near-edge-throttled'"),
    ("train", ["--episodes=-1"], "--episodes"),
    ("train", ["--seed=0"], "--seed"),
    ("train", ["--episode-duration=1e300"], "--episode-duration"),
    ("evaluate", ["--seeds=0"], "--seeds"),
    ("evaluate", ["--jobs=-2"], "--jobs"),
    ("evaluate", ["--ns3::AsetPolicy::Discount=x"], "Discount"),
    ("sweep", ["--jobs=0", "--list-only"], "--jobs"),
    ("sweep", ["--seeds=99999999", "--list-only"], "--seeds"),
    ("sweep", ["--loads=1e300", "--list-only"], "1e300"),
    ("sweep", ["--ns3::AsetPolicy::TieMargin=abc", "--list-only"], "TieMargin"),
    # A text option given empty: refused where it has no meaning, not CommandLine's help text.
    ("asetrun", ["--output="], "--output"),
    ("asetrun", ["--aset-checkpoint="], "--aset-checkpoint"),
    ("asetrun", ["--variant="], "variant ''"),
    ("train", ["--output="], "--output"),
    ("evaluate", ["--aset-checkpoint="], "--aset-checkpoint"),
    ("sweep", ["--aset-run=", "--list-only"], "--aset-run"),
    ("train", ["--scenario=a.json,"], "--scenario"),
    ("evaluate", ["--variants=", "--scenarios=,"], "--scenarios"),
    # A switch takes true or false, not CommandLine's help text.
    ("asetrun", ["--plots=2"], "--plots"),
    ("train", ["--shared=maybe"], "--shared"),
    ("sweep", ["--list-only=sometimes"], "--list-only"),
    # A policy name the scheduler helper would abort on.
    ("quickstart", ["--policy=ns3::NoSuchPolicy"], "--policy"),
    ("asetrun", ["--topology-roles=x.roles"], "--topology"),
]


def bad_options(a):
    out = fresh(os.path.join(a.work, "bad-options"))
    for program, options, named in BAD_OPTIONS:
        args = [getattr(a, program)] + options + [f"--output={out}"]
        p = run(args, expect=2, timeout=60)
        check(p.stderr.count("\n") == 1 and named in p.stderr and "error" in p.stderr,
              f"{' '.join(args)}: one error line naming {named} expected, got:\n{p.stderr}")
    print(f"ok {len(BAD_OPTIONS)} bad command lines refused, each on one line")
    # A text option's value is the whole text after '=', spaces included.
    spaced = os.path.join(out, "a folder with spaces")
    run([a.asetrun, "--policy=closest", "--duration=0.1", "--plots=false", f"--output={spaced}"])
    check(os.path.isfile(os.path.join(spaced, "summary.json")), f"no summary.json in '{spaced}'")
    print("ok a folder name with spaces is taken whole")
    return 0


CHECKS = {"plots": plots, "evaluate": evaluate, "sweep-job-list": sweep_job_list, "sweep-run": sweep_run,
          "sweep-aggregate": sweep_aggregate, "sweep-failed-job": sweep_failed_job, "train-validation": train_validation,
          "train-networks": train_networks, "bad-options": bad_options, "cookbook": cookbook}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("check", choices=sorted(CHECKS))
    parser.add_argument("--bin", required=True, help="folder of aset-run, aset-sweep, aset-train, aset-evaluate and aset-quickstart")
    parser.add_argument("--source", required=True, help="the repository (for scripts/aset-plot.py)")
    parser.add_argument("--work", required=True, help="scratch folder")
    a = parser.parse_args()
    a.asetrun = os.path.join(a.bin, "aset-run")
    a.sweep = os.path.join(a.bin, "aset-sweep")
    a.train = os.path.join(a.bin, "aset-train")
    a.evaluate = os.path.join(a.bin, "aset-evaluate")
    a.quickstart = os.path.join(a.bin, "aset-quickstart")
    a.plot = os.path.join(a.source, "scripts", "aset-plot.py")
    a.work = os.path.abspath(a.work)
    try:
        return CHECKS[a.check](a)
    except Failure as e:
        print(f"FAIL {a.check}: {e}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
