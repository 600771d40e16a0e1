"""The admin in Vietnamese (issue 19): third-party strings shown in our admin are translated, and
the petition and assignment searches ignore diacritics ("ben tre" finds "Bến Tre")."""

import re

import pytest
from django.urls import reverse

from tests.accounts.factories import PASSWORD
from tests.assignments.factories import AssignmentFactory, PetitionFactory
from tests.units.factories import CadreFactory, UnitFactory
from units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, office):
    office.is_superuser = True
    office.save()
    client.login(username=office.username, password=PASSWORD)
    return client


def visible_text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    attrs = " ".join(re.findall(r'(?:value|title|placeholder)="([^"]*)"', html))
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)) + " " + attrs


# English strings of django-celery-beat, django-import-export and django.contrib.admin seen in our
# admin before issue 19.
UNTRANSLATED = [
    "Crontabs",
    "Periodic tasks",
    "Periodic Tasks",
    "Intervals",
    "Solar events",
    "Clocked",
    "Show counts",
    "Hide counts",
    "Skip to main content",
    "Toggle theme",
    "Enable selected tasks",
    "Run selected tasks",
    ">Import<",
    ">Export<",
    "File to import",
    "This importer will import the following fields",
    "Interval Schedule",
    "Positional Arguments",
    "Last Run Datetime",
]


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:index"),
        reverse("admin:django_celery_beat_periodictask_changelist"),
        reverse("admin:django_celery_beat_periodictask_add"),
        reverse("admin:units_unit_changelist") + "?_facets=True",
        reverse("admin:units_unit_changelist"),
        reverse("admin:units_unit_import"),
    ],
)
def test_the_admin_shows_no_untranslated_third_party_string(admin_client, url, tree):
    response = admin_client.get(url)
    assert response.status_code == 200
    page = visible_text(response) + response.content.decode()
    found = [s for s in UNTRANSLATED if s in (page if s.startswith(">") else visible_text(response))]
    assert not found, f"untranslated on {url}: {found}"


def test_the_petition_admin_search_ignores_diacritics(admin_client, tree):
    bt = UnitFactory(code="BT1", name="Xã Bến Tre", kind=Unit.Kind.COMMUNE, parent=tree["A"])
    found = PetitionFactory(unit=bt, content="Đề nghị nạo vét kênh Đồng Khởi")
    other = PetitionFactory(unit=tree["A1"], content="Đường ấp hư hỏng")
    url = reverse("admin:assignments_petition_changelist")
    for term in ("ben tre", "BẾN TRE", "dong khoi", "nao vet kenh"):
        html = admin_client.get(url, {"q": term}).content.decode()
        assert f"/{found.pk}/change/" in html, term
        assert f"/{other.pk}/change/" not in html, term


def test_the_assignment_admin_search_ignores_diacritics(admin_client, tree):
    bt = UnitFactory(code="BT2", name="Xã Bến Tre", kind=Unit.Kind.COMMUNE, parent=tree["A"])
    cadre = CadreFactory(code="CB-77", full_name="Trần Thị Đào", work_unit=tree["A"])
    found = AssignmentFactory(cadre=cadre, unit=bt, decision_number="15-QĐ/HU")
    other = AssignmentFactory(unit=tree["A1"])
    url = reverse("admin:assignments_assignment_changelist")
    for term in ("ben tre", "tran thi dao", "dao ben", "15-QĐ/HU"):
        html = admin_client.get(url, {"q": term}).content.decode()
        assert f"/{found.pk}/change/" in html, term
        assert f"/{other.pk}/change/" not in html, term


OUR_APPS = {"units", "directives", "accounts", "grading", "assignments", "pledges", "cells", "dashboards", "notifications", "api"}


def test_every_column_of_our_admin_lists_has_a_vietnamese_header():
    """A list column shows its field's verbose name: one left to Django ("published at", "org") was
    English in a Vietnamese admin."""
    from django.contrib import admin as django_admin
    from django.contrib.admin.utils import label_for_field
    from django.utils import translation

    english = []
    for model, model_admin in django_admin.site._registry.items():
        if model._meta.app_label not in OUR_APPS:
            continue
        for name in model_admin.list_display:
            if not isinstance(name, str) or name == "__str__":
                continue
            with translation.override("vi"):
                vi = str(label_for_field(name, model, model_admin))
            with translation.override("en"):
                en = str(label_for_field(name, model, model_admin))
            if vi == en and vi.isascii():
                english.append(f"{model._meta.label}.{name}: {vi}")
    assert english == []
