"""Each meeting is judged by the rules issued by its date, never by later ones: HD 12 (2018) for
meetings before CT 50; CT 50 (23/07/2025) adds the 3rd of the month; HD 42 (28/10/2025) adds 120
minutes for a combined meeting and the documents posted a day ahead."""

import datetime

import pytest
from django.urls import reverse

from cells import rollup
from cells.models import Meeting, QualityCriteria
from directives.models import DirectiveItem
from tests.accounts.factories import PASSWORD
from tests.cells.factories import meeting, members

pytestmark = pytest.mark.django_db
D = datetime.date
C = Meeting.Kind.COMBINED


def page(client, user, m):
    client.login(username=user.username, password=PASSWORD)
    return client.get(reverse("cells:meeting", args=[m.cell.code, m.pk])).content.decode()


def quality_ok(cell, start, end):
    return rollup.attendance_by_cell(start, end, None)[cell.pk]["meetings_quality_ok"]


def test_the_versions_are_dated_as_issued(db):
    rows = {
        v.effective_from: (
            v.min_minutes,
            v.min_minutes_combined,
            v.meeting_day_of_month,
            v.documents_days_ahead,
        )
        for v in QualityCriteria.objects.all()
    }
    assert rows == {
        D(2018, 7, 6): (90, None, None, None),  # HD 12
        D(2025, 7, 23): (90, None, 3, None),  # CT 50
        D(2025, 10, 28): (90, 120, 3, 1),  # HD 42
    }


def test_a_2019_meeting_is_judged_by_hd_12_and_the_same_meeting_in_2026_by_hd_42(client, office, orgs):
    cell = orgs["A1-1"]
    people = members(cell, 3)
    # The same meeting twice: on the 15th, combined, 100 minutes, all present, no documents posted.
    old = meeting(cell, D(2019, 3, 15), "PPP", kind=C, minutes=100, people=people)
    new = meeting(cell, D(2026, 3, 15), "PPP", kind=C, minutes=100, people=people)

    html = page(client, office, old)
    assert 'data-testid="meeting-ok"' in html
    assert "HD 12-HD/BTCTW; HD 21-HD/BTCTW; HD 27-HD/BTCTW (từ 06/07/2018)" in html
    assert quality_ok(cell, D(2019, 1, 1), D(2019, 6, 30)) == 1

    html = page(client, office, new)
    assert "HD 42-HD/BTCTW" in html and "(từ 28/10/2025)" in html
    assert "100 phút (ít nhất 120)" in html
    assert "sinh hoạt ngày 15, không phải ngày 3 hằng tháng" in html
    assert "tài liệu không được đăng trước" in html
    assert quality_ok(cell, D(2026, 1, 1), D(2026, 6, 30)) == 0


def test_between_ct_50_and_hd_42_only_the_day_applies(client, office, orgs):
    cell = orgs["A1-1"]
    people = members(cell, 2)
    on_the_3rd = meeting(
        cell, D(2025, 9, 3), "PP", kind=C, minutes=95, people=people
    )  # no documents: fine then
    on_the_9th = meeting(cell, D(2025, 8, 9), "PP", minutes=95, people=people)
    assert 'data-testid="meeting-ok"' in page(client, office, on_the_3rd)
    html = page(client, office, on_the_9th)
    assert "CT 50-CT/TW" in html and "sinh hoạt ngày 9, không phải ngày 3 hằng tháng" in html
    assert "tài liệu" not in html.split('data-testid="meeting-shortfalls"')[1].split("</ul>")[0]
    assert quality_ok(cell, D(2025, 7, 1), D(2025, 9, 30)) == 1


def test_documents_posted_the_same_day_are_late_and_a_day_ahead_are_on_time(client, office, orgs):
    cell = orgs["A1-1"]
    people = members(cell, 2)
    late = meeting(cell, D(2026, 4, 3), "PP", people=people, documents_posted_on=D(2026, 4, 3))
    on_time = meeting(cell, D(2026, 5, 3), "PP", people=people, documents_posted_on=D(2026, 5, 2))
    assert "tài liệu đăng ngày 03/04/2026 (phải trước buổi sinh hoạt ít nhất 1 ngày)" in page(
        client, office, late
    )
    assert 'data-testid="meeting-ok"' in page(client, office, on_time)
    assert quality_ok(cell, D(2026, 4, 1), D(2026, 5, 31)) == 1


def test_the_secretary_records_the_documents_day_and_the_items_and_the_page_shows_their_status(
    client, secretary_a1, orgs, half_year
):
    client.login(username=secretary_a1.username, password=PASSWORD)
    item = DirectiveItem.objects.get(directive__symbol="50-CT/TW", code="HD42-4")
    data = {"held_on": "03/06/2026", "kind": "thematic", "duration_minutes": "95", "items": [item.pk]}
    data.update({f"att_{p.pk}": "present" for p in half_year["a"]})
    # Posted after the meeting: refused, what was typed is kept.
    response = client.post(
        reverse("cells:meeting_new", args=["CBA1-1"]), {**data, "documents_posted_on": "04/06/2026"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tài liệu không thể đăng sau buổi sinh hoạt (03/06/2026)." in html
    assert 'value="04/06/2026"' in html and 'value="95"' in html

    response = client.post(
        reverse("cells:meeting_new", args=["CBA1-1"]), {**data, "documents_posted_on": "02/06/2026"}
    )
    assert response.status_code == 302
    saved = Meeting.objects.get(cell=orgs["A1-1"], held_on=D(2026, 6, 3))
    assert saved.documents_posted_on == D(2026, 6, 2)
    html = page(client, secretary_a1, saved)
    assert "50-CT/TW HD42-4" in html and "“Sổ tay đảng viên điện tử”" in html
    assert 'data-status="found"' in html and "Diễn giải, có nguồn" in html
    assert "02/06/2026" in html
