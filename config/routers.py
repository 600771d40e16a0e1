"""Read replica for dashboards.

When `DATABASE_REPLICA_URL` is set, code wrapped in `use_replica()` (the leaders' dashboards) reads from
the `replica` alias; every write, and every read outside that block, goes to `default`. Reads that must
see the user's own just-written data therefore stay on the primary.
"""

from contextlib import contextmanager
from contextvars import ContextVar

_reading_replica: ContextVar[bool] = ContextVar("reading_replica", default=False)


@contextmanager
def use_replica():
    token = _reading_replica.set(True)
    try:
        yield
    finally:
        _reading_replica.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        from django.db import connections

        if _reading_replica.get() and "replica" in connections.databases:
            return "replica"
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same data (the replica follows the primary).
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
