"""Every code or id a form accepts is resolved inside the user's scope (`units.fields.ScopedField`).

The enumeration test finds the fields; the regression tests (the cast of tests/conftest.py: district A
and district B) show each converted field refusing the other district's record with exactly the
message of a code nobody has, writing nothing and never naming the record, and accepting one of the
user's own (so the refusals are not vacuous).
"""

import datetime
import re

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from accounts import roles
from assignments.models import Agency, Assignment, CadreKind, Petition
from cells.models import Meeting
from pledges.models import RemedialAction, Review, Shortcoming
from tests.accounts.factories import UserFactory
from tests.assignments.factories import AgencyFactory, AssignmentFactory, PetitionFactory, category
from tests.cells.factories import members
from tests.forms import project_form_classes
from tests.units.factories import CadreFactory
from units.fields import ScopedField
from units.models import Cadre, PartyOrg, Unit

REFERENCED = (Cadre, Unit, PartyOrg, Agency, get_user_model())
# A field's name or (English) label saying it takes a person, a unit, an organisation or an agency.
NAME = re.compile(
    r"(^|_)(code|codes|cadre|cadres|unit|units|org|owner|agency|parent|sources|by|user|person|chair|guests|members?)$"
)
LABEL = re.compile(r"\bcodes?\b", re.IGNORECASE)
# Fields that match the patterns above but take no existing record, each with the reason.
NOT_A_REFERENCE = {
    # "self" or "org": the signed-in user's own cadre or home organisation, nothing typed.
    ("pledges.forms.OwnerForm", "owner"): lambda f: {c for c, _l in f.choices} <= {"self", "org"},
    ("pledges.forms.ReviewForm", "owner"): lambda f: {c for c, _l in f.choices} <= {"self", "org"},
    # The code the merge gives the new unit: created, not looked up.
    ("units.reorg_views.MergeForm", "code"): lambda f: type(f) is forms.CharField,
    # The six digits of a sign-in app (two-step sign-in), checked against the user's own device.
    ("accounts.otp_views.CodeForm", "code"): lambda f: type(f) is forms.CharField,
}


def takes_a_record(name, field) -> bool:
    if isinstance(field, forms.ModelChoiceField) and issubclass(field.queryset.model, REFERENCED):
        return True
    with translation.override("en"):
        label = str(field.label or "")
    return bool(NAME.search(name) or LABEL.search(label))


def test_every_field_taking_a_person_unit_organisation_or_agency_is_scoped():
    """Walks every form class of the project (imported from every module of the apps, so forms
    defined in views count too; formsets contribute their form) and every declared field (for a
    ModelForm, the generated ones too). A field is a reference when it is a model choice field over
    Cadre, Unit, PartyOrg, Agency or User, or when its name (`*_code`, `cadre`, `unit`, `org`,
    `owner`, `agency`, `assigned_by`, …) or its label ("… code") says so; each must be a
    `ScopedField`. A new `forms.CharField(label="Cadre code")`, a `ModelChoiceField(Unit…)` or a
    ModelForm exposing a foreign key to Cadre therefore fails here, whatever it is called, unless
    listed in NOT_A_REFERENCE with a check of what it really takes. Fields added in `__init__`
    (the meeting form's per-member attendance radios, keyed by the member's id that the server put
    there and checked against the cell) are not declared and are not walked."""
    classes = project_form_classes()
    names = {f"{c.__module__}.{c.__qualname__}" for c in classes}
    # The walk does reach the forms that take codes (not vacuous).
    assert {
        "assignments.forms.AssignmentForm",
        "pledges.forms.RemedialActionForm",
        "cells.forms.MeetingForm",
        "units.reorg_views.MergeForm",
    } <= names
    checked, unscoped = [], []
    for cls in classes:
        key = f"{cls.__module__}.{cls.__qualname__}"
        for name, field in cls.base_fields.items():
            if not takes_a_record(name, field):
                continue
            exempt = NOT_A_REFERENCE.get((key, name))
            if exempt is not None:
                assert exempt(field), f"{key}.{name} no longer takes what NOT_A_REFERENCE says"
                continue
            checked.append(f"{key}.{name}")
            if not isinstance(field, ScopedField):
                unscoped.append(f"{key}.{name} ({type(field).__name__})")
    assert unscoped == []
    assert len(checked) >= 14, checked


