"""'Việc cần làm sau sắp xếp': the district level of the cast is abolished on 01-07-2025, and what the
reform left on closed bodies is listed (or followed by itself), then settled in bulk: preview, confirm."""

import datetime
import hashlib

import pytest
from django.apps import apps

from accounts.models import User
from assignments.models import Agency, Assignment, CadreKind, Petition
from pledges.models import Commitment, Pledge
from tests.accounts.factories import UserFactory
from tests.assignments.factories import AgencyFactory, AssignmentFactory, PetitionFactory
from tests.pledges.factories import CommitmentFactory, PledgeFactory
from tests.units.factories import CadreFactory, UnitFactory
from units import reorg
from units.models import Cadre, PartyOrg, Reorganisation, Unit

EFF = datetime.date(2025, 7, 1)
URL = "/don-vi/sap-xep/{}/viec-can-lam/"


@pytest.fixture
def reform(tree, orgs, office, leader_a, cadre_a1):
    """The cast with live work on the district level, then the district level abolished."""
    w = {"tree": tree, "orgs": orgs}
    district = CadreFactory(code="HA-01", full_name="Võ Minh Tâm", cadre_level=Cadre.Level.DISTRICT, work_unit=tree["A"])
    district_b = CadreFactory(code="HB-01", full_name="Đỗ Thị Hoa", cadre_level=Cadre.Level.DISTRICT, work_unit=tree["B"])
    w["to_hamlet"] = AssignmentFactory(
        cadre=district, unit=tree["A1-1"], cadre_kind=CadreKind.DISTRICT, starts_on=datetime.date(2024, 3, 1),
        assigned_by=orgs["A"],
    )
    w["to_hamlet_b"] = AssignmentFactory(
        cadre=district_b, unit=tree["B1-1"], cadre_kind=CadreKind.DISTRICT, starts_on=datetime.date(2024, 3, 1),
        assigned_by=orgs["B"],
    )
    # Allowed before and after: a commune cadre following a group.
    w["allowed"] = AssignmentFactory(
        cadre=cadre_a1.cadre, unit=tree["A1-1-1"], cadre_kind=CadreKind.COMMUNE, starts_on=datetime.date(2024, 3, 1)
    )
    # The commune secretary: their pledge is decided by the district committee above theirs.
    w["secretary"] = secretary = CadreFactory(code="BT-A1", full_name="Nguyễn Văn Sơn", party_org=orgs["A1-1"],
                                               work_unit=tree["A1"])
    PartyOrg.objects.filter(pk=orgs["A1"].pk).update(secretary=secretary)
    w["member"] = CadreFactory(code="DV-A1", full_name="Lê Thị Mai", party_org=orgs["A1-1"], work_unit=tree["A1-1"])
    w["member_b"] = CadreFactory(code="DV-B1", full_name="Phạm Văn Út", party_org=orgs["B1-1"], work_unit=tree["B1-1"])
    w["secretary_pledge"] = PledgeFactory(org=orgs["A1-1"], cadre=secretary, year=2025)
    w["collective_pledge"] = PledgeFactory(org=orgs["A"], year=2025)
    w["collective_commitment"] = CommitmentFactory(org=orgs["B"], year=2025)
    w["old_pledge"] = PledgeFactory(org=orgs["B"], year=2024)  # a past year stays where it was made
    # Agencies: of a district (abolished: listed), of a commune (one successor: follows), of the province.
    w["district_agency"] = AgencyFactory(code="PTN-A", name="Phòng Tài nguyên huyện An Định", unit=tree["A"])
    w["commune_agency"] = AgencyFactory(code="UB-A1", name="UBND xã An Hòa", unit=tree["A1"])
    w["province_agency"] = AgencyFactory(code="STN", name="Sở Tài nguyên", unit=tree["P"])
    w["petition"] = PetitionFactory(
        unit=tree["A1-1"], status=Petition.Status.FORWARDED, agency=w["district_agency"],
        forwarded_on=datetime.date(2025, 6, 1),
    )
    w["answered"] = PetitionFactory(unit=tree["A1-1"], status=Petition.Status.ANSWERED, agency=w["district_agency"])
    w["leader_a"], w["cadre_a1"] = leader_a, cadre_a1
    # Another province: outside the reorganised area.
    w["Q"] = UnitFactory(code="Q", name="Tỉnh Quảng Lợi", kind=Unit.Kind.PROVINCE)
    w["Q1"] = UnitFactory(code="Q1", name="Xã Quảng An", kind=Unit.Kind.COMMUNE, parent=w["Q"])
    w["record"] = reorg.unit_abolish_level(root=tree["P"], level=2, effective_on=EFF, acting_user=office)
    w["A1"] = Unit.objects.get(code="A1")  # the commune's new row under the province
    w["DBA1"] = PartyOrg.objects.get(code="DBA1")
    w["DBB1"] = PartyOrg.objects.get(code="DBB1")
    return w


