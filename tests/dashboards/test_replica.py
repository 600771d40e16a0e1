"""The dashboard reads through the read replica (config.routers.use_replica) when one is configured."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.accounts.factories import PASSWORD

USES_REPLICA = True


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_the_dashboard_figures_are_read_from_the_replica(client, leader_a, computed):
    client.login(username=leader_a.username, password=PASSWORD)
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = client.get(reverse("dashboards:org", args=["DBA"]) + "?ky=2026-H1")
    assert response.status_code == 200
    assert response.context["board"].own.cell_count == 2
    on_replica = " ".join(q["sql"] for q in replica.captured_queries)
    assert "cells_orgresult" in on_replica and "assignments_petition" in on_replica
    # Session, user and the scope check stay on the primary; all of it together stays bounded.
    assert "cells_orgresult" not in " ".join(q["sql"] for q in primary.captured_queries)
    # 21: the session, the user, the bell's unread count (cold cache) on the primary; the figures on the replica.
    assert len(primary.captured_queries) + len(replica.captured_queries) <= 21


@pytest.mark.django_db(transaction=True)
def test_a_dashboard_reads_in_one_snapshot():
    """The period's current run and its rows are read in the same snapshot: a rollup published in
    between cannot show a dashboard with no results."""
    from django.db import connection

    from dashboards.selectors import read_transaction

    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises transactions: one snapshot already")
    with read_transaction(), connection.cursor() as cursor:
        cursor.execute("SHOW transaction_isolation")
        assert cursor.fetchone()[0] == "repeatable read"
