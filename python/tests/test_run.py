# SPDX-License-Identifier: GPL-2.0-only
"""aset.run: summaries as aset-run writes them, and Python callables as policies."""
import json
import os
import subprocess

import pytest

import aset


def test_summary_counts_every_query(short):
    summary = aset.run(policy="closest,random", **short)
    assert [p["policy"] for p in summary["policies"]] == ["closest", "random"]
    assert summary["scenario"] == "default" and summary["seed"] == 3
    outcomes = ("succeeded", "failed_deadline", "failed_accuracy", "rejected", "dropped", "lost",
                "in_flight")
    for p in summary["policies"]:
        assert p["sent"] > 400
        assert sum(p[o] for o in outcomes) == p["sent"]
    closest, random = summary["policies"]
    assert closest["success_ratio"] > random["success_ratio"]


def test_same_summary_as_aset_run(short, tmp_path):
    binary = os.environ.get("ASET_RUN")
    if not binary:
        pytest.skip("ASET_RUN (the aset-run program) not given")
    subprocess.run([binary, "--policy=least-loaded,aset", "--duration=1", "--seed=3",
                    f"--output={tmp_path}", "--plots=false", "--progress=false"],
                   check=True, stdout=subprocess.DEVNULL)
    expected = json.loads((tmp_path / "summary.json").read_text())
    assert aset.run(policy=["least-loaded", "aset"], **short) == expected


def test_same_seed_same_summary(short):
    assert aset.run(policy="aset", **short) == aset.run(policy="aset", **short)


def test_callable_policy_sees_query_and_candidates(short):
    seen = []

    def nearest(query, candidates, features):
        seen.append((query, len(candidates), features.shape))
        return min(range(len(candidates)), key=lambda i: candidates[i]["rtt_s"])

    result = aset.run(policy=nearest, **short)["policies"][0]
    assert result["policy"] == "python:nearest"
    assert len(seen) > 400
    query, count, shape = seen[0]
    assert shape == (count, aset.INSTANCE_FEATURES) and count >= 1
    assert query["context"].shape == (aset.CONTEXT_FEATURES,)
    assert query["deadline_s"] > 0 and query["scheduler"] in (0, 1)
    # Always the farthest candidate instead: a different run.
    farthest = aset.run(policy=lambda q, c, f: max(range(len(c)), key=lambda i: c[i]["rtt_s"]),
                        **short)["policies"][0]
    assert farthest["success_ratio"] != result["success_ratio"]


def test_callable_errors_reach_the_caller(short):
    def broken(query, candidates, features):
        raise KeyError("no such thing")

    with pytest.raises(KeyError, match="no such thing"):
        aset.run(policy=broken, **short)
    with pytest.raises(IndexError, match="policy returned 99"):
        aset.run(policy=lambda q, c, f: 99, **short)
    # The simulator was cleaned up: the next run works.
    assert aset.run(policy="closest", **short)["policies"][0]["sent"] > 400


def test_bad_input_is_named(tmp_path):
    with pytest.raises(ValueError, match="nonsense"):
        aset.run(variant="nonsense", duration=1)
    bad = tmp_path / "bad.json"
    bad.write_text('{"workload": {"load": "lots"}}')
    with pytest.raises(ValueError, match="bad.json"):
        aset.run(scenario=bad, duration=1)
    with pytest.raises(ValueError, match="ns3::AsetPolicy::NoSuchThing"):
        aset.run(policy="aset", duration=1, attributes={"ns3::AsetPolicy::NoSuchThing": 1})
    with pytest.raises(ValueError, match="duration"):
        aset.run(policy="closest", duration=-1)
    for seed in (0, -1, aset.MAX_SEED + 1, 2**64, 1.5):
        with pytest.raises(ValueError, match="seed"):
            aset.run(policy="closest", duration=1, seed=seed)
