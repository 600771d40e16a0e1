"""Cache access that survives the cache server (Redis) being down: pages degrade instead of failing."""

import logging

from django.core.cache import cache

try:
    from redis.exceptions import RedisError
except ImportError:  # pragma: no cover
    RedisError = OSError

log = logging.getLogger(__name__)

# What the Redis cache backend raises when the server is unreachable or misbehaves.
CACHE_ERRORS = (RedisError, OSError)


def safe_get(key, default=None):
    try:
        return cache.get(key, default)
    except CACHE_ERRORS:
        log.warning("cache unavailable: get %s", key, exc_info=True)
        return default


def safe_set(key, value, timeout=None) -> bool:
    try:
        cache.set(key, value, timeout=timeout)
    except CACHE_ERRORS:
        log.warning("cache unavailable: set %s", key, exc_info=True)
        return False
    return True
