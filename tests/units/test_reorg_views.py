"""The office's reorganisation page (preview -> confirm) and the unit page's lineage and "as of"."""

import datetime

import pytest

from tests.accounts.factories import PASSWORD
from units.models import Reorganisation, Unit

FORM = {
    "sources": "A1, A2",
    "code": "AN",
    "name": "Xã An Bình",
    "kind": "commune",
    "parent": "A",
    "effective_on": "01/07/2025",
}


@pytest.fixture
def office_client(client, office):
    client.login(username="office", password=PASSWORD)
    return client


def test_only_the_office_reaches_the_page(client, leader_a):
    client.login(username="leader_a", password=PASSWORD)
    assert client.get("/don-vi/sap-xep/").status_code == 403


def test_preview_lists_what_moves_and_writes_nothing_then_confirm_applies(office_client, tree, orgs):
    page = office_client.post("/don-vi/sap-xep/", FORM | {"preview": "1"})
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="reorg-preview"' in html
    assert "Xã An Hòa" in html and "Xã An Bình" in html
    assert not Unit.objects.filter(code="AN").exists()
    done = office_client.post("/don-vi/sap-xep/", FORM | {"confirm": "1"}, follow=True)
    assert done.redirect_chain[-1][0] == "/don-vi/AN/"
    html = done.content.decode()
    assert 'data-testid="lineage"' in html and "Xã An Hòa" in html and "Xã An Phú" in html
    assert Reorganisation.objects.get().created_by.username == "office"


def test_a_refused_merge_shows_the_reason_and_keeps_what_was_typed(office_client, tree, orgs):
    page = office_client.post("/don-vi/sap-xep/", FORM | {"parent": "A1", "preview": "1"})
    html = page.content.decode()
    assert 'data-testid="reorg-errors"' in html and 'value="Xã An Bình"' in html
    assert not Unit.objects.filter(code="AN").exists()


def test_the_unit_page_shows_the_tree_valid_on_a_date(office_client, tree, orgs):
    office_client.post("/don-vi/sap-xep/", FORM | {"confirm": "1"}, follow=True)
    today = office_client.get("/don-vi/A/").content.decode()
    past = office_client.get("/don-vi/A/?ngay=30/06/2025").content.decode()
    assert "Xã An Bình" in today and "Xã An Phú" not in today
    assert "Xã An Phú" in past and "Xã An Hòa" in past and "Xã An Bình" not in past
    assert datetime.date(2025, 6, 30).strftime("%d/%m/%Y") in past


def test_the_unit_page_queries_are_bounded(office_client, tree, orgs, django_assert_max_num_queries):
    office_client.post("/don-vi/sap-xep/", FORM | {"confirm": "1"})
    with django_assert_max_num_queries(14):
        office_client.get("/don-vi/AN/")
