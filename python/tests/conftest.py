# SPDX-License-Identifier: GPL-2.0-only
# The package under test is the build tree's (PYTHONPATH=build/python, as CTest sets it).
import pytest


@pytest.fixture
def short():
    """A short run of the default scenario: 1 s of queries (about 600)."""
    return {"variant": "default", "duration": 1, "seed": 3}
