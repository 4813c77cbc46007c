#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Keeps the manual (doc/aset.rst) building and its option tables complete.

    check-manual.py sphinx <repo-root> <work-dir>
        Builds the manual with sphinx-build -W (every warning is an error)
        into <work-dir>/html. Exit 77 (skipped) when sphinx-build is missing
        (Debian's python3-sphinx, which scripts/setup.sh installs).

    check-manual.py options <repo-root> <bin-dir>
        For every program of examples/ (a <program>.cc with a main() in
        examples/ or a folder of it, but for external-project/), runs
        <bin-dir>/<program> --help and checks that the options it prints under
        "Program Options:" are exactly the options of the manual's table for
        it: the simple table after the comment ".. options-table: <program>",
        whose first column names each option as ``--name``.

Exit status: 0 when all holds, 1 otherwise (each problem names the program
or the file), 2 when a file cannot be read or a program cannot run.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

MANUAL = Path("doc") / "aset.rst"


def sphinx(root, work):
    build = shutil.which("sphinx-build")
    if build is None:
        print("check-manual: skipped: sphinx-build not found (Debian package python3-sphinx)")
        return 77
    work = Path(work)
    cmd = [build, "-W", "--keep-going", "-q", "-b", "html", "-d", str(work / "doctrees"),
           str(Path(root) / "doc"), str(work / "html")]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        print(f"check-manual: {MANUAL}: sphinx-build -W failed (exit {done.returncode}):\n"
              f"{done.stdout}{done.stderr}")
        return 1
    print(f"check-manual: {MANUAL} builds with sphinx-build -W into {work / 'html'}")
    return 0


def help_options(program):
    """The option names (without --) a program's --help lists under 'Program Options:'."""
    done = subprocess.run([str(program), "--help"], capture_output=True, text=True, timeout=120)
    names, inside = [], False
    for line in (done.stdout + done.stderr).splitlines():
        if line.startswith("Program Options:"):
            inside = True
        elif inside and not line.strip():
            break
        elif inside:
            m = re.match(r"\s+--([\w-]+):", line)
            if m:
                names.append(m.group(1))
    return names


def table_options(text, program):
    """The options (without --) of the manual's table for program, or None without one."""
    m = re.search(r"^\.\. options-table: " + re.escape(program) + r"\s*$", text, re.MULTILINE)
    if m is None:
        return None
    lines = text[m.end():].lstrip("\n").splitlines()
    borders = [i for i, line in enumerate(lines) if re.fullmatch(r"=+( +=+)+", line)]
    if len(borders) < 3 or borders[0] != 0:
        return []
    names = []
    for line in lines[borders[1] + 1:borders[2]]:
        m = re.match(r"``--([\w-]+)``", line)
        if m:
            names.append(m.group(1))
    return names


def example_programs(examples):
    """The programs of examples/: each .cc file that defines main(), in the folder or a
    subfolder of it, named after the file; external-project/ is a project of its own."""
    sources = list(examples.glob("*.cc")) + [p for p in examples.glob("*/*.cc")
                                               if p.parent.name != "external-project"]
    return sorted(p.stem for p in sources if re.search(r"^main\(", p.read_text(), re.MULTILINE))


def options(root, bindir):
    root, bindir = Path(root), Path(bindir)
    try:
        text = (root / MANUAL).read_text()
    except OSError as e:
        print(f"check-manual: error: {e.filename}: cannot read: {e.strerror}", file=sys.stderr)
        return 2
    programs = example_programs(root / "examples")
    problems, checked = [], 0
    for program in programs:
        binary = bindir / program
        if not binary.exists():
            print(f"check-manual: error: {binary}: no such program (build the examples)", file=sys.stderr)
            return 2
        printed = help_options(binary)
        if not printed:
            problems.append(f"{program}: --help printed no option under 'Program Options:'")
            continue
        documented = table_options(text, program)
        if documented is None:
            problems.append(f"{MANUAL}: no '.. options-table: {program}' table")
            continue
        missing = [o for o in printed if o not in documented]
        extra = [o for o in documented if o not in printed]
        if missing:
            problems.append(f"{MANUAL}: table of {program} lacks " + ", ".join("--" + o for o in missing))
        if extra:
            problems.append(f"{MANUAL}: table of {program} lists " + ", ".join("--" + o for o in extra)
                            + f", which {program} --help does not print")
        checked += len(printed)
    if problems:
        print("check-manual: problems:\n  " + "\n  ".join(problems))
        return 1
    print(f"check-manual: the {checked} options of {', '.join(programs)} are each in their table "
          f"in {MANUAL}, and no other")
    return 0


def main(argv):
    if len(argv) != 4 or argv[1] not in ("sphinx", "options"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    return sphinx(argv[2], argv[3]) if argv[1] == "sphinx" else options(argv[2], argv[3])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
