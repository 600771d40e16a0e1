"""Cache access that survives the cache server (Redis) being down: pages degrade instead of failing."""

import logging

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

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


def safe_delete(key) -> None:
    try:
        cache.delete(key)
    except CACHE_ERRORS:
        log.warning("cache unavailable: delete %s", key, exc_info=True)


def _generation_keys(names) -> list[str]:
    return [f"generation:{name}" for name in names]


def generations(*names: str) -> tuple[int, ...]:
    """Counters that writers bump (`bump`) so that figures cached from the named data are rebuilt at
    once: cache keys include them. One round trip; without a cache server they read 0."""
    keys = _generation_keys(names)
    try:
        found = cache.get_many(keys)
    except CACHE_ERRORS:
        log.warning("cache unavailable: get %s", keys, exc_info=True)
        found = {}
    return tuple(found.get(key, 0) for key in keys)


def bump(name: str) -> None:
    """Invalidate every cached figure keyed by `generations(name)`, once the current transaction
    commits (a rebuild before the commit would cache what is about to change)."""
    transaction.on_commit(lambda: _bump(f"generation:{name}"))


def bump_on_change(model, generation) -> None:
    """Bump `generation` (a name, or `generation(instance)` giving one) whenever a row of `model` is
    saved or deleted. Bulk writes send no signals: their callers `bump` themselves."""
    name_of = generation if callable(generation) else (lambda _instance: generation)

    def changed(sender, instance, **kwargs):
        bump(name_of(instance))

    # One connection per (model, generation) even if an app's ready() ran twice.
    where = generation if isinstance(generation, str) else f"{generation.__code__.co_filename}:{generation.__code__.co_firstlineno}"
    uid = f"generation-{model._meta.label}-{where}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}-save")
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}-delete")


def _bump(key: str) -> None:
    try:
        try:
            cache.incr(key)
        except ValueError:  # not set yet, or evicted
            if not cache.add(key, 1, timeout=None):
                cache.incr(key)
    except CACHE_ERRORS:
        log.warning("cache unavailable: bump %s", key, exc_info=True)


def cached(key: str, build, timeout: int):
    """`build()`'s value, kept under `key` for `timeout` seconds (0: built every time)."""
    if timeout <= 0:
        return build()
    value = safe_get(key)
    if value is None:
        value = build()
        safe_set(key, value, timeout=timeout)
    return value


def cached_fragment(key: str, template: str, build_context, timeout: int):
    """A part of a page rendered from `template` with `build_context()` and kept as HTML under `key`
    (and the language) for `timeout` seconds: a hit costs neither the queries nor the rendering.
    Every reader of the key gets the same HTML, so the key names whatever it depends on (the user
    for a personal page), and it is rendered without the request: no CSRF token can end up in it."""
    return cached(
        f"{key}:{get_language()}",
        lambda: mark_safe(render_to_string(template, build_context())),
        timeout,
    )


def cached_at_generations(key: str, names: tuple[str, ...], build, timeout: int):
    """`build()`'s value, kept under `key` with the generations (`names`) it was built at: one round
    trip reads the value and the current generations, and a `bump` of any of them rebuilds it at once
    (the value may be None). Without a cache server it is built every time."""
    if timeout <= 0:
        return build()
    generation_keys = _generation_keys(names)
    try:
        found = cache.get_many([key, *generation_keys])
    except CACHE_ERRORS:
        log.warning("cache unavailable: get %s", key, exc_info=True)
        return build()
    current = tuple(found.get(k, 0) for k in generation_keys)
    entry = found.get(key)
    if entry is not None and entry[0] == current:
        return entry[1]
    # The generations were read before the build: a write committed meanwhile bumps them again,
    # so what is stored here is rebuilt on the next read.
    value = build()
    safe_set(key, (current, value), timeout=timeout)
    return value
