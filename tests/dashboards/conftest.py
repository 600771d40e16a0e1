"""Dashboard tests: the fixtures of tests/dashboards/fixtures.py, read from the primary database."""

import pytest

from tests.dashboards.fixtures import computed, province_leader, weak_cell  # noqa: F401


@pytest.fixture(autouse=True)
def primary_only(request):
    """The test settings mirror a `replica` alias; a second connection to the same SQLite memory
    database locks tables inside a test transaction. These tests read the primary (the router falls
    back to it without the alias); test_replica.py (transactional) checks the routing for real."""
    from django.db import connections

    if getattr(request.module, "USES_REPLICA", False):
        yield
        return
    saved = connections.databases.pop("replica", None)
    try:
        yield
    finally:
        if saved is not None:
            connections.databases["replica"] = saved
