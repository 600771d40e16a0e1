import json
import logging

import pytest
from django.db import connections
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from config.logging import JsonFormatter
from config.routers import ReplicaRouter, use_replica
from units.models import Unit


@pytest.mark.django_db
def test_health_reports_the_database_and_broker(client, settings):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["broker"] == ("ok" if settings.REDIS_URL else "eager")


@pytest.mark.django_db
def test_health_says_503_when_the_broker_is_unreachable(client):
    # A port nothing listens on, on this machine.
    with override_settings(REDIS_URL="redis://127.0.0.1:1/0"):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["broker"].startswith("error")


def test_json_logs_are_one_object_per_line():
    record = logging.LogRecord("cells.tasks", logging.INFO, __file__, 1, "rollup %s done", ("2026-H1",), None)
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert (entry["level"], entry["logger"], entry["message"]) == ("INFO", "cells.tasks", "rollup 2026-H1 done")
    assert entry["time"].endswith("+00:00")


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_reads_go_to_the_replica_only_inside_use_replica(tree):
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        with use_replica():
            assert Unit.objects.filter(code="A1").exists()
            Unit.objects.filter(code="A2").update(name="Xã An Phú Mới")  # a write stays on the primary
        assert Unit.objects.filter(code="B1").exists()
    assert len(on_replica.captured_queries) == 1
    assert Unit.objects.get(code="A2").name == "Xã An Phú Mới"
    assert ReplicaRouter().allow_migrate("replica", "units") is False


def test_without_a_replica_everything_reads_the_primary():
    databases = dict(connections.databases)
    connections.databases.pop("replica")
    try:
        with use_replica():
            assert ReplicaRouter().db_for_read(Unit) == "default"
    finally:
        connections.databases["replica"] = databases["replica"]
