"""A bounded memo of pure results: least recently used first out, bounded in entries and bytes.

Every /v1 answer is a pure function of its canonical request, so remembering recent answers
keeps no user state: an entry is what any process would compute again. Values are the
serialized response bytes, so the byte bound is exact and a hit costs no serialization.
Thread-safe; one instance per gunicorn worker process (see ``service/api/pool.py``).
"""

from __future__ import annotations

import threading
from collections import OrderedDict


class ResultCache:
    """At most ``max_entries`` values of at most ``max_bytes`` bytes (keys included) in all."""

    def __init__(self, max_entries: int, max_bytes: int) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.bytes = 0
        self._entries: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: str) -> bytes | None:
        """The value stored under ``key`` (now the most recently used), or None."""
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: str, value: bytes) -> None:
        """Store ``value``, evicting the least recently used entries to stay in bounds.

        A value larger than the whole byte bound is not stored.
        """
        size = _size(key, value)
        if size > self.max_bytes or self.max_entries == 0:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.bytes -= _size(key, old)
            self._entries[key] = value
            self.bytes += size
            while len(self._entries) > self.max_entries or self.bytes > self.max_bytes:
                evicted_key, evicted = self._entries.popitem(last=False)
                self.bytes -= _size(evicted_key, evicted)


def _size(key: str, value: bytes) -> int:
    return len(key) + len(value)