@pytest.fixture
def office_client(client, office):
    client.force_login(office)
    return client


def fingerprint(skip=()) -> str:
    """Every row of the project's tables except the (model, pk) pairs in `skip`, the history tables
    (new rows are the point) and the reorganisation record (it records the settlement)."""
    h = hashlib.sha256()
    for app in ("units", "accounts", "assignments", "pledges", "cells", "directives", "auth"):
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical") or model is Reorganisation:
                continue
            for row in model._default_manager.order_by("pk").values_list():
                if (model, row[0]) not in skip:
                    h.update(repr(row).encode())
    return h.hexdigest()


def page(client, record):
    response = client.get(URL.format(record.pk))
    assert response.status_code == 200
    return response.content.decode()


def section_html(html, key):
    start = html.index(f'data-testid="section-{key}"')
    return html[start : html.index("</section>", start)]


# What is listed, what followed by itself ---------------------------------------------------------


def test_every_leftover_of_the_reform_is_listed_or_has_followed(office_client, reform):
    w = reform
    html = page(office_client, w["record"])
    levels = section_html(html, "assignment_levels")
    assert "Võ Minh Tâm" in levels and "Đỗ Thị Hoa" in levels and 'data-testid="total-assignment_levels">(2)' in levels
    assert w["cadre_a1"].cadre.full_name not in levels  # commune cadre → group is still allowed

    approvers = section_html(html, "pledge_approvers")
    assert "Nguyễn Văn Sơn" in approvers and "Đảng bộ huyện A" in approvers
    owned = section_html(html, "pledge_orgs")
    assert "Đảng bộ huyện A" in owned and "Đảng bộ huyện B" in owned and "(2)" in owned  # not the 2024 pledge

    agencies = section_html(html, "agencies")
    assert "Phòng Tài nguyên huyện An Định" in agencies and "UBND xã An Hòa" not in agencies
    assert Agency.objects.get(code="UB-A1").unit == w["A1"]  # one successor: followed by itself

    petitions = section_html(html, "petitions")
    assert f"#{w['petition'].pk}" in petitions and f"#{w['answered'].pk}" not in petitions
    assert "Sở Tài nguyên (STN)" in petitions and "UBND xã An Hòa (UB-A1)" in petitions

    users = section_html(html, "users")
    assert "leader_a" in users and "cadre_a1" not in users
    assert "Xã An Hòa (A1)" in users and "Tỉnh Phú Hưng (P)" in users  # the candidates
    moved = User.objects.get(username="cadre_a1")
    assert moved.home_unit == w["A1"] and moved.home_org == w["DBA1"]

    secretaries = section_html(html, "secretaries")
    assert "Đảng bộ xã An Hòa" in secretaries and "Đảng bộ xã Bình Đông" in secretaries
    assert '<option value="BT-A1"' in secretaries  # the predecessor's secretary is suggested


def test_only_the_office_opens_the_worklist(client, reform):
    client.force_login(reform["leader_a"])
    assert client.get(URL.format(reform["record"].pk)).status_code == 403
    client.logout()
    assert client.get(URL.format(reform["record"].pk)).status_code == 302


def test_the_reorganisation_page_links_to_its_worklist(office_client, reform):
    html = office_client.get("/don-vi/sap-xep/").content.decode()
    assert f'href="{URL.format(reform["record"].pk)}"' in html


