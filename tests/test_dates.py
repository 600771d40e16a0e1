"""Dates typed day first mean day first in every form date field, in both interface languages; dates
and times are shown in Vietnam time (Asia/Ho_Chi_Minh) wherever they are formatted."""

import datetime

import pytest
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from assignments.models import Assignment
from pledges.models import PublicComment
from tests.accounts.factories import UserFactory
from tests.forms import APPS, project_form_classes
from tests.pledges.factories import published_pledge


def is_date_field(field) -> bool:
    return isinstance(field, forms.DateField) or type(field).__name__.endswith("DateField")


def every_form_date_field():
    fields = {}
    for cls in project_form_classes():
        for name, field in getattr(cls, "base_fields", {}).items():
            if is_date_field(field):
                fields[f"{cls.__module__}.{cls.__name__}.{name}"] = field
    return fields


def every_admin_date_field(superuser):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    fields = {}
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in APPS:
            continue
        form = model_admin.get_form(request)
        for name, field in form.base_fields.items():
            if is_date_field(field):
                fields[f"admin:{model._meta.label}.{name}"] = field
    return fields


@pytest.mark.django_db
def test_every_date_field_takes_day_first_in_both_languages_and_refuses_month_first_in_vietnamese():
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    fields = {**every_form_date_field(), **every_admin_date_field(superuser)}
    # Not vacuous: the forms people type dates into most are all found.
    for known in (
        "cells.forms.MeetingForm.held_on",
        "assignments.forms.ContactForm.contacted_on",
        "pledges.forms.ProgressForm.assessed_on",
        "pledges.forms.MilestoneForm.done_on",
        "units.reorg_views.MergeForm.effective_on",
        "admin:assignments.Assignment.starts_on",
    ):
        assert known in fields, sorted(fields)
    assert len(fields) >= 25

    for label, field in fields.items():
        widget = field.widget
        assert getattr(widget, "input_type", "text") == "text", f"{label}: the browser's date widget"
        for language in ("vi", "en"):
            with translation.override(language):
                assert field.clean("15/12/2026") == datetime.date(2026, 12, 15), (label, language)
                if isinstance(widget, forms.DateInput):
                    assert widget.format_value(datetime.date(2026, 12, 15)) == "15/12/2026", (label, language)
        with translation.override("vi"), pytest.raises(ValidationError) as refused:
            field.clean("12/15/2026")
        # Vietnamese, and saying how to type it (the reorganisation form words it its own way).
        assert any("ngày" in m and "dd/mm/yyyy" in m for m in refused.value.messages), (
            label,
            refused.value.messages,
        )


def test_the_form_date_fields_show_the_vietnamese_day_first_message():
    field = forms.DateField()
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        field.clean("12/15/2026")
    assert refused.value.messages == [
        "Ngày không hợp lệ: nhập theo thứ tự ngày/tháng/năm (dd/mm/yyyy), ví dụ 15/12/2026."
    ]


@pytest.mark.django_db
def test_a_month_first_date_typed_in_the_assignment_end_form_is_refused_and_nothing_changes(
    client, tree, office, cadre_a1
):
    from assignments.services import assignment_create

    assignment = assignment_create(
        cadre=cadre_a1.cadre,
        unit=tree["A1-1-1"],
        cadre_kind="commune",
        starts_on=datetime.date(2026, 1, 1),
        acting_user=office,
    )
    before = list(Assignment.objects.values())
    client.force_login(office)

    response = client.post(
        reverse("assignments:assignment_end", args=[assignment.pk]), {"ends_on": "12/15/2026"}
    )

    html = response.content.decode()
    assert response.status_code == 400  # the page again, with the form as typed
    assert "Ngày không hợp lệ: nhập theo thứ tự ngày/tháng/năm" in html
    assert 'value="12/15/2026"' in html  # what was typed stays
    assert list(Assignment.objects.values()) == before

    client.post(reverse("assignments:assignment_end", args=[assignment.pk]), {"ends_on": "15/12/2026"})
    assignment.refresh_from_db()
    assert assignment.ends_on == datetime.date(2026, 12, 15)


@pytest.mark.django_db
def test_a_comment_made_at_23_30_utc_shows_the_next_day_in_vietnam_time(client, cadre_a1, leader_a):
    from pledges.forms import CommentChoiceField

    cadre = cadre_a1.cadre
    cadre.party_org.secretary = cadre
    cadre.party_org.save()
    pledge = published_pledge(org=cadre.party_org, cadre=cadre)
    client.post(
        f"/p/{pledge.short_code}/", {"body": "Đề nghị sửa cầu", "name": "Ông Tư"}, REMOTE_ADDR="203.0.113.7"
    )
    late = datetime.datetime(2026, 12, 14, 23, 30, tzinfo=datetime.UTC)  # 06:30 on the 15th in Vietnam
    PublicComment.objects.update(created_at=late)
    comment = PublicComment.objects.get()

    client.force_login(leader_a)
    queue = client.get(reverse("pledges:comments")).content.decode()
    assert "15/12/2026 06:30" in queue and "14/12/2026" not in queue

    client.post(reverse("pledges:comment_moderate", args=[comment.pk]), {"approve": "1"})
    client.logout()
    public = client.get(f"/p/{pledge.short_code}/").content.decode()
    assert "Đề nghị sửa cầu" in public and "15/12/2026" in public and "14/12/2026" not in public

    label = CommentChoiceField(queryset=PublicComment.objects.all()).label_from_instance(comment)
    assert label.startswith("15/12/2026 · Ông Tư")