def test_an_unbound_scoped_field_resolves_nothing(tree):
    """A form that forgot to scope its field refuses everything rather than everything being open."""
    field = ScopedField(Unit)
    with pytest.raises(forms.ValidationError) as refused:
        field.clean("A1")
    assert refused.value.code == "invalid_choice"
    assert ScopedField(Unit).scope_to(UserFactory(roles=[roles.OFFICE])).clean(" A1 ") == tree["A1"]


# ---------------------------------------------------------------------------------------------
# The regression tests: district A's people and district B's records.

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def cadre_ha(tree, orgs):
    """A district cadre of Huyện A (the right level to follow a hamlet until 30-06-2025)."""
    return CadreFactory(
        code="HA-0001",
        full_name="Võ Minh Tâm",
        cadre_level=Cadre.Level.DISTRICT,
        work_unit=tree["A"],
        party_org=orgs["A"],
    )


@pytest.fixture
def cadre_hb(tree, orgs):
    """A district cadre of Huyện B: the record district A must not reach."""
    return CadreFactory(
        code="HB-0001",
        full_name="Đặng Thị Bảy",
        cadre_level=Cadre.Level.DISTRICT,
        work_unit=tree["B"],
        party_org=orgs["B"],
    )


def assignment_data(**fields):
    return {
        "cadre": "HA-0001",
        "unit": "A1-1",
        "cadre_kind": "",
        "duty": "Theo dõi",
        "starts_on": "01/02/2025",
        "ends_on": "",
        "decision_number": "",
        "assigned_by": "",
        **fields,
    }


def post(client, user, url, data):
    client.force_login(user)
    return client.post(url, data)


def test_a_leader_cannot_assign_another_districts_cadre(client, leader_a, cadre_ha, cadre_hb):
    url = reverse("assignments:assignment_create")
    refused = post(client, leader_a, url, assignment_data(cadre="HB-0001")).content.decode()
    unknown = post(client, leader_a, url, assignment_data(cadre="ZZ-9")).content.decode()
    assert "Không có cán bộ nào có mã HB-0001." in refused and "Không có cán bộ nào có mã ZZ-9." in unknown
    assert cadre_hb.full_name not in refused and "HB-0001" in refused  # what was typed is kept
    assert not Assignment.objects.exists()
    response = post(client, leader_a, url, assignment_data())
    assert response.status_code == 302 and Assignment.objects.get().cadre == cadre_ha


def test_a_leader_cannot_assign_to_another_districts_unit(client, leader_a, tree, cadre_ha):
    refused = post(client, leader_a, reverse("assignments:assignment_create"), assignment_data(unit="B1-1"))
    assert "Không có đơn vị nào có mã B1-1." in refused.content.decode()
    assert tree["B1"].name not in refused.content.decode()
    assert not Assignment.objects.exists()


def test_a_leader_cannot_name_another_districts_organisation_as_assigning(client, leader_a, orgs, cadre_ha):
    url = reverse("assignments:assignment_create")
    refused = post(client, leader_a, url, assignment_data(assigned_by="DBB")).content.decode()
    assert "Không có tổ chức đảng nào có mã DBB." in refused and orgs["B"].name not in refused
    assert not Assignment.objects.exists()
    assert post(client, leader_a, url, assignment_data(assigned_by="DBA")).status_code == 302
    assert Assignment.objects.get().assigned_by == orgs["A"]


def test_a_hand_over_to_another_districts_cadre_is_refused(client, leader_a, tree, cadre_ha, cadre_hb):
    assignment = AssignmentFactory(
        cadre=cadre_ha, unit=tree["A1-1"], cadre_kind=CadreKind.DISTRICT, starts_on=datetime.date(2025, 1, 1)
    )
    other_a = CadreFactory(code="HA-0002", cadre_level=Cadre.Level.DISTRICT, work_unit=tree["A2"])
    url = reverse("assignments:assignment_hand_over", args=[assignment.pk])
    refused = post(client, leader_a, url, {"to_cadre": "HB-0001", "on": "01/03/2025"})
    assert refused.status_code == 400
    assert "Không có cán bộ nào có mã HB-0001." in refused.content.decode()
    assert cadre_hb.full_name not in refused.content.decode()
    assignment.refresh_from_db()
    assert assignment.ends_on is None and Assignment.objects.count() == 1
    assert post(client, leader_a, url, {"to_cadre": "HA-0002", "on": "01/03/2025"}).status_code == 302
    assert Assignment.objects.get(ends_on__isnull=True).cadre == other_a