def test_the_page_costs_the_same_number_of_queries_whatever_the_size(
    office_client, reform, django_assert_max_num_queries
):
    w = reform
    with django_assert_max_num_queries(45) as few:
        page(office_client, w["record"])
    for n in range(25):
        hamlet = UnitFactory(code=f"A1-H{n}", name=f"Ấp mới {n}", kind=Unit.Kind.HAMLET, parent=w["A1"])
        AssignmentFactory(cadre=CadreFactory(cadre_level=Cadre.Level.DISTRICT, work_unit=w["A1"]), unit=hamlet,
                          cadre_kind=CadreKind.DISTRICT, starts_on=datetime.date(2025, 1, 1))
        UserFactory(username=f"old{n}", home_unit=Unit.objects.get(code="B"))
        PetitionFactory(unit=hamlet, status=Petition.Status.FORWARDED, agency=w["district_agency"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = page(office_client, w["record"])
    assert 'data-testid="total-assignment_levels">(27)' in html


# Settling: preview, then confirm; exactly the selected rows change -------------------------------


def settle(client, record, section, action, rows, confirm=False, **extra):
    data = {"section": section, "action": action, "row": [str(r) for r in rows]} | extra
    if confirm:
        data["confirm"] = "1"
    else:
        data["preview"] = "1"
    return client.post(URL.format(record.pk), data)


CASES = {
    "end assignment": (
        "assignment_levels", "end", lambda w: w["to_hamlet"], lambda w, obj: {},
        lambda w, obj: obj.ends_on is not None and obj.ends_on >= datetime.date(2026, 1, 1),
    ),
    "move agency": (
        "agencies", "move", lambda w: w["district_agency"], lambda w, obj: {f"choice_{obj.pk}": "A1"},
        lambda w, obj: obj.unit == w["A1"],
    ),
    "forward petition": (
        "petitions", "forward", lambda w: w["petition"], lambda w, obj: {f"code_{obj.pk}": "STN"},
        lambda w, obj: obj.agency == w["province_agency"] and obj.status == Petition.Status.FORWARDED,
    ),
    "move user": (
        "users", "move", lambda w: User.objects.get(username="leader_a"), lambda w, obj: {"target": "A1"},
        lambda w, obj: obj.home_unit == w["A1"] and obj.home_org == w["DBA1"],
    ),
    "name secretary": (
        "secretaries", "name_secretary", lambda w: w["DBB1"], lambda w, obj: {f"code_{obj.pk}": "DV-B1"},
        lambda w, obj: obj.secretary == w["member_b"],
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_a_settlement_is_previewed_then_confirmed_and_changes_exactly_the_selected_row(
    office_client, office, reform, case
):
    w = reform
    section, action, get, extra, done = CASES[case]
    obj = get(w)
    assert f'name="row" value="{obj.pk}"' in section_html(page(office_client, w["record"]), section)
    before, others = fingerprint(), fingerprint(skip={(type(obj), obj.pk)})
    preview = settle(office_client, w["record"], section, action, [obj.pk], **extra(w, obj))
    html = preview.content.decode()
    assert 'data-testid="worklist-preview"' in html and 'data-testid="change"' in html, html[:3000]
    assert fingerprint() == before  # the preview wrote nothing

    data = extra(w, obj)
    confirmed = settle(office_client, w["record"], section, action, [obj.pk], confirm=True, **data)
    assert confirmed.status_code == 302
    obj.refresh_from_db()
    assert done(w, obj)
    assert fingerprint(skip={(type(obj), obj.pk)}) == others  # nothing else changed
    record = Reorganisation.objects.get(pk=w["record"].pk)
    [entry] = record.summary["settlements"]
    assert (entry["section"], entry["action"], entry["rows"], entry["by"]) == (section, action, [str(obj.pk)], "office")
    if hasattr(obj, "history"):
        assert obj.history.latest().history_user == office
    full = page(office_client, w["record"])
    assert f'name="row" value="{obj.pk}"' not in section_html(full, section)  # settled: off the list
    shown = full[full.index('data-testid="settlements"') :]
    assert 'data-testid="settlement"' in shown and "<td>office</td>" in shown


def test_settling_the_closed_approver_names_the_owner_to_lead_the_successor(office_client, reform):
    from pledges.rules import approver_org

    w = reform
    pledge = w["secretary_pledge"]
    assert approver_org(pledge) == w["orgs"]["A"]  # the abolished district committee
    row = f"pledge-{pledge.pk}"
    settle(office_client, w["record"], "pledge_approvers", "lead", [row], **{f"choice_{row}": "DBA1"})
    others = fingerprint(skip={(PartyOrg, w["DBA1"].pk)})
    response = settle(office_client, w["record"], "pledge_approvers", "lead", [row], confirm=True,
                      **{f"code_{row}": "DBA1"})
    assert response.status_code == 302
    assert PartyOrg.objects.get(pk=w["DBA1"].pk).secretary == w["secretary"]
    assert fingerprint(skip={(PartyOrg, w["DBA1"].pk)}) == others
    pledge.refresh_from_db()
    assert approver_org(pledge) == w["orgs"]["P"]  # the province now decides, as for every commune secretary
    html = page(office_client, w["record"])
    assert "Nguyễn Văn Sơn" not in section_html(html, "pledge_approvers")
    assert "Đảng bộ xã An Hòa" not in section_html(html, "secretaries")  # settled by the same act


def test_collective_records_move_and_a_second_collective_for_the_same_year_is_refused(office_client, reform):
    w = reform
    pledge, commitment = w["collective_pledge"], w["collective_commitment"]
    rows = [f"pledge-{pledge.pk}", f"commitment-{commitment.pk}"]
    moved = {(Pledge, pledge.pk), (Commitment, commitment.pk)}
    others = fingerprint(skip=moved)
    response = settle(office_client, w["record"], "pledge_orgs", "move", rows, confirm=True, target="DBP")
    assert response.status_code == 302
    assert Pledge.objects.get(pk=pledge.pk).org == w["orgs"]["P"]
    assert Commitment.objects.get(pk=commitment.pk).org == w["orgs"]["P"]
    assert fingerprint(skip=moved) == others
    assert Pledge.objects.get(pk=w["old_pledge"].pk).org == w["orgs"]["B"]  # 2024 stays where it was made
    other = PledgeFactory(org=PartyOrg.objects.get(code="DBB"), year=2025)
    message = refused(office_client, w["record"], "pledge_orgs", "move", [f"pledge-{other.pk}"], target="DBP")
    assert "Đảng bộ tỉnh đã có" in message and "2025" in message


# Bad input: refused with the reason, nothing written ---------------------------------------------


def refused(client, record, *args, **kwargs):
    before = (fingerprint(), Reorganisation.objects.get(pk=record.pk).summary)
    response = settle(client, record, *args, confirm=True, **kwargs)
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="worklist-errors"' in html
    assert (fingerprint(), Reorganisation.objects.get(pk=record.pk).summary) == before
    start = html.index('data-testid="worklist-errors"')
    return html[start : html.index("</div>", start)]


def test_a_row_that_no_longer_needs_settling_is_refused(office_client, reform):
    w = reform
    a = w["to_hamlet"]
    settle(office_client, w["record"], "assignment_levels", "end", [a.pk], confirm=True)
    message = refused(office_client, w["record"], "assignment_levels", "end", [a.pk, w["to_hamlet_b"].pk])
    assert f"{a.pk}" in message and "không còn cần" in message
    assert Assignment.objects.get(pk=w["to_hamlet_b"].pk).ends_on is None  # all or nothing
    message = refused(office_client, w["record"], "assignment_levels", "end", [w["allowed"].pk])
    assert "không còn cần" in message


def test_a_target_outside_the_reorganised_area_is_refused(office_client, reform):
    w = reform
    agency = w["district_agency"]
    message = refused(office_client, w["record"], "agencies", "move", [agency.pk], target="Q1")
    assert "Xã Quảng An" in message and "ngoài" in message


def test_a_row_with_several_candidates_and_none_chosen_is_refused(office_client, reform):
    w = reform
    html = section_html(page(office_client, w["record"]), "users")
    assert '<option value="">— chọn —</option>' in html  # nothing is chosen for the office
    message = refused(office_client, w["record"], "users", "move", [w["leader_a"].pk])
    assert "Hãy chọn nơi chuyển đến" in message


def test_a_closed_target_is_refused(office_client, reform):
    w = reform
    closed = Unit.objects.get(code__startswith="A1~")
    message = refused(office_client, w["record"], "users", "move", [w["leader_a"].pk], target=closed.code)
    assert "30/06/2025" in message
    row = f"pledge-{w['collective_pledge'].pk}"
    message = refused(office_client, w["record"], "pledge_orgs", "move", [row], target="DBA")
    assert "Đảng bộ huyện A" in message and "30/06/2025" in message


def test_a_secretary_must_be_a_member_and_petitions_go_to_an_agency_that_answers_for_them(office_client, reform):
    w = reform
    message = refused(office_client, w["record"], "secretaries", "name_secretary", [w["DBB1"].pk],
                      **{f"code_{w['DBB1'].pk}": "DV-A1"})
    assert "Lê Thị Mai" in message and "không phải đảng viên" in message
    other = AgencyFactory(code="UB-B1", name="UBND xã Bình Đông", unit=Unit.objects.get(code="B1"))
    message = refused(office_client, w["record"], "petitions", "forward", [w["petition"].pk], target=other.code)
    assert "UBND xã Bình Đông" in message
