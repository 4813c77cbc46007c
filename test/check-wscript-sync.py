#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Checks that wscript-compat/wscript lists the same files as CMakeLists.txt.

CMakeLists.txt is the reference. Its set(aset_sources ...), set(aset_headers ...)
and set(aset_test_sources ...) lists must equal, entry for entry and in the same
order, the list literals assigned to module.source, headers.source and
module_test.source in wscript-compat/wscript.

    check-wscript-sync.py <repo-root>

Exit status: 0 when the lists agree, 1 when they differ (each difference is
printed), 2 when a file cannot be read or a list is not found.
"""

import ast
import difflib
import re
import sys
from pathlib import Path

# (CMake variable, wscript object whose .source is the matching list)
PAIRS = [
    ("aset_sources", "module"),
    ("aset_headers", "headers"),
    ("aset_test_sources", "module_test"),
]


class SyncError(Exception):
    pass


def cmake_lists(path, variables=None):
    """Returns {variable: [entries]} for the set() commands of \p variables
    (default: those of PAIRS) in path."""
    try:
        text = path.read_text()
    except OSError as e:
        raise SyncError(f"{path}: cannot read: {e.strerror}")
    # Drop comments first, so that a ')' or a file name in a comment does not count.
    text = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    lists = {}
    for variable in variables or [v for v, _ in PAIRS]:
        matches = re.findall(r"\bset\(\s*" + re.escape(variable) + r"\b([^)]*)\)", text)
        if not matches:
            raise SyncError(f"{path}: no set({variable} ...) command")
        if len(matches) > 1:
            raise SyncError(f"{path}: set({variable} ...) appears {len(matches)} times")
        lists[variable] = [entry.strip('"') for entry in matches[0].split()]
    return lists


def wscript_lists(path):
    """Returns {object: [entries]} for the '<object>.source = [...]' assignments in path."""
    try:
        tree = ast.parse(path.read_text(), filename=str(path))
    except OSError as e:
        raise SyncError(f"{path}: cannot read: {e.strerror}")
    except SyntaxError as e:
        raise SyncError(f"{path}:{e.lineno}: not valid Python: {e.msg}")
    wanted = {obj for _, obj in PAIRS}
    lists = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Assign):
            continue
        for target in node.targets:
            if not (isinstance(target, ast.Attribute) and target.attr == "source"
                    and isinstance(target.value, ast.Name) and target.value.id in wanted):
                continue
            obj = target.value.id
            where = f"{path}:{node.lineno}"
            if not isinstance(node.value, ast.List):
                raise SyncError(f"{where}: {obj}.source is not a list literal")
            if obj in lists:
                raise SyncError(f"{where}: {obj}.source is assigned more than once")
            entries = []
            for element in node.value.elts:
                if not (isinstance(element, ast.Constant) and isinstance(element.value, str)):
                    raise SyncError(f"{where}: {obj}.source holds something other than a string")
                entries.append(element.value)
            lists[obj] = entries
    for obj in wanted - lists.keys():
        raise SyncError(f"{path}: no '{obj}.source = [...]' assignment")
    return lists


def compare(name_a, list_a, name_b, list_b, what):
    """Returns lines describing how list_b differs from list_a (empty when equal)."""
    if list_a == list_b:
        return []
    problems = []
    set_a, set_b = set(list_a), set(list_b)
    for entry in list_a:
        if entry not in set_b:
            problems.append(f"  {name_b} lacks {entry}")
    for entry in list_b:
        if entry not in set_a:
            problems.append(f"  {name_a} lacks {entry}")
    for label, entries in ((name_a, list_a), (name_b, list_b)):
        for entry in sorted({e for e in entries if entries.count(e) > 1}):
            problems.append(f"  {label} lists {entry} {entries.count(entry)} times")
    if not problems:
        problems.append("  same entries, different order:")
    problems += ["    " + line.rstrip("\n") for line in
                 difflib.unified_diff(list_a, list_b, name_a, name_b, lineterm="", n=1)]
    return [f"{what}:"] + problems


def main(argv):
    if len(argv) != 2 or argv[1] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    root = Path(argv[1])
    cmake_path = root / "CMakeLists.txt"
    wscript_path = root / "wscript-compat" / "wscript"
    try:
        cmake = cmake_lists(cmake_path)
        waf = wscript_lists(wscript_path)
    except SyncError as e:
        print(f"check-wscript-sync: error: {e}", file=sys.stderr)
        return 2
    report = []
    for variable, obj in PAIRS:
        report += compare("CMakeLists.txt", cmake[variable], "wscript-compat/wscript", waf[obj],
                          f"set({variable}) vs {obj}.source")
    if report:
        print("check-wscript-sync: wscript-compat/wscript is out of sync with CMakeLists.txt")
        print("\n".join(report))
        return 1
    counts = ", ".join(f"{len(cmake[v])} {v}" for v, _ in PAIRS)
    print(f"check-wscript-sync: in sync ({counts})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