def test_a_petition_at_another_districts_unit_is_refused(client, leader_a, tree):
    url = reverse("assignments:petition_create")
    data = {
        "unit": "B1-1",
        "raised_on": "01/03/2026",
        "category": category().pk,
        "content": "Đề nghị sửa đường",
    }
    refused = post(client, leader_a, url, data).content.decode()
    assert "Không có đơn vị nào có mã B1-1." in refused and tree["B1"].name not in refused
    assert not Petition.objects.exists()
    assert post(client, leader_a, url, data | {"unit": "A1-1"}).status_code == 302
    assert Petition.objects.get().unit == tree["A1-1"]


def test_a_cadre_raises_a_petition_at_a_unit_they_follow_outside_their_home_commune(client, tree, cadre_a1):
    """Followed units are in the petition form's scope even outside the cadre's home unit."""
    AssignmentFactory(cadre=cadre_a1.cadre, unit=tree["A2"], starts_on=D(2026, 1, 1))
    data = {
        "unit": "A2",
        "raised_on": "01/03/2026",
        "category": category().pk,
        "content": "Đề nghị sửa đường",
    }
    assert post(client, cadre_a1, reverse("assignments:petition_create"), data).status_code == 302
    assert Petition.objects.get().unit == tree["A2"]


@pytest.fixture
def agencies(tree):
    return (
        AgencyFactory(code="UBA1", name="Ủy ban nhân dân xã An Hòa", unit=tree["A1"]),
        AgencyFactory(code="UBB1", name="Ủy ban nhân dân xã Bình Đông", unit=tree["B1"]),
    )


def test_a_petition_is_not_forwarded_to_another_districts_agency(client, leader_a, tree, agencies):
    own, other = agencies
    petition = PetitionFactory(unit=tree["A1-1"])
    url = reverse("assignments:petition_forward", args=[petition.pk])
    refused = post(client, leader_a, url, {"agency": other.pk, "due_on": ""}).content.decode()
    assert "Hãy chọn một trong các mục có trong danh sách." in refused and other.name not in refused
    unknown = post(client, leader_a, url, {"agency": 999_999, "due_on": ""}).content.decode()
    assert "Hãy chọn một trong các mục có trong danh sách." in unknown
    petition.refresh_from_db()
    assert petition.agency is None and petition.status == Petition.Status.NEW
    assert post(client, leader_a, url, {"agency": own.pk, "due_on": ""}).status_code == 302
    petition.refresh_from_db()
    assert petition.agency == own


def test_the_petition_filter_takes_only_agencies_in_scope(client, leader_a, tree, agencies):
    own, other = agencies
    PetitionFactory(unit=tree["A1-1"], agency=own, status=Petition.Status.FORWARDED)
    client.force_login(leader_a)
    refused = client.get(reverse("assignments:petition_list"), {"agency": other.pk}).content.decode()
    assert "Hãy chọn một trong các mục có trong danh sách." in refused and other.name not in refused
    page = client.get(reverse("assignments:petition_list"), {"agency": own.pk})
    assert page.context["form"].is_valid() and len(page.context["page"]) == 1


@pytest.fixture
def cell_review(orgs):
    return Review.objects.create(org=orgs["A1-1"], year=2026)


def shortcoming(owner_code):
    return {
        "description": "Sinh hoạt chưa đều",
        "cause": "Chủ quan",
        "actions-TOTAL_FORMS": "1",
        "actions-INITIAL_FORMS": "0",
        "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": "1000",
        "actions-0-description": "Sinh hoạt đúng ngày 5 hằng tháng",
        "actions-0-owner_code": owner_code,
        "actions-0-due_on": "31/12/2026",
        "actions-0-milestones": "",
    }


