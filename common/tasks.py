"""Enqueueing Celery tasks without losing the request when the broker (Redis) is down.

`enqueue` returns False instead of raising when the message cannot be published, so the caller can
leave its record in a state the user can retry and say so; `enqueue_on_commit` does the same after
the surrounding transaction commits (immediately when there is none).
"""

import logging

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError as BrokerError

try:
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError
except ImportError:  # pragma: no cover - redis is installed wherever REDIS_URL is used
    RedisConnectionError = RedisTimeoutError = OSError

log = logging.getLogger(__name__)

# What publishing a message raises when the broker cannot be reached.
BROKER_ERRORS = (BrokerError, RedisConnectionError, RedisTimeoutError, OSError)

QUEUE_UNAVAILABLE = _(
    "The background queue is not available right now; your request has been saved, please try again later."
)


def enqueue(task, *args, **kwargs) -> bool:
    """Publish `task` with these arguments; False (and a warning in the log) if the broker is down."""
    try:
        task.apply_async(args=args, kwargs=kwargs)
    except BROKER_ERRORS:
        log.warning("could not enqueue %s%r: the broker is unreachable", task.name, args, exc_info=True)
        return False
    except RuntimeError as exc:
        # The Redis result backend, once connected, wraps a lost server in RuntimeError ("Retry limit
        # exceeded while trying to reconnect…") before the message is sent (seen with Redis stopped).
        if not isinstance(exc.__cause__, BROKER_ERRORS):
            raise
        log.warning(
            "could not enqueue %s%r: the result backend is unreachable", task.name, args, exc_info=True
        )
        return False
    return True


def enqueue_on_commit(task, *args, on_failure=None, **kwargs) -> None:
    """`enqueue` once the current transaction commits; `on_failure()` runs if the broker is down."""

    def publish():
        if not enqueue(task, *args, **kwargs) and on_failure is not None:
            on_failure()

    transaction.on_commit(publish)
