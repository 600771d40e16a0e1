"""The district level is abolished: a district committee's own agency cell ("Chi bộ Cơ quan UBND
huyện") is placed under the province's committee, and the worklist asks the office what becomes of
it: it goes on there, or it closes and its members move to the organisation chosen."""

import datetime

import pytest

from cells.models import PastPath
from tests.units.factories import CadreFactory, PartyOrgFactory
from units import reorg
from units.models import PartyOrg, Reorganisation

EFF = datetime.date(2025, 7, 1)
URL = "/don-vi/sap-xep/{}/viec-can-lam/"


@pytest.fixture
def abolished(tree, orgs, office, client):
    cell = PartyOrgFactory(
        code="CQA", name="Chi bộ Cơ quan UBND Huyện An Định", kind=PartyOrg.Kind.GRASSROOTS_CELL, parent=orgs["A"]
    )
    members = [CadreFactory(code=f"CQA-{n}", party_org=cell) for n in range(3)]
    record = reorg.unit_abolish_level(root=tree["P"], level=2, effective_on=EFF, acting_user=office)
    client.force_login(office)
    return {"cell": PartyOrg.objects.get(pk=cell.pk), "members": members, "record": record, "orgs": orgs}


def section(client, record):
    html = client.get(URL.format(record.pk)).content.decode()
    start = html.index('data-testid="section-moved_up"')
    return html[start : html.index("</section>", start)]


def post(client, record, action, cell, confirm=False, **extra):
    data = {"section": "moved_up", "action": action, "row": [str(cell.pk)], **extra}
    data["confirm" if confirm else "preview"] = "1"
    return client.post(URL.format(record.pk), data)


def test_the_cell_of_an_abolished_committee_is_listed_under_where_it_went(client, abolished):
    w = abolished
    assert w["cell"].parent == w["orgs"]["P"]  # placed under the province's committee, path kept
    assert PastPath.objects.filter(org=w["cell"], until=EFF - datetime.timedelta(days=1)).exists()
    html = section(client, w["record"])
    assert "Chi bộ Cơ quan UBND Huyện An Định" in html and "Đảng bộ tỉnh" in html
    assert f'name="row" value="{w["cell"].pk}"' in html
    # The commune committees had successors: not listed here.
    assert "Đảng bộ xã An Hòa" not in html


def test_keeping_it_takes_it_off_the_list_and_changes_nothing(client, abolished):
    w = abolished
    assert post(client, w["record"], "keep", w["cell"], confirm=True).status_code == 302
    cell = PartyOrg.objects.get(pk=w["cell"].pk)
    assert cell.valid_to is None and cell.members.count() == 3
    assert f'name="row" value="{cell.pk}"' not in section(client, w["record"])
    [entry] = Reorganisation.objects.get(pk=w["record"].pk).summary["settlements"]
    assert (entry["section"], entry["action"]) == ("moved_up", "keep")


def test_closing_it_moves_its_members_after_a_preview(client, abolished):
    w = abolished
    target = PartyOrg.objects.get(code="DBA1")  # the commune's committee after the reform
    preview = post(client, w["record"], "close", w["cell"], **{f"code_{w['cell'].pk}": target.code})
    html = preview.content.decode()
    assert 'data-testid="worklist-preview"' in html and "3" in html and target.name in html
    assert PartyOrg.objects.get(pk=w["cell"].pk).valid_to is None  # the preview wrote nothing

    post(client, w["record"], "close", w["cell"], confirm=True, **{f"code_{w['cell'].pk}": target.code})
    cell = PartyOrg.objects.get(pk=w["cell"].pk)
    assert cell.valid_to is not None and cell.members.count() == 0
    assert PartyOrg.objects.get(pk=target.pk).members.filter(code__startswith="CQA-").count() == 3
    assert f'name="row" value="{cell.pk}"' not in section(client, w["record"])


def test_closing_it_into_an_organisation_outside_the_area_is_refused_and_nothing_moves(client, abolished):
    w = abolished
    other = PartyOrgFactory(code="DBQ", name="Đảng bộ tỉnh khác", kind=PartyOrg.Kind.PROVINCIAL)
    response = post(client, w["record"], "close", w["cell"], confirm=True, **{f"code_{w['cell'].pk}": other.code})
    assert "nằm ngoài địa bàn được sắp xếp" in response.content.decode()
    cell = PartyOrg.objects.get(pk=w["cell"].pk)
    assert cell.valid_to is None and cell.members.count() == 3