def test_a_cell_secretary_cannot_make_another_districts_cadre_an_owner(
    client, secretary_a1, cadre_a1, cadre_b1, cell_review
):
    url = reverse("pledges:shortcoming_add", args=[cell_review.pk])
    refused = post(client, secretary_a1, url, shortcoming("CB1"))
    assert refused.status_code == 400
    assert "Không có cán bộ nào có mã CB1." in refused.content.decode()
    assert cadre_b1.cadre.full_name not in refused.content.decode()
    assert not Shortcoming.objects.exists() and not RemedialAction.objects.exists()
    # A member of the cell who works at the commune is in the secretary's scope (her cell).
    assert post(client, secretary_a1, url, shortcoming("CA1")).status_code == 302
    assert RemedialAction.objects.get().owner == cadre_a1.cadre


def test_a_meeting_takes_its_chair_and_guests_only_from_the_cells_lists(
    client, secretary_a1, orgs, tree, cadre_b1
):
    cell = orgs["A1-1"]
    people = members(cell, 2)
    guest = CadreFactory(code="HA-G", cadre_level=Cadre.Level.DISTRICT, work_unit=tree["A"])
    AssignmentFactory(cadre=guest, unit=tree["A1-1"], cadre_kind=CadreKind.DISTRICT, starts_on=D(2026, 1, 1))
    url = reverse("cells:meeting_new", args=[cell.code])
    data = {
        "held_on": "09/05/2026",
        "kind": "regular",
        "duration_minutes": "90",
        "topic_title": "Nghị quyết",
        **{f"att_{p.pk}": "present" for p in people},
    }
    other = cadre_b1.cadre
    for bad in ({"chair": other.pk}, {"guests": [other.pk]}, {"chair": 999_999}, {"guests": ["x"]}):
        refused = post(client, secretary_a1, url, data | bad)
        assert "Hãy chọn một trong các mục có trong danh sách." in refused.content.decode(), bad
        assert other.full_name not in refused.content.decode()
    assert not Meeting.objects.exists()
    assert (
        post(client, secretary_a1, url, data | {"chair": people[0].pk, "guests": [guest.pk]}).status_code
        == 302
    )
    meeting = Meeting.objects.get()
    assert meeting.chair == people[0] and list(meeting.guests.all()) == [guest]


def test_the_merge_form_resolves_units_in_the_users_scope_only(tree, leader_a, office):
    from units.reorg_views import MergeForm

    data = {
        "sources": "A1; B1, ZZ",
        "code": "AN",
        "name": "Xã An Bình",
        "kind": Unit.Kind.COMMUNE,
        "parent": "B",
        "effective_on": "01/07/2026",
    }
    form = MergeForm(data, user=leader_a)
    assert not form.is_valid()
    assert form.errors["sources"] == ["Không có đơn vị nào có mã B1, ZZ."]
    assert form.errors["parent"] == ["Không có đơn vị nào có mã cấp trên B."]
    assert form["sources"].value() == "A1; B1, ZZ"  # re-shown as typed
    form = MergeForm(data | {"sources": "A1, A1 ,A2", "parent": "A"}, user=leader_a)
    assert form.is_valid(), form.errors
    assert (
        form.cleaned_data["sources"] == [tree["A1"], tree["A2"]] and form.cleaned_data["parent"] == tree["A"]
    )
    assert MergeForm(data | {"sources": "A1, B1", "parent": "P"}, user=office).is_valid()


def test_an_id_beyond_the_databases_integers_reads_as_not_listed(client, secretary_a1, orgs):
    """SQLite raised OverflowError (a 500) on a chosen id longer than 64 bits."""
    cell = orgs["A1-1"]
    people = members(cell, 1)
    data = {
        "held_on": "09/05/2026",
        "kind": "regular",
        "duration_minutes": "90",
        f"att_{people[0].pk}": "present",
    }
    for bad in ({"chair": "9" * 40}, {"guests": ["9" * 40]}):
        response = post(client, secretary_a1, reverse("cells:meeting_new", args=[cell.code]), data | bad)
        assert "Hãy chọn một trong các mục có trong danh sách." in response.content.decode()
    assert not Meeting.objects.exists()
