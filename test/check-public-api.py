#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Checks the public/internal split of aset's headers.

    check-public-api.py <repo-root>

CMakeLists.txt's set(aset_headers ...) lists the public headers (installed
under include/ns3/, the API scripts use) and set(aset_private_headers ...)
the internal ones (never installed). This checks that:
  - every .h file under model/ and helper/ is in exactly one of the two lists
    (helper/aset-module.h aside), so a new header is classified on purpose;
  - helper/aset-module.h includes exactly the public headers (in any order:
    clang-format sorts them);
  - no public header includes an internal header or libtorch, so a script
    compiles against the installed headers alone, without libtorch.

Exit status: 0 when all holds, 1 when something does not (each problem is
printed with its file), 2 when a file cannot be read or a list is not found.
"""

import importlib.util
import re
import sys
from pathlib import Path

# The CMake list parser of check-wscript-sync.py, next to this file.
_spec = importlib.util.spec_from_file_location(
    "wscript_sync", Path(__file__).with_name("check-wscript-sync.py"))
wscript_sync = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(wscript_sync)

MODULE_HEADER = "helper/aset-module.h"
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]', re.MULTILINE)


class CheckError(Exception):
    pass


def read(path):
    try:
        return path.read_text()
    except OSError as e:
        raise CheckError(f"{path}: cannot read: {e.strerror}")


def main(argv):
    if len(argv) != 2 or argv[1] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    root = Path(argv[1])
    try:
        lists = wscript_sync.cmake_lists(root / "CMakeLists.txt",
                                         ["aset_headers", "aset_private_headers"])
        public, private = lists["aset_headers"], lists["aset_private_headers"]
        module_text = read(root / MODULE_HEADER)
        texts = {h: read(root / h) for h in public + private}
    except (CheckError, wscript_sync.SyncError) as e:
        print(f"check-public-api: error: {e}", file=sys.stderr)
        return 2

    problems = []
    on_disk = sorted(str(p.relative_to(root)) for d in ("model", "helper")
                     for p in (root / d).glob("*.h"))
    for header in on_disk:
        if header == MODULE_HEADER:
            continue
        n = public.count(header) + private.count(header)
        if n != 1:
            problems.append(f"{header}: listed {n} times in aset_headers and aset_private_headers "
                            f"of CMakeLists.txt (expected once: public or internal)")
    for header in public + private:
        if header not in on_disk:
            problems.append(f"CMakeLists.txt: lists {header}, which does not exist")

    public_names = [Path(h).name for h in public]
    private_names = {Path(h).name for h in private}
    included = [Path(i).name for i in INCLUDE.findall(module_text) if i.startswith("ns3/")]
    if sorted(included) != sorted(public_names):
        missing = [n for n in public_names if n not in included]
        extra = [n for n in included if n not in public_names]
        detail = []
        if missing:
            detail.append("lacks " + ", ".join(missing))
        if extra:
            detail.append("includes non-public " + ", ".join(extra))
        for name in sorted({n for n in included if included.count(n) > 1}):
            detail.append(f"includes {name} {included.count(name)} times")
        problems.append(f"{MODULE_HEADER}: " + "; ".join(detail))

    for header in public:
        for include in INCLUDE.findall(texts[header]):
            name = Path(include).name
            if name in private_names:
                problems.append(f"{header}: public header includes internal header {include}")
            if include.startswith("torch/") or include.startswith("ATen/") or include.startswith("c10/"):
                problems.append(f"{header}: public header includes libtorch ({include})")

    if problems:
        print("check-public-api: the public API is not as declared")
        print("\n".join("  " + p for p in problems))
        return 1
    print(f"check-public-api: {len(public)} public headers, all in {MODULE_HEADER}; "
          f"{len(private)} internal headers, included by no public one; no libtorch")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
