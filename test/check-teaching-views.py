#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Runs aset-quickstart and aset-run with --pcap, --netanim and --flowmon and
checks that every file they announce exists and is well formed.

    check-teaching-views.py <aset-run> <aset-quickstart> <work-dir>

pcap: the global header (magic, version 2.4, PPP link type) and every record
header up to the exact end of the file, at least one packet; with tshark
installed, tshark must also read it. NetAnim and FlowMonitor: the XML parses,
and holds the expected nodes (named and laid out by role) and flows. The
results of aset-run with the views must equal those without them.
Exit status 0 when all holds, 1 otherwise (each problem names its file).
"""

import re
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

PPP = 9
problems = []


def problem(text):
    problems.append(text)
    print("  problem: " + text)


def run(command, expect_rc=0):
    print("$ " + " ".join(command))
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if done.returncode != expect_rc:
        problem(f"{command[0]} exited with {done.returncode}, expected {expect_rc}:\n"
                f"{done.stdout}{done.stderr}")
    return done


def check_pcap(path):
    data = path.read_bytes() if path.exists() else None
    if data is None:
        return problem(f"{path}: not written")
    if len(data) < 24:
        return problem(f"{path}: {len(data)} bytes, shorter than a pcap global header")
    magic = data[:4]
    if magic == b"\xd4\xc3\xb2\xa1":
        endian = "<"
    elif magic == b"\xa1\xb2\xc3\xd4":
        endian = ">"
    else:
        return problem(f"{path}: bad pcap magic {magic.hex()}")
    major, minor, _, _, snaplen, linktype = struct.unpack(endian + "HHiIII", data[4:24])
    if (major, minor) != (2, 4):
        problem(f"{path}: pcap version {major}.{minor}, expected 2.4")
    if linktype != PPP:
        problem(f"{path}: link type {linktype}, expected {PPP} (PPP)")
    offset, packets = 24, 0
    while offset < len(data):
        if offset + 16 > len(data):
            return problem(f"{path}: record header {packets} cut short at byte {offset}")
        _, usec, included, original = struct.unpack(endian + "IIII", data[offset:offset + 16])
        if usec >= 1000000 or included > original or included > snaplen:
            return problem(f"{path}: record {packets} at byte {offset} has a bad header "
                           f"(usec {usec}, caplen {included}, len {original})")
        offset += 16 + included
        packets += 1
    if offset != len(data):
        return problem(f"{path}: record {packets - 1} runs past the end of the file")
    if packets == 0:
        return problem(f"{path}: no packet captured")
    if shutil.which("tshark"):
        done = subprocess.run(["tshark", "-r", str(path)], capture_output=True, text=True)
        lines = [l for l in done.stdout.splitlines() if l.strip()]
        if done.returncode != 0 or len(lines) != packets:
            problem(f"{path}: tshark read {len(lines)} of {packets} packets (exit {done.returncode}): "
                    f"{done.stderr.strip()}")
    print(f"  {path.name}: {packets} packets, PPP" + (", read by tshark" if shutil.which("tshark") else ""))


def parse_xml(path, root_tag):
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        problem(f"{path}: not well-formed XML: {e}")
        return None
    if root.tag != root_tag:
        problem(f"{path}: root element <{root.tag}>, expected <{root_tag}>")
        return None
    return root


ROLES = {"client", "gateway", "cluster", "router", "cloud"}


def check_netanim(path, columns):
    """columns: the tiers from left to right, each a node name or the prefix
    of numbered ones ('far-edge' for far-edge-0, not far-edge-gateway-0);
    each tier must be laid out right of the one before, and every node
    labelled '<name> (<role>)' with a known role."""
    root = parse_xml(path, "anim")
    if root is None:
        return
    x = {n.get("id"): float(n.get("locX")) for n in root.iter("node")}
    described = {u.get("id"): u.get("descr") for u in root.iter("nu") if u.get("p") == "d"}
    if not x or set(described) != set(x):
        return problem(f"{path}: {len(x)} nodes but {len(described)} descriptions")
    tier_x, roles = {}, set()
    for node, text in described.items():
        name, _, role = text.rpartition(" (")
        role = role.rstrip(")")
        if role not in ROLES or not text.endswith(")"):
            return problem(f"{path}: node {node} is labelled '{text}', not '<name> (<role>)'")
        roles.add(role)
        tier = [c for c in columns if re.fullmatch(re.escape(c) + r"(-[0-9]+)?", name)]
        if len(tier) != 1:
            return problem(f"{path}: node {node} is named '{name}', in none of the tiers {columns}")
        tier_x.setdefault(tier[0], []).append(x[node])
    for left, right in zip(columns, columns[1:]):
        if not max(tier_x.get(left, [0])) < min(tier_x.get(right, [0])):
            problem(f"{path}: {left} nodes are not laid out left of {right} nodes")
    if not any(True for _ in root.iter("p")) and not any(True for _ in root.iter("pr")):
        problem(f"{path}: no packet is animated")
    print(f"  {path.name}: {len(x)} nodes in {len(tier_x)} tiers, roles {', '.join(sorted(roles))}")


def check_flowmon(path):
    root = parse_xml(path, "FlowMonitor")
    if root is None:
        return
    flows = root.findall("./FlowStats/Flow")
    classified = root.findall("./Ipv4FlowClassifier/Flow")
    if not flows or len(flows) != len(classified):
        return problem(f"{path}: {len(flows)} flows in FlowStats, {len(classified)} classified")
    if sum(int(f.get("rxPackets", 0)) for f in flows) == 0:
        problem(f"{path}: no flow received a packet")
    print(f"  {path.name}: {len(flows)} flows")


def main(argv):
    if len(argv) != 4:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    aset_run, quickstart, work = argv[1], argv[2], Path(argv[3])
    shutil.rmtree(work, ignore_errors=True)

    out = work / "quickstart"
    run([quickstart, "--duration=0.5", f"--output={out}", "--pcap=access", "--netanim", "--flowmon"])
    check_pcap(out / "quickstart-client-gateway.pcap")
    check_netanim(out / "quickstart-netanim.xml", ["client", "gateway", "cluster"])
    check_flowmon(out / "quickstart-flowmon.xml")
    bad = run([quickstart, "--duration=0.5", f"--output={out}", "--pcap=no-such-node"], expect_rc=2)
    if "no-such-node" not in bad.stderr:
        problem(f"aset-quickstart --pcap=no-such-node: the error does not name the item: {bad.stderr}")

    out = work / "run"
    done = run([aset_run, "--policy=closest,least-loaded", "--duration=0.5", "--progress=false",
                "--plots=false", f"--output={out}", "--pcap=access,far-edge-gateway-1", "--netanim",
                "--flowmon"])
    if "trace files" not in done.stdout:
        problem("aset-run does not say which trace files it wrote")
    tiers = ["access", "far-edge-gateway", "far-edge", "near-edge-gateway", "near-edge", "core", "cloud"]
    for policy in ["closest", "least-loaded"]:
        for i in range(4):
            check_pcap(out / f"{policy}-access-{i}-far-edge-gateway-{i // 2}.pcap")
        # every link of far-edge-gateway-1
        for peer in ("access-2", "access-3", "far-edge-1", "near-edge-gateway-0"):
            check_pcap(out / f"{policy}-far-edge-gateway-1-{peer}.pcap")
        check_netanim(out / f"{policy}-netanim.xml", tiers)
        check_flowmon(out / f"{policy}-flowmon.xml")

    # Watching must not change what is watched: same seed, same results.
    plain = work / "run-without-views"
    run([aset_run, "--policy=closest,least-loaded", "--duration=0.5", "--progress=false",
         "--plots=false", f"--output={plain}"])
    for name in ["summary.json", "queries-closest.csv", "queries-least-loaded.csv"]:
        if (plain / name).read_bytes() != (out / name).read_bytes():
            problem(f"{out / name}: differs from {plain / name}: the views changed the results")

    if problems:
        print(f"check-teaching-views: {len(problems)} problem(s)")
        return 1
    print("check-teaching-views: every pcap, NetAnim and FlowMonitor file is well formed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
