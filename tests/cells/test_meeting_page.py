"""A meeting's own page: its quality verdict, and deleting a meeting recorded by mistake (with a
reason, kept in the history, refused once the period is published)."""

import datetime

import pytest
from django.urls import reverse

from cells import periods, services
from cells.models import Meeting
from tests.cells.factories import meeting, members

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def people(orgs):
    return members(orgs["A1-1"], 4)


def page(cell, m):
    return reverse("cells:meeting", args=[cell.code, m.pk])


def test_a_meeting_page_says_which_criteria_it_falls_short_of(client, secretary_a1, orgs, people):
    cell = orgs["A1-1"]
    short = meeting(cell, D(2026, 2, 5), "PPAE", people=people, minutes=60)
    # On the 3rd with its documents posted the day before, as CT 50 and HD 42 ask in 2026.
    good = meeting(cell, D(2026, 3, 3), "PPPP", people=people, minutes=120, documents_posted_on=D(2026, 3, 2))
    client.force_login(secretary_a1)
    body = client.get(page(cell, short)).content.decode()
    assert 'data-testid="verdict"' in body
    assert "1 vắng không lý do" in body or "1 absent without reason" in body
    assert "HD 12-HD/BTCTW" in body
    body = client.get(page(cell, good)).content.decode()
    assert "Đạt tiêu chí" in body


def test_the_meeting_page_is_bounded_in_queries(
    client, secretary_a1, orgs, people, django_assert_max_num_queries
):
    cell = orgs["A1-1"]
    for month in range(1, 7):
        meeting(cell, D(2026, month, 5), "PPPA", people=people)
    m = Meeting.objects.filter(cell=cell).first()
    client.force_login(secretary_a1)
    with django_assert_max_num_queries(22):
        assert client.get(page(cell, m)).status_code == 200


def test_the_secretary_deletes_a_mistaken_meeting_with_a_reason_kept_in_history(
    client, secretary_a1, orgs, people
):
    cell = orgs["A1-1"]
    m = meeting(cell, D(2026, 2, 5), "PPPP", people=people)
    client.force_login(secretary_a1)
    url = reverse("cells:meeting_delete", args=[cell.code, m.pk])
    r = client.post(url, {"reason": " "})
    assert r.status_code == 400 and Meeting.objects.filter(pk=m.pk).exists()
    r = client.post(url, {"reason": "Ghi nhầm hai lần"}, follow=True)
    assert not Meeting.objects.filter(pk=m.pk).exists()
    assert "05/02/2026" in r.content.decode()
    last = Meeting.history.filter(id=m.pk).order_by("-history_id").first()
    assert (last.history_type, last.history_change_reason, last.history_user) == (
        "-",
        "Ghi nhầm hai lần",
        secretary_a1,
    )
    history = client.get(reverse("cells:cell_history", args=[cell.code])).content.decode()
    assert "Ghi nhầm hai lần" in history


def test_a_meeting_of_a_published_period_is_not_deletable(client, secretary_a1, office, orgs, people):
    cell = orgs["A1-1"]
    m = meeting(cell, D(2026, 2, 5), "PPPP", people=people)
    from cells import tasks

    run = services.rollup_start(period=periods.ensure("2026-H1"), enqueue=False, today=D(2026, 11, 26))
    tasks.rollup_period("2026-H1", run.pk)
    announcement = services.announcement_save(
        org=orgs["A1"], period=periods.ensure("2026-H1"), acting_user=office
    )
    services.announcement_publish(announcement=announcement, acting_user=office)
    client.force_login(secretary_a1)
    body = client.get(page(cell, m)).content.decode()
    assert (
        'data-testid="locked"' in body and reverse("cells:meeting_delete", args=[cell.code, m.pk]) not in body
    )
    r = client.post(reverse("cells:meeting_delete", args=[cell.code, m.pk]), {"reason": "Nhầm"})
    assert r.status_code == 400 and Meeting.objects.filter(pk=m.pk).exists()


def test_a_meeting_cannot_be_deleted_from_another_district_or_by_a_cadre(
    client, cadre_a1, leader_a, orgs, people
):
    cell = orgs["B1-1"]
    m = meeting(cell, D(2026, 2, 5), "PP", people=members(cell, 2))
    for user in (cadre_a1, leader_a):
        client.force_login(user)
        assert (
            client.post(reverse("cells:meeting_delete", args=[cell.code, m.pk]), {"reason": "x"}).status_code
            == 403
        )
    assert Meeting.objects.filter(pk=m.pk).exists()
