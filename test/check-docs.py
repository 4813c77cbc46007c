#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Keeps the docs from rotting: the first script, the Quick start and the
aset-run options table of README.md.

    check-docs.py <repo-root> [<built-program>] [--aset-run PROGRAM]

- scratch/aset-first-simulation.cc is the docs' script. It must have at most
  40 lines and doc/aset.rst (in a ".. code-block:: cpp" block) must hold an
  exact copy of it. README.md points to it instead: it must name the file,
  hold a command that runs ./build/scratch/aset-first-simulation, and have
  the section the script's header comment names ("<section>" in README.md).
  With <built-program>, the program built from it must exit with 0 and
  print a summary row with queries sent.
- README.md must hold the two Quick start commands in one ``` block, and the
  command .ci/run runs must be one of them.
- With --aset-run, the options table under README.md's "aset-run options"
  heading must list exactly the program options `aset-run --PrintHelp`
  prints.

Exit status: 0 when all holds, 1 otherwise (each problem names its file),
2 when a file cannot be read or a program cannot be run.
"""

import argparse
import re
import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = "scratch/aset-first-simulation.cc"
SCRIPT_COMMAND = "./build/scratch/aset-first-simulation"
MAX_LINES = 40
# README.md's Quick start, word for word: users copy these two lines, and
# .ci/run runs the second on every commit.
QUICK_START = ["./scripts/setup.sh && ./build/bin/aset-run",
               "./scripts/setup.sh && ctest --test-dir build --output-on-failure -j 2"]
OPTIONS_HEADING = "## aset-run options"


def markdown_blocks(text):
    """The bodies of the ``` fenced blocks of \p text, whatever their language."""
    return re.findall(r"^```[\w-]*\n(.*?)^```$", text, re.MULTILINE | re.DOTALL)


def rst_blocks(text):
    blocks = []
    for m in re.finditer(r"^\.\. code-block:: cpp\n((?:\n|[ \t]+.*\n|:.*\n)*)", text, re.MULTILINE):
        body = re.sub(r"^[ \t]+:\w+:.*\n", "", m.group(1), flags=re.MULTILINE)  # options
        blocks.append(textwrap.dedent(body).strip("\n") + "\n")
    return blocks


def check_script_pointer(script, readme):
    """README.md points to the script: its name, a command running it, and the
    section the script's header comment sends readers to."""
    problems = []
    if SCRIPT not in readme:
        problems.append(f"README.md: does not name {SCRIPT}")
    if not any(re.search(rf"^(.*&& )?{re.escape(SCRIPT_COMMAND)}\b", block, re.MULTILINE)
               for block in markdown_blocks(readme)):
        problems.append(f"README.md: no ``` block runs {SCRIPT_COMMAND}")
    section = re.search(r'"([^"]+)" in README\.md', script)
    if section is None:
        problems.append(f"{SCRIPT}: its header comment names no README.md section (\"<section>\" in README.md)")
    elif not re.search(rf"^#+ {re.escape(section.group(1))}$", readme, re.MULTILINE):
        problems.append(f"README.md: no heading '{section.group(1)}', which {SCRIPT} names")
    return problems


def check_quick_start(readme, ci_run):
    problems = []
    if not any(all(line in block.splitlines() for line in QUICK_START) for block in markdown_blocks(readme)):
        problems.append("README.md: no ``` block holds both Quick start commands: " + "; ".join(QUICK_START))
    commands = [line for line in ci_run.splitlines() if line.strip() and not line.startswith("#")]
    if not commands or commands[-1] not in QUICK_START:
        problems.append(f".ci/run: its last command is not a Quick start command of README.md "
                        f"('{commands[-1] if commands else ''}')")
    return problems


def program_options(program):
    """The program options `<program> --PrintHelp` lists, e.g. ['--scenario', ...]."""
    done = subprocess.run([program, "--PrintHelp"], capture_output=True, text=True, timeout=60)
    if done.returncode != 0 or "Program Options:" not in done.stdout:
        raise OSError(f"{program} --PrintHelp exited with {done.returncode}: {done.stderr.strip()}")
    section = done.stdout.split("Program Options:", 1)[1].split("General Arguments:", 1)[0]
    return re.findall(r"^\s+(--[\w-]+):", section, re.MULTILINE)


def table_options(readme):
    """The options of the table under OPTIONS_HEADING: its rows' first cells."""
    if OPTIONS_HEADING + "\n" not in readme:
        return None
    section = readme.split(OPTIONS_HEADING + "\n", 1)[1].split("\n#", 1)[0]
    return re.findall(r"^\| `(--[\w-]+)` \|", section, re.MULTILINE)


def check_options_table(readme, program):
    listed = table_options(readme)
    if listed is None:
        return [f"README.md: no '{OPTIONS_HEADING}' heading"]
    actual = program_options(program)
    problems = []
    missing = [o for o in actual if o not in listed]
    unknown = [o for o in listed if o not in actual]
    if missing:
        problems.append(f"README.md: the '{OPTIONS_HEADING}' table lacks {', '.join(missing)} "
                        f"(from {program} --PrintHelp)")
    if unknown:
        problems.append(f"README.md: the '{OPTIONS_HEADING}' table lists {', '.join(unknown)}, "
                        f"which {program} does not have")
    duplicates = sorted({o for o in listed if listed.count(o) > 1})
    if duplicates:
        problems.append(f"README.md: the '{OPTIONS_HEADING}' table lists {', '.join(duplicates)} twice")
    return problems


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", type=Path)
    parser.add_argument("program", nargs="?", help="the program built from " + SCRIPT)
    parser.add_argument("--aset-run", help="the aset-run program, to check README.md's options table")
    args = parser.parse_args(argv[1:])
    root = args.root
    try:
        script = (root / SCRIPT).read_text()
        readme = (root / "README.md").read_text()
        rst = (root / "doc" / "aset.rst").read_text()
        ci_run = (root / ".ci" / "run").read_text()
    except OSError as e:
        print(f"check-docs: error: {e.filename}: cannot read: {e.strerror}", file=sys.stderr)
        return 2
    problems = []
    lines = script.count("\n")
    if lines > MAX_LINES:
        problems.append(f"{SCRIPT}: {lines} lines, more than {MAX_LINES}")
    if script not in rst_blocks(rst):
        problems.append(f"doc/aset.rst: no '.. code-block:: cpp' block equals {SCRIPT} "
                        f"(copy the file into it, indented by 4 spaces)")
    problems += check_script_pointer(script, readme)
    problems += check_quick_start(readme, ci_run)
    if args.aset_run:
        try:
            problems += check_options_table(readme, args.aset_run)
        except (OSError, subprocess.SubprocessError) as e:
            print(f"check-docs: error: {e}", file=sys.stderr)
            return 2
    if args.program:
        done = subprocess.run([args.program], capture_output=True, text=True, timeout=300)
        rows = re.findall(r"^ns3::\S+\s+(\d+)\s", done.stdout, re.MULTILINE)
        if done.returncode != 0 or len(rows) != 1 or int(rows[0]) == 0:
            problems.append(f"{args.program}: exited with {done.returncode} and printed "
                            f"{'no summary row' if not rows else 'sent=' + rows[0]}:\n"
                            f"{done.stdout}{done.stderr}")
        else:
            print(done.stdout, end="")
    if problems:
        print("check-docs: " + "\n  ".join(["problems:"] + problems))
        return 1
    print(f"check-docs: {SCRIPT} ({lines} lines) is the script in doc/aset.rst"
          + (" and runs" if args.program else "")
          + "; README.md points to it and holds the Quick start"
          + (" and every aset-run option" if args.aset_run else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
