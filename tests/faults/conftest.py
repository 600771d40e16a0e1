"""Fault fixtures: Redis (cache and broker) pointed at a port nothing listens on."""

import pytest
from django.test import override_settings

from config.celery import app
from tests.cells.conftest import half_year  # noqa: F401  (the cells fixtures, shared here)
from tests.pledges.conftest import lan  # noqa: F401

DEAD_REDIS = "redis://127.0.0.1:1/0"
DEAD_CACHE = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": DEAD_REDIS}}


def _reset_pools():
    # The app keeps its broker connection pools; drop them so the next publish uses broker_url.
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def redis_down():
    """The cache and the Celery broker both unreachable, tasks not eager (as with REDIS_URL set)."""
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "broker_connection_retry")}
    app.conf.broker_url = DEAD_REDIS
    app.conf.task_always_eager = False
    _reset_pools()
    with override_settings(CACHES=DEAD_CACHE, CELERY_BROKER_URL=DEAD_REDIS, CELERY_TASK_ALWAYS_EAGER=False):
        yield
    for key, value in saved.items():
        app.conf[key] = value
    _reset_pools()
