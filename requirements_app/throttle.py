"""Counting requests in the shared cache, so every worker applies one limit
(the database cache by default; Redis where REDIS_URL is set)."""

from django.core.cache import cache


def count(key, window):
    """How many times `key` was counted in the current `window` seconds, this time included."""
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1


def allowed(key, limit, window):
    """Count `key` and say whether it is still within `limit` per `window` seconds."""
    return count(key, window) <= limit
