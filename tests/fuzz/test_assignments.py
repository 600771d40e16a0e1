"""Bad-input sweep over the assignments app: assignment, end, hand-over, petition, forward, status,
verdict, and the list filters, each through its real view as the role that may use it."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from assignments.models import (
    Assignment,
    CadreKind,
    FieldContact,
    Petition,
    PetitionCategory,
    PetitionEvent,
)
from notifications.models import Notification

from .checks import Submission
from .strategies import FEW, FUZZ, choice, dates, numbers, short_text, text, year_dates

pytestmark = pytest.mark.django_db

WRITES = [Assignment, FieldContact, Petition, PetitionEvent, Notification]
units = choice(["A1-1", "A1-1-1", "A1", "A"], also=["B1-1", "B1", "P"])
cadres = choice(["CA1", "SECA"], also=["CB1", "SECB"])


@FUZZ
@given(
    cadre=cadres,
    unit=units,
    kind=choice([k for k, _label in CadreKind.choices]),
    duty=text,
    starts=st.one_of(dates, year_dates),
    ends=st.one_of(dates, year_dates, st.just("")),
    number=short_text,
    by=choice(["DBA", "DBA1"], also=["DBB"]),
)
def test_assignment_form(client, world, cadre, unit, kind, duty, starts, ends, number, by):
    data = {
        "cadre": cadre,
        "unit": unit,
        "cadre_kind": kind,
        "duty": duty,
        "starts_on": starts,
        "ends_on": ends,
        "decision_number": number,
        "assigned_by": by,
    }
    sub = Submission(client, world.users["leader_a"], models=WRITES, typed={"duty": duty})
    sub.post(reverse("assignments:assignment_create"), data, created={Assignment: 1})


@FUZZ
@given(ends=st.one_of(dates, year_dates), role=st.sampled_from(["leader_a", "leader_b", "office"]))
def test_assignment_end(client, world, ends, role):
    a = world.districts["A"].objs["assignment"]
    sub = Submission(client, world.users[role], models=WRITES, typed={"ends_on": ends})
    sub.post(reverse("assignments:assignment_end", args=[a.pk]), {"ends_on": ends}, created={Assignment: 0})


@FUZZ
@given(to=cadres, on=st.one_of(dates, year_dates), number=short_text)
def test_assignment_hand_over(client, world, to, on, number):
    a = world.districts["A"].objs["assignment"]
    data = {"to_cadre": to, "on": on, "decision_number": number}
    sub = Submission(client, world.users["leader_a"], models=WRITES, typed={"on": on})
    sub.post(reverse("assignments:assignment_hand_over", args=[a.pk]), data, created={Assignment: 1})


@FUZZ
@given(unit=units, day=st.one_of(dates, year_dates), category=st.data(), content=text)
def test_petition_form(client, world, unit, day, category, content):
    ids = [str(pk) for pk in PetitionCategory.objects.values_list("pk", flat=True)[:3]]
    data = {"unit": unit, "raised_on": day, "category": category.draw(choice(ids)), "content": content}
    for role in ("cadre_a1", "leader_a"):
        sub = Submission(client, world.users[role], models=WRITES, typed={"content": content})
        sub.post(reverse("assignments:petition_create"), data, created={Petition: 1})


def _new_petition(world):
    p = world.districts["A"].objs["petition"]
    Petition.objects.filter(pk=p.pk).update(status=Petition.Status.NEW, agency=None)
    return p


@FUZZ
@given(agency=st.data(), due=st.one_of(dates, year_dates, st.just("")))
def test_petition_forward(client, world, agency, due):
    p = _new_petition(world)
    ids = [world.districts["A"].objs["agency"].pk, world.districts["B"].objs["agency"].pk]
    value = agency.draw(choice([str(i) for i in ids]), label="agency")
    sub = Submission(client, world.users["leader_a"], models=WRITES, typed={"due_on": due})
    sub.post(
        reverse("assignments:petition_forward", args=[p.pk]),
        {"agency": value, "due_on": due},
        created={PetitionEvent: 1},
    )
    if sub.accepted:
        p.refresh_from_db()
        assert p.agency_id == world.districts["A"].objs["agency"].pk, "forwarded to another district's agency"


@FUZZ
@given(
    status=choice([s for s, _label in Petition.Status.choices]),
    answer=text,
    reason=text,
    redirect_to=st.one_of(short_text, text),
    start=st.sampled_from([Petition.Status.FORWARDED, Petition.Status.IN_PROGRESS]),
)
def test_petition_status(client, world, status, answer, reason, redirect_to, start):
    p = world.districts["A"].objs["petition"]
    Petition.objects.filter(pk=p.pk).update(status=start)
    data = {"status": status, "answer": answer, "reason": reason, "redirect_to": redirect_to}
    sub = Submission(client, world.users["agency_a"], models=WRITES, typed={"answer": answer})
    sub.post(reverse("assignments:petition_status", args=[p.pk]), data, created={PetitionEvent: 1})
    if sub.accepted:
        # Which of the texts the page keeps depends on the status (redirect_to only for "returned"):
        # whatever it shows of them is escaped.
        page = client.get(reverse("assignments:petition_detail", args=[p.pk])).content.decode()
        assert "<script>alert" not in page


@FUZZ
@given(satisfied=choice(["yes", "no"]), answered=st.booleans())
def test_petition_verdict(client, world, satisfied, answered):
    p = world.districts["A"].objs["petition"]
    status = Petition.Status.ANSWERED if answered else Petition.Status.FORWARDED
    Petition.objects.filter(pk=p.pk).update(status=status, people_satisfied=None)
    sub = Submission(client, world.users["cadre_a1"], models=WRITES)
    sub.post(
        reverse("assignments:petition_verdict", args=[p.pk]),
        {"satisfied": satisfied},
        created={PetitionEvent: 1},
    )


@FUZZ
@given(
    unit=units,
    status=choice([s for s, _label in Petition.Status.choices]),
    agency=numbers,
    overdue=st.one_of(short_text, st.sampled_from(["on", "1", "true"])),
    start=dates,
    end=dates,
    page=numbers,
    export=st.sampled_from(["", "csv", "xlsx", "pdf", "<script>"]),
    role=st.sampled_from(["leader_a", "cadre_a1", "agency_a", "office"]),
)
def test_petition_filters(client, world, unit, status, agency, overdue, start, end, page, export, role):
    query = {
        "unit": unit,
        "status": status,
        "agency": agency,
        "overdue": overdue,
        "start": start,
        "end": end,
        "page": page,
        "export": export,
    }
    sub = Submission(client, world.users[role], models=WRITES)
    response = sub.get(reverse("assignments:petition_list"), query)
    if export in ("csv", "xlsx") and response.status_code == 200:
        assert "BIMATB" not in response.getvalue().decode("utf-8", "replace") or role == "office"
    sub.get(reverse("assignments:agencies"), {"start": start, "end": end, "agency": agency})


@FEW
@given(
    unit=units,
    active=short_text,
    cadre=st.one_of(short_text, text),
    page=numbers,
    role=st.sampled_from(["leader_a", "cadre_a1", "secretary_a1", "office", "agency_a"]),
)
def test_assignment_lists(client, world, unit, active, cadre, page, role):
    sub = Submission(client, world.users[role], models=WRITES)
    sub.get(
        reverse("assignments:assignment_list"), {"unit": unit, "active": active, "cadre": cadre, "page": page}
    )
    sub.get(reverse("assignments:coverage"), {"unit": unit})
    sub.get(reverse("assignments:contact_list"), {"unit": unit, "page": page})
    sub.get(reverse("notifications:list"), {"trang": page})
    sub.get(reverse("assignments:contact_create"), {"unit": unit})
    sub.get(reverse("assignments:assignment_create"), {"unit": unit})
    sub.get(reverse("assignments:petition_create"), {"unit": unit})
