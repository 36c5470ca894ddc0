"""Spaces of the Gymnasium-style environments: a Box with the attributes and methods of
``gymnasium.spaces.Box`` that the environments and common training code use."""

import numpy as np


class Box:
    """A box in R^n: every element of ``shape`` lies in [low, high] (which may be infinite).

    ``sample()`` draws uniformly where both bounds are finite, from a unit normal where both are
    infinite, and from a shifted exponential where one is; the draws come from the space's own
    generator, seeded with ``seed()``.
    """

    def __init__(self, low, high, shape=None, dtype=np.float32, seed=None):
        """``low``/``high``: scalars or arrays; ``shape`` defaults to theirs."""
        self.dtype = np.dtype(dtype)
        if shape is None:
            shape = np.broadcast(np.asarray(low), np.asarray(high)).shape
        self.shape = tuple(int(n) for n in shape)
        self.low = np.broadcast_to(np.asarray(low, dtype=self.dtype), self.shape).copy()
        self.high = np.broadcast_to(np.asarray(high, dtype=self.dtype), self.shape).copy()
        if np.any(self.low > self.high):
            raise ValueError("Box: low must not exceed high")
        self._rng = np.random.default_rng(seed)

    def seed(self, seed=None):
        """Reseeds the generator of sample(); returns ``[seed]`` like Gymnasium."""
        self._rng = np.random.default_rng(seed)
        return [seed]

    def sample(self):
        """A random element of the box (see the class docstring for the distributions)."""
        low = self.low.astype(np.float64)
        high = self.high.astype(np.float64)
        out = np.empty(self.shape, dtype=np.float64)
        bounded = np.isfinite(low) & np.isfinite(high)
        free = ~np.isfinite(low) & ~np.isfinite(high)
        lower_only = np.isfinite(low) & ~np.isfinite(high)
        upper_only = ~np.isfinite(low) & np.isfinite(high)
        out[bounded] = self._rng.uniform(low[bounded], high[bounded])
        out[free] = self._rng.normal(size=int(free.sum()))
        out[lower_only] = low[lower_only] + self._rng.exponential(size=int(lower_only.sum()))
        out[upper_only] = high[upper_only] - self._rng.exponential(size=int(upper_only.sum()))
        return out.astype(self.dtype)

    def contains(self, x):
        """True when ``x`` has the box's shape and lies within its bounds."""
        x = np.asarray(x)
        return x.shape == self.shape and bool(np.all(x >= self.low) and np.all(x <= self.high))

    def __contains__(self, x):
        """``x in box``: contains(x)."""
        return self.contains(x)

    def __eq__(self, other):
        """Same shape, dtype and bounds."""
        return (isinstance(other, Box) and self.shape == other.shape
                and self.dtype == other.dtype and np.array_equal(self.low, other.low)
                and np.array_equal(self.high, other.high))

    def __repr__(self):
        """Bounds, shape and dtype."""
        return f"Box({self.low.min()}, {self.high.max()}, {self.shape}, {self.dtype})"
