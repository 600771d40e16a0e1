"""A cadre records a contact (with a petition) from a phone; only for the units assigned to them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assignments.models import FieldContact, Petition
from directives.models import Directive

from .factories import AssignmentFactory, category

pytestmark = pytest.mark.django_db


def _post(client, unit_code, **extra):
    data = {
        "unit": unit_code,
        "contacted_on": timezone.localdate().isoformat(),
        "kind": "visit",
        "disseminated": "Quán triệt Chỉ thị 05 tại tổ.",
        "opinions": "Bà con đồng tình.",
        "petition_category": category("ha-tang").pk,
        "petition_content": "Đường đal xuống cấp, đề nghị sửa.",
        **extra,
    }
    return client.post(reverse("assignments:contact_create"), data)


def test_a_cadre_records_a_contact_with_a_petition(client, tree, cadre_a1, group_assignment):
    client.force_login(cadre_a1)
    directive = Directive.objects.get(symbol="05-CT/TW")
    response = _post(client, "A1-1-1", directives=[directive.pk], attended_cell_meeting="on")
    contact = FieldContact.objects.get()
    assert response.status_code == 302
    assert contact.unit == tree["A1-1-1"] and contact.cadre == cadre_a1.cadre
    assert contact.assignment == group_assignment and contact.attended_cell_meeting
    assert list(contact.directives.all()) == [directive]
    petition = Petition.objects.get()
    assert petition.contact == contact and petition.raised_by == cadre_a1.cadre
    assert petition.status == Petition.Status.NEW
    # The group's level deadline (7 days by default) sets the due date.
    assert petition.due_on == timezone.localdate() + datetime.timedelta(days=7)
    assert petition.events.get().to_status == Petition.Status.NEW


def test_the_form_offers_only_the_cadres_own_units(client, tree, cadre_a1, group_assignment):
    client.force_login(cadre_a1)
    html = client.get(reverse("assignments:contact_create")).content.decode()
    assert 'value="A1-1-1"' in html
    assert "B1-1" not in html


def test_a_contact_for_a_unit_never_assigned_reads_as_an_unknown_unit_and_nothing_is_saved(
    client, tree, cadre_a1, group_assignment
):
    """A unit the cadre has never followed is not theirs to name: the form answers as for a code
    nobody has (the commune's own hamlet, in her home commune, included)."""
    client.force_login(cadre_a1)
    refused, unknown = _post(client, "A1-1"), _post(client, "ZZ-9")
    assert "Không có đơn vị nào có mã A1-1." in refused.content.decode()
    assert "Không có đơn vị nào có mã ZZ-9." in unknown.content.decode()
    assert not FieldContact.objects.exists() and not Petition.objects.exists()


def test_a_contact_for_another_cadres_unit_is_refused(client, tree, cadre_a1, cadre_b1):
    AssignmentFactory(cadre=cadre_b1.cadre, unit=tree["B1-1"])
    client.force_login(cadre_a1)
    response = _post(client, "B1-1")
    assert "Không có đơn vị nào có mã B1-1." in response.content.decode()
    assert not FieldContact.objects.exists()


def test_a_contact_before_the_assignment_started_is_refused(client, tree, cadre_a1, group_assignment):
    client.force_login(cadre_a1)
    assert _post(client, "A1-1-1", contacted_on="2025-12-31").status_code == 403
    assert not FieldContact.objects.exists()


def test_a_future_date_is_refused_and_what_was_typed_stays(client, tree, cadre_a1, group_assignment):
    client.force_login(cadre_a1)
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = _post(client, "A1-1-1", contacted_on=future)
    html = response.content.decode()
    assert response.status_code == 200
    assert "không thể ở tương lai" in html
    assert "Đường đal xuống cấp, đề nghị sửa." in html and "Quán triệt Chỉ thị 05 tại tổ." in html
    assert not FieldContact.objects.exists()


def test_a_petition_without_category_is_refused_and_kept(client, tree, cadre_a1, group_assignment):
    client.force_login(cadre_a1)
    response = _post(client, "A1-1-1", petition_category="")
    assert response.status_code == 200
    assert "Đường đal xuống cấp, đề nghị sửa." in response.content.decode()
    assert not FieldContact.objects.exists()


def test_another_cadre_cannot_read_the_contact(client, tree, cadre_a1, cadre_b1, group_assignment):
    client.force_login(cadre_a1)
    _post(client, "A1-1-1")
    contact = FieldContact.objects.get()
    client.force_login(cadre_b1)
    assert client.get(reverse("assignments:contact_detail", args=[contact.pk])).status_code == 403


def test_the_cadres_page_lists_their_units(
    client, tree, cadre_a1, group_assignment, django_assert_max_num_queries
):
    client.force_login(cadre_a1)
    with django_assert_max_num_queries(12):
        html = client.get(reverse("assignments:mine")).content.decode()
    assert "Tổ NDTQ số 1" in html


def test_the_contact_list_is_scoped_and_bounded(
    client, tree, cadre_a1, cadre_b1, leader_a, group_assignment, django_assert_max_num_queries
):
    client.force_login(cadre_a1)
    for _ in range(3):
        _post(client, "A1-1-1")
    other = AssignmentFactory(cadre=cadre_b1.cadre, unit=tree["B1-1"])
    FieldContact.objects.create(
        assignment=other, cadre=cadre_b1.cadre, unit=tree["B1-1"], contacted_on=timezone.localdate()
    )
    client.force_login(leader_a)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("assignments:contact_list"))
    html = response.content.decode()
    assert html.count("Trần Thị Lan") == 3 and "Lê Văn Bình" not in html


def test_the_cached_blank_form_offers_a_newly_assigned_unit_at_once(
    client, tree, cadre_a1, group_assignment, page_cache, django_capture_on_commit_callbacks
):
    client.force_login(cadre_a1)
    url = reverse("assignments:contact_create")
    first = client.get(url).content.decode()
    assert 'value="A1-1-1"' in first and 'value="A1-1"' not in first
    with django_capture_on_commit_callbacks(execute=True):
        AssignmentFactory(cadre=cadre_a1.cadre, unit=tree["A1-1"])
    page = client.get(url).content.decode()
    assert 'value="A1-1"' in page and 'name="csrfmiddlewaretoken"' in page


def test_a_cadre_chooses_which_directive_item_was_disseminated(client, tree, cadre_a1, group_assignment):
    client.force_login(cadre_a1)
    directive = Directive.objects.get(symbol="05-CT/TW")
    item = directive.items.order_by("order").last()
    html = client.get(reverse("assignments:contact_create")).content.decode()
    assert f'<optgroup label="{directive.symbol}">' in html and f'value="{item.pk}"' in html
    response = _post(client, "A1-1-1", items=[item.pk], petition_content="", petition_category="")
    contact = FieldContact.objects.get()
    assert response.status_code == 302
    assert list(contact.items.all()) == [item]
    assert list(contact.directives.all()) == [directive]  # the item's directive counts too
    page = client.get(reverse("assignments:contact_detail", args=[contact.pk])).content.decode()
    assert f"{directive.symbol} {item.code}</a>" in page  # the item, linked, with its status


def test_an_unknown_item_is_refused_and_nothing_is_saved(client, tree, cadre_a1, group_assignment):
    client.force_login(cadre_a1)
    response = _post(client, "A1-1-1", items=[987654], petition_content="", petition_category="")
    assert response.status_code == 200 and not FieldContact.objects.exists()
