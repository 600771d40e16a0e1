"""Bad-input sweep over the cells app: a meeting's edit (attendance reasons included), the
announcement form, reopening a period, a grade decided by the committee, starting a rollup, and the
`?q`, `?ky`, `?to-chuc` filters, each through its real view as the role that may use it."""

import datetime
import unicodedata
from urllib.parse import quote

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from cells import selectors
from cells.models import (
    Announcement,
    Attendance,
    Grade,
    GradeOverride,
    Meeting,
    MeetingTopic,
    Period,
    PeriodReopening,
)

from .checks import Submission
from .strategies import FEW, FUZZ, choice, dates, nfd, numbers, short_text, text, times

pytestmark = pytest.mark.django_db

PERIOD = "2026-H1"
MEETING_WRITES = [Meeting, MeetingTopic, Attendance]
DECISIONS = [Announcement, GradeOverride, PeriodReopening]
# Dates a meeting of the cast's cell may have (not in the future, after the cell's start).
past_days = st.dates(min_value=datetime.date(2026, 1, 1), max_value=datetime.date(2026, 11, 1)).map(
    lambda d: d.isoformat()
)
periods = st.one_of(
    st.sampled_from(["2026-H1", "2026-H2", "2025-H2", "1999-H1", "2101-H2", "2026-H3", "2026-h1"]),
    st.sampled_from(["٢٠٢٦-H1", "2026-H1\n", " 2026-H1", "<script>", "'; DROP TABLE cells_period; --"]),
    short_text,
)
org_codes = st.one_of(choice(["DBA1", "CBA1-1", "DBA", "DBP"], also=["DBB1", "CBB1-1"]), short_text)
statuses = choice([s for s, _label in Attendance.Status.choices])


@FUZZ
@given(
    day=st.one_of(dates, past_days),
    kind=choice([k for k, _label in Meeting.Kind.choices]),
    starts=times,
    minutes=st.one_of(numbers, st.sampled_from(["60", "90"])),
    title=text,
    notes=text,
    marks=st.lists(
        st.tuples(statuses, st.one_of(text, st.sampled_from(["Ốm", nfd("Đi công tác xa")]))),
        min_size=2,
        max_size=2,
    ),
    chair=st.data(),
)
def test_meeting_edit(client, world, day, kind, starts, minutes, title, notes, marks, chair):
    cell = world.districts["A"].objs["cell"]
    meeting = world.districts["A"].objs["meeting"]
    people = list(selectors.cell_members(cell))
    data = {
        "held_on": day,
        "kind": kind,
        "starts_at": starts,
        "duration_minutes": minutes,
        "topic_title": title,
        "minutes": notes,
        "chair": chair.draw(choice([str(p.pk) for p in people], also=["999999"]), label="chair"),
    }
    for person, (status, reason) in zip(people, marks, strict=False):
        data[f"att_{person.pk}"] = status
        data[f"reason_{person.pk}"] = reason
    sub = Submission(client, world.users["secretary_a1"], models=MEETING_WRITES, typed={"minutes": notes})
    sub.post(
        reverse("cells:meeting_edit", args=[cell.code, meeting.pk]),
        data,
        created={Meeting: 0, Attendance: 0},
    )
    if sub.accepted:
        page = client.get(reverse("cells:meeting", args=[cell.code, meeting.pk])).content.decode()
        for _status, reason in marks:
            stored = unicodedata.normalize("NFC", reason).strip()
            if stored and "\x00" not in reason and "<" in stored:
                assert "<" + stored[stored.index("<") + 1 :] not in page  # shown escaped


def test_attendance_reasons_are_stored_nfc(client, world):
    """Attendance rows are written in bulk (no save()): the reason typed in NFD is stored NFC."""
    cell = world.districts["A"].objs["cell"]
    meeting = world.districts["A"].objs["meeting"]
    people = list(selectors.cell_members(cell))
    data = {"held_on": "2026-03-05", "kind": "regular", "duration_minutes": "60"}
    for person in people:
        data[f"att_{person.pk}"] = "excused"
        data[f"reason_{person.pk}"] = nfd("  Ốm, đi viện Bến Tre  ")
    sub = Submission(client, world.users["secretary_a1"], models=MEETING_WRITES)
    sub.post(reverse("cells:meeting_edit", args=[cell.code, meeting.pk]), data)
    assert sub.accepted
    reasons = set(Attendance.objects.filter(meeting=meeting).values_list("reason", flat=True))
    assert reasons == {"Ốm, đi viện Bến Tre"}


