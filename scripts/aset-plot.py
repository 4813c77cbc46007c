#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Draws aset's plots as PNG files from its CSV and JSON outputs (python3-matplotlib).

    aset-plot.py results DIR       the key plots of an aset-run folder, into DIR:
                                   latency-cdf.png, utilisation.png, energy.png
                                   (with energy figures) and, when the aset policy
                                   ran, aset-actions.png
    aset-plot.py latency DIR       latency CDF per policy (DIR/queries-<policy>.csv)
    aset-plot.py utilisation DIR   utilisation per tier and policy (DIR/summary.json)
    aset-plot.py energy DIR        cluster energy per tier and joules per successful
                                   query, per policy (DIR/summary.json)
    aset-plot.py actions DIR       ASET's chosen actions over time against the load
                                   (DIR/actions-aset.csv)
    aset-plot.py sweep DIR         success ratio and p95 latency against offered load,
                                   with 95% CI error bars (DIR/aggregate.csv of aset-sweep)
    aset-plot.py training DIR      training curve (DIR/training-curve.csv of aset-train)
    aset-plot.py DIR               whichever of the above DIR holds
    aset-plot.py --check           exit 0 when matplotlib is available, 3 when not

-o FILE names the PNG of a single plot (default: a fixed name in DIR); a CSV
file may stand for its folder. Exit status: 0 on success, 2 on bad input, 3
when matplotlib is missing (after one notice on standard error).
"""

import argparse
import csv
import json
import math
import os
import sys

UNAVAILABLE = 3
DEBIAN_PYTHON = "/usr/bin/python3"


def _ensure_matplotlib():
    """Re-runs this script under Debian's python3 when this interpreter lacks matplotlib."""
    import importlib.util
    if importlib.util.find_spec("matplotlib") is not None:
        return
    here = os.path.realpath(sys.executable)
    if (os.path.exists(DEBIAN_PYTHON) and here != os.path.realpath(DEBIAN_PYTHON)
            and not os.environ.get("ASET_PLOT_REEXEC")):
        # e.g. a pyenv or venv python3 first on PATH: python3-matplotlib is Debian's.
        os.environ["ASET_PLOT_REEXEC"] = "1"
        os.execv(DEBIAN_PYTHON, [DEBIAN_PYTHON, os.path.abspath(__file__)] + sys.argv[1:])
    sys.stderr.write("note: no plots drawn: python3-matplotlib is not installed "
                     "(Debian: apt-get install python3-matplotlib, or scripts/setup.sh)\n")
    sys.exit(UNAVAILABLE)


def _import_pyplot():
    _ensure_matplotlib()
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


class InputError(Exception):
    pass


TIER_LABELS = {"far-edge": "far edge", "near-edge": "near edge", "cloud": "cloud"}


def read_csv(path):
    try:
        with open(path, newline="") as f:
            return list(csv.DictReader(f))
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror}")


def read_columns(path, columns):
    """The named columns of a CSV file as lists of strings, without a dict per row
    (a per-query file can hold millions of rows)."""
    try:
        with open(path, newline="") as f:
            reader = csv.reader(f)
            header = next(reader, None)
            if header is None:
                return [[] for _ in columns]
            missing = [c for c in columns if c not in header]
            if missing:
                raise InputError(f"{path}: no column {', '.join(missing)}")
            indices = [header.index(c) for c in columns]
            out = [[] for _ in columns]
            for row in reader:
                for values, i in zip(out, indices):
                    values.append(row[i])
            return out
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror}")


def read_summary(folder):
    path = os.path.join(folder, "summary.json")
    try:
        with open(path) as f:
            return json.load(f)
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror}")
    except ValueError as e:
        raise InputError(f"{path}: not JSON: {e}")


def run_title(summary):
    return (f"scenario '{summary.get('scenario', '?')}', load {summary.get('load', '?'):g}, "
            f"{summary.get('duration_s', 0):g} s, seed {summary.get('seed', '?')}")


def save(plt, fig, path):
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    print(f"Wrote {path}")


