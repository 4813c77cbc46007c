# SPDX-License-Identifier: GPL-2.0-only
"""What the check-*.py scripts that run aset's programs share: a failed check,
a program run that must end with a given exit status, a fresh folder."""

import os
import shutil
import subprocess


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def run(args, expect=0, **kwargs):
    """Runs args; raises Failure unless it exits with expect (None: any status)."""
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)
    if expect is not None and p.returncode != expect:
        raise Failure(f"{' '.join(map(str, args))}: exit status {p.returncode}, expected {expect}\n"
                      f"stdout:\n{p.stdout}\nstderr:\n{p.stderr}")
    return p


def fresh(folder):
    """folder, emptied (made if missing)."""
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    return folder
