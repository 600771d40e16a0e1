"""Redis down (cache and broker on a dead port): pages still serve, and starting a background task
says the queue is unavailable while keeping the request so the user can try again."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cells import periods
from cells.models import RollupRun
from common.cache import CACHE_ERRORS
from pledges.models import PublicComment
from tests.pledges.factories import published_pledge
from tests.units.workbooks import new_units, xlsx
from units.models import RosterImport, Unit

QUEUE_DOWN = "Hàng đợi xử lý nền hiện không hoạt động"


def test_a_public_comment_is_taken_while_the_cache_is_down(client, lan, redis_down):
    with pytest.raises(CACHE_ERRORS):  # the fault is real: Redis does not answer
        cache.get("anything")
    pledge = published_pledge(org=lan.party_org, cadre=lan)
    assert client.get(f"/p/{pledge.short_code}/").status_code == 200
    response = client.post(
        f"/p/{pledge.short_code}/", {"body": "Ý kiến khi Redis tắt"}, REMOTE_ADDR="203.0.113.9"
    )
    assert response.status_code == 302
    assert PublicComment.objects.filter(body="Ý kiến khi Redis tắt").count() == 1


@pytest.mark.django_db(transaction=True)
def test_starting_a_rollup_says_the_queue_is_down_and_can_be_started_again(
    client, office, half_year, redis_down
):
    period = periods.ensure("2026-H1")
    client.force_login(office)
    url = reverse("cells:start", args=[period.code])
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert QUEUE_DOWN in response.content.decode()
    run = RollupRun.objects.get(period=period)
    assert run.status == RollupRun.Status.FAILED and run.error == "queue unavailable"
    # The lock is released: once the queue is back, the same button starts a new run.
    response = client.post(url, follow=True)
    assert RollupRun.objects.filter(period=period).count() == 2
    assert "đang được tính" not in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_confirming_a_large_import_says_the_queue_is_down_and_keeps_the_import(
    client, office, tree, settings, redis_down
):
    settings.ROSTER_IMPORT_BACKGROUND_ROWS = 2
    client.force_login(office)
    preview = client.post(
        reverse("units:import_page"),
        {"file": SimpleUploadedFile("roster.xlsx", xlsx({"Đơn vị": new_units()}))},
    )
    assert preview.status_code == 302
    response = client.post(preview.url, {}, follow=True)
    assert response.status_code == 200
    assert QUEUE_DOWN in response.content.decode()
    record = RosterImport.objects.get()
    assert record.status == RosterImport.Status.PREVIEWED  # can be confirmed again
    assert record.file and record.rows_total == 3
    assert not Unit.objects.filter(code="A1-2").exists()
    # The progress page of a (re)queued import serves even though the cache is down.
    RosterImport.objects.filter(pk=record.pk).update(status=RosterImport.Status.QUEUED)
    assert client.get(reverse("units:import_progress", args=[record.pk])).status_code == 200
