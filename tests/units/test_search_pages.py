"""Pickers, search and the party-organisation tree outside the admin: by name or code, accents
optional, only inside the user's subtree."""

import pytest
from django.urls import reverse

from assignments.forms import AssignmentForm
from tests.units.factories import CadreFactory, PartyOrgFactory, UnitFactory
from units.models import PartyOrg, Unit

pytestmark = pytest.mark.django_db


def pick(client, kind, q):
    r = client.get(reverse("units:pick", args=[kind]), {"q": q})
    assert r.status_code == 200
    return [row["code"] for row in r.json()["results"]]


def test_the_picker_finds_units_by_name_without_accents_and_by_code(client, leader_a, tree):
    client.force_login(leader_a)
    assert pick(client, "don-vi", "xa an hoa") == ["A1"]
    assert pick(client, "don-vi", "A1-1-1") == ["A1-1-1"]
    assert pick(client, "don-vi", "Xã An") == ["A1", "A2"]


def test_the_picker_offers_nothing_outside_the_users_subtree(client, leader_a, tree, cadre_b1):
    client.force_login(leader_a)
    assert pick(client, "don-vi", "binh dong") == []
    assert pick(client, "can-bo", "le van binh") == []
    assert pick(client, "to-chuc-dang", "DBB1") == []


def test_the_picker_finds_cadres_and_says_where_they_work(client, leader_a, cadre_a1):
    client.force_login(leader_a)
    rows = client.get(reverse("units:pick", args=["can-bo"]), {"q": "tran thi"}).json()["results"]
    assert rows == [{"code": "CA1", "name": "Trần Thị Lan", "detail": "Xã An Hòa"}]


def test_the_picker_needs_a_sign_in_and_a_known_kind(client, leader_a):
    assert client.get(reverse("units:pick", args=["don-vi"]), {"q": "an"}).status_code == 302
    client.force_login(leader_a)
    assert client.get(reverse("units:pick", args=["nguoi-dung"]), {"q": "an"}).status_code == 404


def test_code_boxes_carry_the_picker_and_still_take_a_typed_code(leader_a, tree, cadre_a1):
    form = AssignmentForm(user=leader_a)
    html = str(form["cadre"])
    assert 'data-picker="/don-vi/chon/can-bo/"' in html and 'type="text"' in html
    assert 'data-picker="/don-vi/chon/don-vi/"' in str(form["unit"])


def test_the_picker_answers_in_one_query(client, leader_a, tree, django_assert_max_num_queries):
    client.force_login(leader_a)
    client.get(reverse("units:pick", args=["don-vi"]), {"q": "an"})
    with django_assert_max_num_queries(4):  # session, user, groups, the search
        client.get(reverse("units:pick", args=["don-vi"]), {"q": "an"})


def test_the_search_page_finds_units_organisations_and_cadres(client, leader_a, orgs, cadre_a1, cadre_b1):
    client.force_login(leader_a)
    r = client.get(reverse("units:search"), {"q": "an hoa"})
    text = r.content.decode()
    assert "Xã An Hòa" in text and "Đảng bộ xã An Hòa" in text
    text = client.get(reverse("units:search"), {"q": "tran thi lan"}).content.decode()
    assert "Trần Thị Lan" in text and "Xã An Hòa" in text  # where she works
    r = client.get(reverse("units:search"), {"q": "binh"})
    assert "Bình Đông" not in r.content.decode() and "Lê Văn Bình" not in r.content.decode()


def test_the_search_page_is_bounded_in_queries(client, leader_a, orgs, django_assert_max_num_queries):
    for n in range(30):
        CadreFactory(code=f"X{n}", full_name=f"An Văn {n}", work_unit=leader_a.home_unit)
    client.force_login(leader_a)
    with django_assert_max_num_queries(8):
        r = client.get(reverse("units:search"), {"q": "an"})
    assert r.status_code == 200 and "An Văn 1" in r.content.decode()


