"""Bad-input sweep (hypothesis): random Unicode, 10k-character strings, impossible dates, SQL and
HTML injection through the contact form, the public pledge comment, the meeting form and the roster
parser. No 500, nothing rendered back as raw HTML, and a rejected form writes nothing."""

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as fuzz_settings
from hypothesis import strategies as st

from assignments.models import FieldContact, Petition
from cells.models import Attendance, Meeting
from pledges.models import PublicComment
from tests.assignments.factories import category
from tests.cells.factories import members
from tests.pledges.factories import published_pledge
from tests.units.workbooks import UNIT_HEADERS
from units.imports import RosterFileError, import_file
from units.models import Unit

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
INJECTIONS = [
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE units_unit; --",
    "1 OR 1=1",
    "nul\x00byte",
    "%(name)s {{ request }} {% debug %}",
    "\u202e\u200b\ufeff",
    "Đường đal xuống cấp \U0001f600",
]
BAD_DATES = ["31/02/2020", "2020-02-31", "30/02/2026", "00/00/0000", "29/02/2025", "99/99/9999", "-1", ""]
text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(INJECTIONS),
    st.just("x" * 10_000),
    st.builds(lambda s: s * 2000, st.sampled_from(["ă", "<b>", "' OR '"])),
)
dates = st.one_of(st.sampled_from(BAD_DATES), st.text(max_size=20))
FUZZ = fuzz_settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def pledge(lan):
    return published_pledge(org=lan.party_org, cadre=lan)


@pytest.fixture
def people(orgs):
    return members(orgs["A1-1"], 2)


def counts(*models):
    return [m.objects.count() for m in models]


def assert_no_raw_html(response):
    assert response.status_code < 500
    assert SCRIPT not in response.content.decode()


@FUZZ
@given(disseminated=text, opinions=text, petition=text, day=st.one_of(dates, st.just("today")))
def test_the_contact_form_survives_bad_input(
    client, cadre_a1, group_assignment, disseminated, opinions, petition, day
):
    client.force_login(cadre_a1)
    before = counts(FieldContact, Petition)
    response = client.post(
        reverse("assignments:contact_create"),
        {
            "unit": "A1-1-1",
            "contacted_on": timezone.localdate().isoformat() if day == "today" else day,
            "kind": "visit",
            "disseminated": disseminated,
            "opinions": opinions,
            "petition_category": category("ha-tang").pk,
            "petition_content": petition,
        },
    )
    assert_no_raw_html(response)
    if response.status_code == 302:
        assert_no_raw_html(client.get(response.url))
    else:
        assert counts(FieldContact, Petition) == before  # rejected: nothing written


@FUZZ
@given(body=text, name=text, contact=text)
def test_the_public_comment_survives_bad_input(client, pledge, leader_a, settings, body, name, contact):
    settings.PLEDGE_COMMENT_RATE = "1000/h"
    before = counts(PublicComment)
    response = client.post(
        f"/p/{pledge.short_code}/",
        {"body": body, "name": name, "contact": contact},
        REMOTE_ADDR="203.0.113.5",
    )
    assert_no_raw_html(response)
    if response.status_code != 302:
        assert counts(PublicComment) == before
    client.force_login(leader_a)  # the moderator's queue shows the comment as text
    assert_no_raw_html(client.get(reverse("pledges:comments")))
    client.logout()


@FUZZ
@given(day=st.one_of(dates, st.just("2026-05-09")), minutes=text, starts=text, title=text)
def test_the_meeting_form_survives_bad_input(client, secretary_a1, orgs, day, minutes, starts, title):
    cell = orgs["A1-1"]
    people = (
        list(cell.members.all()) if hasattr(cell, "members") and cell.members.exists() else members(cell, 2)
    )
    client.force_login(secretary_a1)
    data = {
        "held_on": day,
        "kind": "regular",
        "duration_minutes": minutes,
        "starts_at": starts,
        "topic_title": title,
    }
    data.update({f"att_{p.pk}": "present" for p in people})
    before = counts(Meeting, Attendance)
    response = client.post(reverse("cells:meeting_new", args=[cell.code]), data)
    assert_no_raw_html(response)
    if response.status_code == 302:
        assert_no_raw_html(client.get(response.url))
    else:
        assert counts(Meeting, Attendance) == before


cell_text = st.one_of(st.text(max_size=60), st.sampled_from(INJECTIONS + BAD_DATES), st.just("y" * 10_000))


@FUZZ
@given(rows=st.lists(st.lists(cell_text, min_size=0, max_size=6), min_size=1, max_size=5))
def test_the_roster_parser_survives_bad_input(tree, rows):
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(UNIT_HEADERS)
    writer.writerows(rows)
    before = sorted(Unit.objects.values_list("code", "name"))
    try:
        plan = import_file(out.getvalue().encode("utf-8"), "roster.csv")
    except RosterFileError:
        plan = None  # refused with one message
    if plan is None or plan.rejected:
        assert sorted(Unit.objects.values_list("code", "name")) == before  # all or nothing
