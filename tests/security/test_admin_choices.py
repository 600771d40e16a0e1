"""The admin's choices are held to the user's scope (config/admin.py): a scoped staff user cannot
save another district's cadre, unit, organisation, agency or user through a select or a raw id."""

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from accounts import roles
from assignments.models import Assignment, Petition
from common.admin import ScopedAdmin
from tests.accounts.factories import UserFactory
from tests.assignments.factories import AgencyFactory
from tests.units.factories import CadreFactory

pytestmark = pytest.mark.django_db


def test_every_registered_admin_holds_its_choices_to_the_scope():
    assert [
        type(ma).__name__ for ma in admin.site._registry.values() if not isinstance(ma, ScopedAdmin)
    ] == []


def form_field(model, name, user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return admin.site._registry[model].get_form(request).base_fields[name]


@pytest.fixture
def staff_leader_a(tree, orgs):
    return UserFactory(
        username="staff_a", roles=[roles.LEADER], home_unit=tree["A"], home_org=orgs["A"], is_staff=True
    )


def test_a_scoped_staff_user_may_name_only_records_of_their_district(tree, orgs, staff_leader_a, office):
    mine = CadreFactory(code="HA-1", full_name="Võ Minh Tâm", work_unit=tree["A"], party_org=orgs["A"])
    theirs = CadreFactory(code="HB-1", full_name="Đặng Thị Bảy", work_unit=tree["B"], party_org=orgs["B"])
    agency_a, agency_b = AgencyFactory(unit=tree["A"]), AgencyFactory(unit=tree["B"])
    cases = [
        (Assignment, "cadre", mine, theirs),
        (Assignment, "unit", tree["A1-1"], tree["B1-1"]),
        (Assignment, "assigned_by", orgs["A"], orgs["B"]),
        (Petition, "agency", agency_a, agency_b),
    ]
    for model, name, inside, outside in cases:
        field = form_field(model, name, staff_leader_a)
        assert field.clean(inside.pk) == inside, name
        with pytest.raises(ValidationError) as refused:
            field.clean(outside.pk)
        assert refused.value.code == "invalid_choice", name
        # The office sees everything: the same id is accepted (so the refusal is the scope's).
        assert form_field(model, name, office).clean(outside.pk) == outside, name
