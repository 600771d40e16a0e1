"""Redis really stopped: our own redis-server is the cache and the broker, then it is shut down.

Pages keep serving; starting a rollup or confirming a large import says the queue is unavailable and
keeps the request; what was queued before the stop is still there after the restart (the broker keeps
an append-only file, as a production broker must); once Redis is back, the same buttons go through
and a worker runs everything once. (test_redis_down.py is the same story on a port nothing ever
listened on, for every run.)"""

import time

import pytest
import redis
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from cells import periods
from cells.models import RollupRun
from config.celery import app
from tests.faults import procs
from tests.faults.conftest import _reset_pools
from tests.units.workbooks import UNIT_HEADERS, new_units, xlsx
from units.models import RosterImport, Unit

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

QUEUE_DOWN = "Hàng đợi xử lý nền hiện không hoạt động"
MORE_UNITS = [
    UNIT_HEADERS,
    ["A2-1", "Ấp 1", "Ấp", "A2"],
    ["A2-2", "Ấp 2", "Ấp", "A2"],
    ["A2-3", "Ấp 3", "Ấp", "A2"],
]


@pytest.fixture
def own_redis():
    server = procs.RedisServer(appendonly=True).start()
    url = server.url(0)
    saved = {key: app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(broker_url=url, result_backend=url, task_always_eager=False)
    _reset_pools()
    caches = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
    try:
        with override_settings(CACHES=caches, CELERY_BROKER_URL=url, CELERY_TASK_ALWAYS_EAGER=False):
            yield server
    finally:
        app.conf.update(saved)
        _reset_pools()
        server.stop()


def upload(client, sheet):
    preview = client.post(
        reverse("units:import_page"), {"file": SimpleUploadedFile("roster.xlsx", xlsx({"Đơn vị": sheet}))}
    )
    assert preview.status_code == 302
    return preview.url, RosterImport.objects.latest("pk")


def queued(server, queue) -> int:
    return redis.Redis(port=server.port).llen(queue)


def test_pages_serve_and_background_work_waits_while_redis_is_stopped(
    client, office, half_year, settings, own_redis
):
    settings.ROSTER_IMPORT_BACKGROUND_ROWS = 2
    period = periods.ensure("2026-H1")
    client.force_login(office)
    pages = [
        reverse("units:import_page"),
        reverse("cells:results", args=[period.code]),
        reverse("units:root"),
    ]

    # Redis up: pages serve, the cache answers, a large import is queued on the broker.
    assert [client.get(p, follow=True).status_code for p in pages] == [200, 200, 200]
    cache.set("fault-probe", 1)
    assert cache.get("fault-probe") == 1
    confirm_url, first = upload(client, new_units())
    client.post(confirm_url, {})
    first.refresh_from_db()
    assert first.status == RosterImport.Status.QUEUED and queued(own_redis, "imports") == 1

    own_redis.shutdown()  # a real stop of the process

    assert [client.get(p, follow=True).status_code for p in pages] == [200, 200, 200]
    assert client.get(reverse("units:import_detail", args=[first.pk])).status_code == 200
    response = client.post(reverse("cells:start", args=[period.code]), follow=True)
    assert response.status_code == 200 and QUEUE_DOWN in response.content.decode()
    refused = RollupRun.objects.get(period=period)
    assert refused.status == RollupRun.Status.FAILED and refused.error == "queue unavailable"
    confirm_url, second = upload(client, MORE_UNITS)
    response = client.post(confirm_url, {}, follow=True)
    assert QUEUE_DOWN in response.content.decode()
    second.refresh_from_db()
    assert second.status == RosterImport.Status.PREVIEWED and second.file  # kept, confirm again later

    own_redis.start()  # same port, the append-only file brings the queued import back
    assert queued(own_redis, "imports") == 1
    client.post(reverse("cells:start", args=[period.code]))
    client.post(confirm_url, {})
    run = RollupRun.objects.filter(period=period).latest("pk")
    assert run.status == RollupRun.Status.PENDING

    from celery.contrib.testing.worker import start_worker

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            run.refresh_from_db()
            statuses = set(
                RosterImport.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True)
            )
            if not run.is_active and statuses == {RosterImport.Status.DONE}:
                break
            time.sleep(0.2)
    assert run.status == RollupRun.Status.DONE, run.error
    assert statuses == {RosterImport.Status.DONE}
    codes = ["A1-2", "A1-2-1", "A1-3", "A2-1", "A2-2", "A2-3"]
    assert sorted(Unit.objects.filter(code__in=codes).values_list("code", flat=True)) == sorted(codes)