def plot_latency(plt, folder, out):
    summary = read_summary(folder)
    fig, ax = plt.subplots(figsize=(8, 5))
    deadlines = set()
    upper = 0.0
    for entry in summary["policies"]:
        policy = entry["policy"]
        latency_cells, deadline_cells = read_columns(os.path.join(folder, f"queries-{policy}.csv"),
                                                     ["latency_ms", "deadline_ms"])
        sent = len(latency_cells)
        deadlines.update(float(d) for d in set(deadline_cells))
        latencies = sorted(float(x) for x in latency_cells if x)
        if not latencies:
            continue
        # Over every query sent: the curve tops out at the share answered. At most
        # about 4000 steps are drawn, enough for a smooth curve from a million queries.
        stride = max(1, len(latencies) // 4000)
        picked = list(range(0, len(latencies), stride))
        if picked[-1] != len(latencies) - 1:
            picked.append(len(latencies) - 1)
        ax.step([latencies[i] for i in picked], [(i + 1) / sent for i in picked], where="post",
                label=f"{policy} ({100 * len(latencies) / sent:.1f}% answered)")
        upper = max(upper, latencies[min(len(latencies) - 1, int(0.995 * len(latencies)))])
    for d in sorted(deadlines):
        ax.axvline(d, color="grey", linestyle=":", linewidth=1)
        ax.annotate(f"deadline {d:g} ms", (d, 0.02), rotation=90, fontsize=8, color="grey",
                    xytext=(3, 0), textcoords="offset points")
    if upper > 0:
        ax.set_xlim(0, max(upper, max(deadlines, default=0)) * 1.1)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("end-to-end latency (ms)")
    ax.set_ylabel("fraction of queries sent answered within x")
    ax.set_title(f"Latency CDF per policy\n{run_title(summary)}")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="lower right")
    save(plt, fig, out)


def plot_utilisation(plt, folder, out):
    summary = read_summary(folder)
    policies = summary["policies"]
    tiers = []
    for entry in policies:
        for tier in entry.get("utilisation", {}):
            if tier not in tiers:
                tiers.append(tier)
    if not tiers:
        raise InputError(f"{folder}/summary.json has no utilisation (written by an older aset-run?)")
    fig, ax = plt.subplots(figsize=(8, 5))
    width = 0.8 / max(1, len(policies))
    for i, entry in enumerate(policies):
        xs = [t + (i - (len(policies) - 1) / 2) * width for t in range(len(tiers))]
        values = [100 * entry.get("utilisation", {}).get(tier, 0) for tier in tiers]
        ax.bar(xs, values, width, label=entry["policy"])
    ax.set_xticks(range(len(tiers)))
    ax.set_xticklabels([TIER_LABELS.get(t, t) for t in tiers])
    ax.set_ylim(0, 100)
    ax.set_xlabel("tier")
    ax.set_ylabel("utilisation (% of replica time busy)")
    ax.set_title(f"Utilisation per tier while queries arrive\n{run_title(summary)}")
    ax.grid(axis="y", alpha=0.3)
    ax.legend(fontsize=8, ncol=2)
    save(plt, fig, out)


