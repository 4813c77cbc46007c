# SPDX-License-Identifier: GPL-2.0-only
"""Observation and action spaces described without gymnasium: shape, dtype,
bounds and n, with to_gymnasium() where gymnasium is installed."""
import numpy as np


class Box:
    """An array of shape and dtype, each element within [low, high]."""

    def __init__(self, low, high, shape, dtype):
        self.low, self.high = low, high
        self.shape, self.dtype = tuple(shape), np.dtype(dtype)

    def contains(self, x):
        x = np.asarray(x)
        return x.shape == self.shape and x.dtype == self.dtype and bool(
            np.all(x >= self.low) and np.all(x <= self.high))

    def to_gymnasium(self):
        from gymnasium import spaces
        return spaces.Box(low=self.low, high=self.high, shape=self.shape, dtype=self.dtype)

    def __repr__(self):
        return f"Box({self.low}, {self.high}, {self.shape}, {self.dtype})"


class Discrete:
    """An integer in [0, n)."""

    def __init__(self, n):
        self.n = int(n)
        self.shape, self.dtype = (), np.dtype(np.int64)

    def contains(self, x):
        if isinstance(x, np.ndarray) and x.shape == () and np.issubdtype(x.dtype, np.integer):
            x = x.item()
        return isinstance(x, (int, np.integer)) and 0 <= int(x) < self.n

    def to_gymnasium(self):
        from gymnasium import spaces
        return spaces.Discrete(self.n)

    def __repr__(self):
        return f"Discrete({self.n})"


class Dict:
    """Named spaces."""

    def __init__(self, spaces):
        self.spaces = dict(spaces)

    def __getitem__(self, key):
        return self.spaces[key]

    def contains(self, x):
        return set(x) == set(self.spaces) and all(s.contains(x[k]) for k, s in self.spaces.items())

    def to_gymnasium(self):
        from gymnasium import spaces
        return spaces.Dict({k: s.to_gymnasium() for k, s in self.spaces.items()})

    def __repr__(self):
        return f"Dict({self.spaces})"