@FUZZ
@given(
    number=short_text,
    place=short_text,
    issued=st.one_of(dates, st.just("")),
    title=text,
    body=text,
    recipients=text,
    signer_title=short_text,
    signer_name=st.one_of(short_text, text),
    period=st.sampled_from(["2026-H2", "2025-H2"]),
)
def test_announcement_form(
    client, world, number, place, issued, title, body, recipients, signer_title, signer_name, period
):
    data = {
        "number": number,
        "place": place,
        "issued_on": issued,
        "title": title,
        "body": body,
        "recipients": recipients,
        "signer_title": signer_title,
        "signer_name": signer_name,
    }
    sub = Submission(client, world.users["leader_a"], models=DECISIONS, typed={"body": body})
    sub.post(reverse("cells:announcement", args=[period, "DBA1"]), data)
    if sub.accepted:
        assert Announcement.objects.filter(org__code="DBA1", period__code=period).count() == 1


@FUZZ
@given(reason=text, role=st.sampled_from(["leader_a", "office", "leader_b"]))
def test_announcement_reopen(client, world, reason, role):
    announcement = world.districts["A"].objs["announcement"]
    Announcement.objects.filter(pk=announcement.pk).update(status=Announcement.Status.PUBLISHED)
    sub = Submission(client, world.users[role], models=DECISIONS, typed={"reason": reason})
    sub.post(
        reverse("cells:announcement_reopen", args=[PERIOD, "DBA1"]),
        {"reason": reason},
        created={PeriodReopening: 1},
    )
    if role == "leader_b":
        assert sub.response.status_code == 403


@FUZZ
@given(
    grade=choice([g for g, _label in Grade.choices]),
    reason=text,
    cell=st.sampled_from(["CBA1-1", "CBB1-1"]),
    period=st.sampled_from([PERIOD, "2026-H2"]),
)
def test_grade_override(client, world, grade, reason, cell, period):
    sub = Submission(client, world.users["leader_a"], models=DECISIONS, typed={"reason": reason})
    sub.post(reverse("cells:grade_override", args=[period, "DBA1", cell]), {"grade": grade, "reason": reason})
    if cell == "CBB1-1":
        assert sub.response.status_code in (403, 404)


@FEW
@given(
    target=org_codes,
    period=st.sampled_from(["2026-H1", "2025-H2"]),
    role=st.sampled_from(["leader_a", "office"]),
)
def test_rollup_start(client, world, target, period, role):
    sub = Submission(client, world.users[role], form=False)
    response = sub.post(reverse("cells:start", args=[period]), {"to-chuc": target})
    assert response.status_code == 302
    if role == "leader_a":
        assert "DBB" not in response.url and "CBB" not in response.url  # not another district's


@FUZZ
@given(
    query=st.one_of(text.filter(lambda t: "\x00" not in t), short_text),
    page=numbers,
    period=periods,
    org=org_codes,
    role=st.sampled_from(["leader_a", "office", "secretary_a1", "cadre_a1"]),
)
def test_cell_filters(client, world, query, page, period, org, role):
    sub = Submission(client, world.users[role], models=[Announcement, GradeOverride])
    before = sorted(Period.objects.values_list("code", "starts_on"))
    sub.get(reverse("cells:index"), {"q": query, "trang": page})
    sub.get(reverse("cells:cell", args=["CBA1-1"]), {"ky": period})
    sub.get(reverse("cells:results", args=["2026-H1"]), {"to-chuc": org})
    sub.get(reverse("cells:announcement", args=["2026-H1", "DBA1"]))
    if len(period) < 50:
        sub.get(
            reverse("cells:results", args=["x"]).replace("/x/", f"/{quote(period, safe='')}/"),
            {"to-chuc": org},
        )
    after = Period.objects.values_list("code", "starts_on")
    days = [start for _code, start in after]
    assert len(days) == len(set(days)), f"a filter created a second period for one half-year: {sorted(after)}"
    assert all(code.isascii() for code, _start in after) or sorted(after) == before


@pytest.mark.parametrize("target", ["nul\x00byte", "\x00", "DBA1\x00"])
def test_rollup_start_with_a_nul_in_the_organisation(client, world, target):
    """`to-chuc` is read straight from the POST (no form): a NUL must not reach PostgreSQL."""
    sub = Submission(client, world.users["leader_a"], form=False)
    response = sub.post(reverse("cells:start", args=["2026-H1"]), {"to-chuc": target})
    assert response.status_code == 302 and "to-chuc" not in response.url