def plot_actions(plt, folder, out):
    path = os.path.join(folder, "actions-aset.csv")
    time_cells, scheduler_cells, action_cells, name_cells, query_cells = read_columns(
        path, ["time_s", "scheduler", "action", "action_name", "queries"])
    if not time_cells:
        raise InputError(f"{path} has no decision")
    names = sorted(set(zip(map(int, action_cells), name_cells)))  # by action index
    column = {name: i for i, (_, name) in enumerate(names)}
    times = [float(t) for t in time_cells]
    start, end = min(times), max(times)
    # A round bin width, at most about 200 bins; bins start at a multiple of it.
    bin_s = next(w for w in (0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 1e9) if w >= (end - start) / 200)
    origin = math.floor(start / bin_s) * bin_s
    bins = int((end - origin) // bin_s) + 1
    share = [[0] * bins for _ in names]
    decisions = [0] * bins
    schedulers = sorted({int(s) for s in set(scheduler_cells)})
    arrivals = {s: [0] * bins for s in schedulers}
    for t, s, name, q in zip(times, scheduler_cells, name_cells, query_cells):
        b = min(bins - 1, int((t - origin) // bin_s))
        share[column[name]][b] += 1
        decisions[b] += 1
        arrivals[int(s)][b] += int(q)
    centres = [origin + (b + 0.5) * bin_s for b in range(bins)]
    # The first and last bins cover only part of their width: rates use the part covered.
    covered = [min(origin + (b + 1) * bin_s, end) - max(origin + b * bin_s, start) for b in range(bins)]
    covered = [c if c > 0.1 * bin_s else float("nan") for c in covered]
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(9, 6.5), sharex=True,
                                      gridspec_kw={"height_ratios": [3, 2]})
    stacks = [[100 * counts[b] / decisions[b] if decisions[b] else 0 for b in range(bins)] for counts in share]
    top.stackplot(centres, stacks, labels=[name for _, name in names], step="mid")
    top.set_ylim(0, 100)
    top.set_ylabel(f"decisions per action (%)\nin {bin_s:g} s bins")
    top.set_title(f"ASET's chosen action over time against the load ({len(schedulers)} schedulers)")
    top.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    if len(schedulers) <= 4:  # more would hide each other
        for s in schedulers:
            bottom.step(centres, [a / c for a, c in zip(arrivals[s], covered)], where="mid", label=f"scheduler {s}")
    bottom.step(centres, [sum(arrivals[s][b] for s in schedulers) / covered[b] for b in range(bins)],
                where="mid", color="black", label="all schedulers")
    bottom.set_xlabel("simulated time (s)")
    bottom.set_ylabel("queries received (1/s)")
    bottom.set_ylim(bottom=0)
    bottom.grid(alpha=0.3)
    bottom.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    save(plt, fig, out)


def _number(text):
    return float(text) if text not in ("", None) else float("nan")


def plot_sweep(plt, folder, out):
    path = os.path.join(folder, "aggregate.csv")
    rows = read_csv(path)
    if not rows:
        raise InputError(f"{path} has no point")
    for column in ("policy", "load", "success_ratio_mean", "success_ratio_ci95"):
        if column not in rows[0]:
            raise InputError(f"{path}: no column '{column}'")
    policies = []
    for r in rows:
        if r["policy"] not in policies:
            policies.append(r["policy"])
    has_latency = "latency_p95_ms_mean" in rows[0]
    fig, axes = plt.subplots(1, 2 if has_latency else 1, figsize=(12 if has_latency else 7, 5), squeeze=False)
    success, latency = axes[0][0], axes[0][1] if has_latency else None
    for policy in policies:
        points = sorted((float(r["load"]), r) for r in rows if r["policy"] == policy)
        loads = [p[0] for p in points]
        success.errorbar(loads, [100 * _number(p[1]["success_ratio_mean"]) for p in points],
                         yerr=[100 * (_number(p[1]["success_ratio_ci95"]) or 0) for p in points],
                         marker="o", capsize=3, label=policy)
        if latency is not None:
            latency.errorbar(loads, [_number(p[1]["latency_p95_ms_mean"]) for p in points],
                             yerr=[_number(p[1]["latency_p95_ms_ci95"]) for p in points],
                             marker="o", capsize=3, label=policy)
    runs = sorted({int(r["runs"]) for r in rows})
    failed = sum(int(r.get("failed") or 0) for r in rows)
    note = f"mean ± 95% CI over {'/'.join(map(str, runs))} seeds" + (f"; {failed} failed jobs left out" if failed else "")
    success.set_xlabel("offered load (x the scenario's query rate)")
    success.set_ylabel("success ratio (%)")
    success.set_ylim(0, 102)
    success.set_title(f"Success ratio against offered load\n{note}")
    success.grid(alpha=0.3)
    success.legend(fontsize=8)
    if latency is not None:
        latency.set_xlabel("offered load (x the scenario's query rate)")
        latency.set_ylabel("95th percentile latency (ms)")
        latency.set_ylim(bottom=0)
        latency.set_title(f"p95 latency of answered queries\n{note}")
        latency.grid(alpha=0.3)
        latency.legend(fontsize=8)
    save(plt, fig, out)


def moving_average(values, window):
    out = []
    total = 0.0
    for i, v in enumerate(values):
        total += v
        if i >= window:
            total -= values[i - window]
        out.append(total / min(i + 1, window))
    return out


def plot_training(plt, folder, out):
    path = os.path.join(folder, "training-curve.csv")
    rows = read_csv(path)
    if not rows:
        raise InputError(f"{path} has no episode")
    episodes = [int(r["episode"]) for r in rows]
    success = [100 * float(r["success_ratio"]) for r in rows]
    reward = [float(r["mean_reward"]) for r in rows]
    epsilon = [float(r["epsilon"]) for r in rows]
    window = min(len(rows), max(5, len(rows) // 20))
    fig, ax = plt.subplots(figsize=(9, 5))
    ax.plot(episodes, success, color="tab:blue", alpha=0.25, linewidth=0.8, label="success ratio per episode")
    ax.plot(episodes, moving_average(success, window), color="tab:blue",
            label=f"success ratio, moving mean of {window}")
    ax.plot(episodes, [100 * x for x in moving_average(reward, window)], color="tab:green",
            label=f"mean reward x 100, moving mean of {window}")
    ax.set_xlabel("episode")
    ax.set_ylabel("success ratio / reward (%)")
    ax.set_ylim(0, 102)
    ax.grid(alpha=0.3)
    right = ax.twinx()
    right.plot(episodes, epsilon, color="tab:red", linestyle="--", label="exploration rate epsilon")
    right.set_ylabel("epsilon")
    right.set_ylim(0, 1.02)
    lines = ax.get_legend_handles_labels()
    more = right.get_legend_handles_labels()
    ax.legend(lines[0] + more[0], lines[1] + more[1], fontsize=8, loc="upper center",
              bbox_to_anchor=(0.5, -0.13), ncol=2)
    ax.set_title("ASET training curve (each episode: randomised load and conditions)")
    save(plt, fig, out)


def has_energy(summary):
    return any(entry.get("energy_j") for entry in summary["policies"])


def plot_energy(plt, folder, out):
    summary = read_summary(folder)
    policies = summary["policies"]
    if not has_energy(summary):
        raise InputError(f"{folder}/summary.json has no energy figures (no power model, "
                         "or written by an older aset-run)")
    tiers = []
    for entry in policies:
        for tier in entry.get("energy_j") or {}:
            if tier not in tiers:
                tiers.append(tier)
    names = [entry["policy"] for entry in policies]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 5))
    bottom = [0.0] * len(policies)
    for tier in tiers:
        values = [(entry.get("energy_j") or {}).get(tier, 0) / 1000 for entry in policies]
        left.bar(names, values, 0.6, bottom=bottom, label=TIER_LABELS.get(tier, tier))
        bottom = [b + v for b, v in zip(bottom, values)]
    left.set_ylim(0, 1.2 * max(bottom + [1e-9]))  # room for the legend above the bars
    left.set_ylabel("cluster energy in the query window (kJ)")
    left.set_title("Energy per tier")
    left.legend(fontsize=8, ncol=len(tiers), loc="upper center")
    per_success = [entry.get("energy_per_success_j") for entry in policies]
    right.bar(names, [v if v is not None else 0 for v in per_success], 0.6, color="tab:gray")
    for i, v in enumerate(per_success):
        if v is None:
            right.annotate("no success", (i, 0), ha="center", va="bottom", fontsize=8)
    right.set_ylabel("joules per successful query")
    right.set_title("Energy per successful query")
    for ax in (left, right):
        ax.grid(axis="y", alpha=0.3)
        ax.tick_params(axis="x", labelrotation=30)
    fig.suptitle(run_title(summary), fontsize=9)
    save(plt, fig, out)


PLOTS = {
    "latency": (plot_latency, "latency-cdf.png"),
    "utilisation": (plot_utilisation, "utilisation.png"),
    "energy": (plot_energy, "energy.png"),
    "actions": (plot_actions, "aset-actions.png"),
    "sweep": (plot_sweep, "success-vs-load.png"),
    "training": (plot_training, "training-curve.png"),
}


def folder_of(path):
    return path if os.path.isdir(path) else os.path.dirname(os.path.abspath(path))


def detect(folder):
    """The plots a folder's files allow, by the files aset's programs write."""
    if os.path.exists(os.path.join(folder, "summary.json")):
        return (["latency", "utilisation"]
                + (["energy"] if has_energy(read_summary(folder)) else [])
                + (["actions"] if os.path.exists(os.path.join(folder, "actions-aset.csv")) else []))
    if os.path.exists(os.path.join(folder, "aggregate.csv")):
        return ["sweep"]
    if os.path.exists(os.path.join(folder, "training-curve.csv")):
        return ["training"]
    raise InputError(f"{folder}: no summary.json, aggregate.csv or training-curve.csv to plot")


def main(argv):
    if argv == ["--check"]:
        _ensure_matplotlib()
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("what", help="results, latency, utilisation, energy, actions, sweep, training, or a folder")
    parser.add_argument("path", nargs="?", help="folder (or a CSV file in it)")
    parser.add_argument("-o", "--output", help="PNG file of a single plot")
    args = parser.parse_args(argv)
    if args.path is None:
        args.what, args.path = "auto", args.what
    if args.what not in PLOTS and args.what not in ("results", "auto"):
        parser.error(f"unknown plot '{args.what}'")
    folder = folder_of(args.path)
    if not os.path.isdir(folder):
        raise InputError(f"{args.path}: no such folder")
    kinds = [args.what] if args.what in PLOTS else detect(folder)
    if args.output and len(kinds) > 1:
        parser.error("-o names one PNG; this draws " + ", ".join(kinds))
    plt = _import_pyplot()
    for kind in kinds:
        draw, name = PLOTS[kind]
        draw(plt, folder, args.output or os.path.join(folder, name))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except (InputError, KeyError) as e:
        sys.stderr.write(f"aset-plot: error: {e if isinstance(e, InputError) else 'missing field ' + str(e)}\n")
        sys.exit(2)
