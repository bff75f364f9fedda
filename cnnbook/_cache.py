"""The one cache policy of the views and explorers: remember the last few results.

An explorer's control often switches back and forth between a few settings (a
kernel, a learning rate, a dilation rate); a view that remembers what it computed for
them answers at once.  Every such memory is an :class:`Lru`: a bounded number of
entries, the least recently used dropped first, values made read-only when they are
arrays (they are shared, so nobody may change one in place).  Nothing here is public API.
"""

from __future__ import annotations

from typing import Callable, Hashable

import numpy as np

__all__ = ["Lru"]


class Lru:
    """At most ``size`` remembered results, the least recently used forgotten first.

    Examples
    --------
    >>> cache = Lru(2)
    >>> cache.get("a", lambda: 1), cache.get("b", lambda: 2), cache.get("a", lambda: 99)
    (1, 2, 1)
    >>> cache.get("c", lambda: 3); "b" in cache, "a" in cache
    3
    (False, True)
    """

    def __init__(self, size: int = 16):
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise ValueError(f"size must be an int >= 1, got {size!r}")
        self.size = size
        self._items: dict = {}

    def __contains__(self, key: Hashable) -> bool:
        return key in self._items

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: Hashable, compute: Callable[[], object]):
        """The result remembered for ``key``, or ``compute()`` (then remembered)."""
        if key in self._items:
            value = self._items.pop(key)
        else:
            value = compute()
            for item in value if isinstance(value, tuple) else (value,):
                if isinstance(item, np.ndarray):
                    item.flags.writeable = False
            if len(self._items) >= self.size:
                self._items.pop(next(iter(self._items)))
        self._items[key] = value  # most recently used last
        return value
