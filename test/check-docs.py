#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Keeps the "Writing your own simulation" script of the docs from rotting.

    check-docs.py <repo-root> [<built-program>]

scratch/aset-first-simulation.cc is the script. It must have at most 40
lines, and README.md (in a ```cpp block) and doc/aset.rst (in a
".. code-block:: cpp" block) must each hold an exact copy of it. With
<built-program>, the program built from it is run and must exit with 0 and
print a summary row with queries sent.

Exit status: 0 when all holds, 1 otherwise (each problem names its file),
2 when a file cannot be read.
"""

import re
import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = "scratch/aset-first-simulation.cc"
MAX_LINES = 40


def markdown_blocks(text):
    return [m.group(1) for m in re.finditer(r"^```cpp\n(.*?)^```$", text, re.MULTILINE | re.DOTALL)]


def rst_blocks(text):
    blocks = []
    for m in re.finditer(r"^\.\. code-block:: cpp\n((?:\n|[ \t]+.*\n|:.*\n)*)", text, re.MULTILINE):
        body = re.sub(r"^[ \t]+:\w+:.*\n", "", m.group(1), flags=re.MULTILINE)  # options
        blocks.append(textwrap.dedent(body).strip("\n") + "\n")
    return blocks


def main(argv):
    if len(argv) not in (2, 3) or argv[1] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    root = Path(argv[1])
    try:
        script = (root / SCRIPT).read_text()
        readme = (root / "README.md").read_text()
        rst = (root / "doc" / "aset.rst").read_text()
    except OSError as e:
        print(f"check-docs: error: {e.filename}: cannot read: {e.strerror}", file=sys.stderr)
        return 2
    problems = []
    lines = script.count("\n")
    if lines > MAX_LINES:
        problems.append(f"{SCRIPT}: {lines} lines, more than {MAX_LINES}")
    if script not in markdown_blocks(readme):
        problems.append(f"README.md: no ```cpp block equals {SCRIPT} (copy the file into it)")
    if script not in rst_blocks(rst):
        problems.append(f"doc/aset.rst: no '.. code-block:: cpp' block equals {SCRIPT} "
                        f"(copy the file into it, indented by 4 spaces)")
    if len(argv) == 3:
        done = subprocess.run([argv[2]], capture_output=True, text=True, timeout=300)
        rows = re.findall(r"^ns3::\S+\s+(\d+)\s", done.stdout, re.MULTILINE)
        if done.returncode != 0 or len(rows) != 1 or int(rows[0]) == 0:
            problems.append(f"{argv[2]}: exited with {done.returncode} and printed "
                            f"{'no summary row' if not rows else 'sent=' + rows[0]}:\n"
                            f"{done.stdout}{done.stderr}")
        else:
            print(done.stdout, end="")
    if problems:
        print("check-docs: " + "\n  ".join(["problems:"] + problems))
        return 1
    print(f"check-docs: {SCRIPT} ({lines} lines) is the script in README.md and doc/aset.rst"
          + (" and runs" if len(argv) == 3 else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
