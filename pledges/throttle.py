"""Per-address throttle for public comments, in the Django cache (Redis in production).

The rate is the setting `PLEDGE_COMMENT_RATE`, "<count>/<s|m|h|d>" (default 5 per hour). A fixed
window per address: simple, and enough to stop a flood from one address.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache

from common.cache import CACHE_ERRORS

from .services import sender_hash

log = logging.getLogger(__name__)

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    count, _slash, unit = rate.partition("/")
    return int(count), UNITS[unit.strip()[:1]]


def allow(ip: str, *, scope: str = "comment") -> bool:
    """Count one attempt from `ip`; False once the address is over the rate in this window."""
    count, seconds = parse_rate(getattr(settings, "PLEDGE_COMMENT_RATE", "5/h"))
    window = int(time.time() // seconds)
    key = f"pledges:{scope}:{sender_hash(ip)[:32]}:{window}"
    try:
        cache.add(key, 0, timeout=seconds)
        try:
            used = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=seconds)
            used = 1
    except CACHE_ERRORS:
        # The cache (Redis) is down: let the comment through rather than refuse everyone.
        log.warning("comment throttle skipped: the cache is unavailable", exc_info=True)
        return True
    return used <= count