def test_the_org_tree_shows_children_in_natural_order_with_their_counts(client, leader_a, orgs, tree):
    for n in (10, 2, 1):
        PartyOrgFactory(code=f"CBN{n}", name=f"Chi bộ số {n}", kind=PartyOrg.Kind.CELL, parent=orgs["A1"], unit=tree["A1"])
    client.force_login(leader_a)
    r = client.get(reverse("units:org", args=["DBA1"]))
    text = r.content.decode()
    positions = [text.index(f"Chi bộ số {n}<") for n in (1, 2, 10)]
    assert positions == sorted(positions)
    assert "Đảng bộ huyện A" in text  # the breadcrumb


def test_the_org_page_refuses_another_district_and_unknown_codes(client, leader_a, orgs):
    client.force_login(leader_a)
    assert client.get(reverse("units:org", args=["DBB1"])).status_code == 403
    assert client.get(reverse("units:org", args=["NOPE"])).status_code == 404


def test_the_org_page_is_bounded_in_queries(client, leader_a, orgs, tree, django_assert_max_num_queries):
    for n in range(25):
        PartyOrgFactory(code=f"CBQ{n}", name=f"Chi bộ {n}", kind=PartyOrg.Kind.CELL, parent=orgs["A1"], unit=tree["A1"])
    client.force_login(leader_a)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("units:org", args=["DBA1"])).status_code == 200


def test_the_org_root_opens_the_users_organisation(client, leader_a, office, orgs):
    client.force_login(leader_a)
    assert client.get(reverse("units:org_root"))["Location"] == reverse("units:org", args=["DBA"])
    client.force_login(office)
    assert client.get(reverse("units:org_root"))["Location"] == reverse("units:org", args=["DBP"])


def test_a_units_children_are_in_natural_order(client, leader_a, tree):
    for n in (10, 2, 1):
        UnitFactory(code=f"G{n}", name=f"Tổ số {n}", kind=Unit.Kind.GROUP, parent=tree["A1-1"])
    client.force_login(leader_a)
    text = client.get(reverse("units:detail", args=["A1-1"])).content.decode()
    positions = [text.index(f"Tổ số {n}<") for n in (1, 2, 10)]
    assert positions == sorted(positions)


def test_every_code_box_of_the_project_is_a_picker():
    """Merges, assignments, hand-overs, petitions' unit, remedial owners…: a code typed by hand is
    searchable by name wherever a form takes a unit, an organisation or a cadre by code."""
    from django import forms

    from tests.forms import project_form_classes
    from units.fields import PICKER_SLUGS, ScopedField

    boxes = set()
    for form_class in project_form_classes():
        for name, field in form_class.base_fields.items():
            if (
                isinstance(field, ScopedField)
                and field.model in PICKER_SLUGS
                and field.to_field_name == "code"
                and isinstance(field.widget, forms.TextInput)
            ):
                assert "data-picker" in field.widget.attrs, f"{form_class.__qualname__}.{name}"
                boxes.add(f"{form_class.__qualname__}.{name}")
    assert {
        "MergeForm.sources",
        "MergeForm.parent",
        "AssignmentForm.cadre",
        "AssignmentForm.unit",
        "HandOverForm.to_cadre",
        "PetitionForm.unit",
        "RemedialActionForm.owner_code",
    } <= boxes, boxes


def test_a_box_of_several_codes_adds_each_chosen_code(tree, office):
    from units.reorg_views import MergeForm

    html = str(MergeForm(user=office)["sources"])
    assert "data-picker-multi" in html and 'data-picker="/don-vi/chon/don-vi/"' in html


def test_the_petition_unit_picker_offers_the_units_a_cadre_follows_outside_their_commune(client, tree, cadre_a1):
    import datetime

    from assignments.forms import PetitionForm
    from assignments.models import CadreKind
    from tests.assignments.factories import AssignmentFactory

    AssignmentFactory(cadre=cadre_a1.cadre, unit=tree["B1-1"], cadre_kind=CadreKind.COMMUNE, starts_on=datetime.date(2026, 1, 1))
    assert 'data-picker="/don-vi/chon/don-vi-kien-nghi/"' in str(PetitionForm(user=cadre_a1)["unit"])
    client.force_login(cadre_a1)
    assert "B1-1" in pick(client, "don-vi-kien-nghi", "ap 1")
    assert "B1-1" not in pick(client, "don-vi", "ap 1")
    assert pick(client, "don-vi-kien-nghi", "binh dong") == []  # the commune itself is not followed
