"""Counting attempts in a fixed window in the shared cache (Redis in production; the settings
refuse a process-local cache there, so every process counts together)."""

from __future__ import annotations

from django.core.cache import cache


def attempts_count(*, key: str, window_seconds: int) -> int:
    """Count one more attempt under `key` and return the count in the current window."""
    full = f"attempts:{key}"
    # add() starts the window only when no count exists, so the window is fixed, not sliding.
    if cache.add(full, 1, timeout=window_seconds):
        return 1
    try:
        return int(cache.incr(full))
    except ValueError:  # expired between add and incr
        cache.add(full, 1, timeout=window_seconds)
        return 1


def attempts_seen(*, key: str) -> int:
    """The count in the current window, without counting."""
    return int(cache.get(f"attempts:{key}", 0))
