"""Every write audited: the bulk writers (reorganisation followers, escalation, the roster's
assignments sheet) leave one history row per record they change, naming who did it; users, level
rules and agencies keep theirs when edited in the admin; two-step sign-in on and off is recorded with
who and when."""

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import TwoStepChange, User
from assignments.models import Agency, Assignment, LevelRule
from assignments.services import petitions_escalate
from common.history import update_with_history
from tests.accounts.factories import PASSWORD, UserFactory
from tests.accounts.test_otp import code_for
from tests.assignments.factories import AgencyFactory, AssignmentFactory, PetitionFactory
from tests.pledges.factories import PledgeFactory
from tests.units.factories import CadreFactory
from tests.units.workbooks import xlsx
from units import reorg
from units.imports import import_file
from units.models import PartyOrg, Unit

pytestmark = pytest.mark.django_db
D = datetime.date


EFF = D(2025, 7, 1)


def newest(record):
    return record.history.order_by("-history_id").first()


def test_a_reorganisation_moves_what_follows_with_a_history_row_naming_who_applied_it(
    tree, orgs, office, cadre_a1
):
    cadre = CadreFactory(code="X1", work_unit=tree["A1"], party_org=orgs["A1"])
    ending = AssignmentFactory(cadre=cadre, unit=tree["A2"], starts_on=D(2024, 1, 1))
    later = AssignmentFactory(
        cadre=CadreFactory(code="X2", work_unit=tree["A1"]), unit=tree["A1"], starts_on=EFF
    )
    pending = PetitionFactory(unit=tree["A1"])
    agency = AgencyFactory(code="UBA1", unit=tree["A1"])
    pledge = PledgeFactory(org=orgs["A1"], cadre=None, year=2025)

    reorg.unit_merge(
        sources=[tree["A1"], tree["A2"]],
        code="AN",
        name="Xã An Bình",
        kind=Unit.Kind.COMMUNE,
        parent=tree["A"],
        effective_on=EFF,
        acting_user=office,
    )
    new = Unit.objects.get(code="AN")
    committee = PartyOrg.objects.get(unit=new)
    for record, field, value in (
        (later, "unit_id", new.pk),  # starts on the day: moved to the successor
        (pending, "unit_id", new.pk),
        (agency, "unit_id", new.pk),
        (pledge, "org_id", committee.pk),
        (cadre_a1, "home_unit_id", new.pk),  # a user whose home unit was merged
    ):
        row = newest(record)
        assert (row.history_type, row.history_user, getattr(row, field)) == ("~", office, value), record
    handed = newest(ending)  # closed the day before, linked to the assignment that follows it
    assert (
        handed.history_user == office
        and handed.succeeded_by_id == Assignment.objects.get(unit=new, cadre=cadre).pk
    )


def test_an_escalation_leaves_one_history_row_per_petition_it_moves_up(tree):
    petition = PetitionFactory(
        unit=tree["A1-1-1"], raised_on=D(2026, 3, 1), due_on=D(2026, 3, 8), status="forwarded"
    )
    before = petition.history.count()
    assert petitions_escalate(today=D(2026, 3, 9)) == 1
    row = newest(petition)
    assert (row.history_type, row.escalation_level, row.level_due_on) == ("~", 4, D(2026, 3, 19))
    assert petitions_escalate(today=D(2026, 3, 9)) == 0  # nothing claimed, nothing written
    assert petition.history.count() == before + 1


HEADERS = ["Mã cán bộ", "Mã đơn vị", "Nhiệm vụ", "Từ ngày", "Đến ngày", "Số văn bản"]


def test_the_assignments_sheet_writes_history_for_new_and_changed_rows(tree, orgs, cadre_a1):
    rows = [HEADERS, ["CA1", "A1-1-1", "", "01/02/2026", "", "15-QĐ/ĐU"]]
    import_file(xlsx({"Phân công": rows}), "roster.xlsx")
    a = Assignment.objects.get(cadre__code="CA1")
    Assignment.objects.filter(pk=a.pk).update(assigned_by=orgs["A1"])  # a field the sheet does not carry
    rows[1][4] = "30/06/2026"
    import_file(xlsx({"Phân công": rows}), "roster.xlsx")
    created, changed = a.history.order_by("history_id")
    assert created.history_type == "+" and created.decision_number == "15-QĐ/ĐU"
    # The changed row's history is the whole record as stored, not only the sheet's columns.
    assert (changed.history_type, changed.ends_on, changed.assigned_by_id, changed.unit_id) == (
        "~",
        D(2026, 6, 30),
        orgs["A1"].pk,
        tree["A1-1-1"].pk,
    )


def test_update_with_history_changes_the_rows_and_writes_one_row_each(tree, office):
    agencies = [
        AgencyFactory(unit=tree["A1"]),
        AgencyFactory(unit=tree["A1"]),
        AgencyFactory(unit=tree["B1"]),
    ]
    n = update_with_history(Agency.objects.filter(unit=tree["A1"]), user=office, is_active=False)
    assert n == 2
    assert list(Agency.objects.order_by("pk").values_list("is_active", flat=True)) == [False, False, True]
    for agency, changed in zip(agencies, (True, True, False), strict=True):
        row = newest(agency)
        assert (row.history_type == "~" and row.history_user == office) is changed


def test_a_change_of_a_users_home_unit_in_the_admin_is_in_the_users_history(client, leader_a, tree):
    office = UserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(office)
    page = client.get(reverse("admin:accounts_user_change", args=[leader_a.pk]))
    form = page.context["adminform"].form
    data = {
        k: v
        for k, v in form.initial.items()
        if v is not None and k not in ("password", "groups", "user_permissions")
    }
    data |= {"home_unit": tree["B"].pk, "home_org": "", "groups": [g.pk for g in leader_a.groups.all()]}
    data |= {
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "01/01/2026",
        "date_joined_1": "08:00:00",
    }
    response = client.post(reverse("admin:accounts_user_change", args=[leader_a.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    row = newest(User.objects.get(pk=leader_a.pk))
    assert (row.history_user, row.home_unit_id) == (office, tree["B"].pk)
    assert not hasattr(row, "password")  # hashes are not copied into the history


def test_a_level_rule_edited_by_the_office_keeps_its_history(office):
    rule = LevelRule.objects.order_by("pk").first()
    rule.note = "Sửa theo hướng dẫn mới"
    rule._history_user = office
    rule.save()
    assert (newest(rule).history_user, newest(rule).note) == (office, "Sửa theo hướng dẫn mới")


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_two_step_sign_in_turned_on_and_off_is_recorded_with_who_and_when(client, leader_a):
    client.force_login(leader_a)
    client.get(reverse("accounts:otp_setup"))
    device = TOTPDevice.objects.get(user=leader_a, confirmed=False)
    assert client.post(reverse("accounts:otp_setup"), {"code": code_for(device)}).status_code == 302
    device.refresh_from_db()
    device.last_t = -1  # the same 30 seconds' code may be entered again to turn it off
    device.save()
    assert client.post(reverse("accounts:otp_manage"), {"code": code_for(device)}).status_code == 302
    assert not TOTPDevice.objects.filter(user=leader_a).exists()
    changes = list(TwoStepChange.objects.filter(user=leader_a).order_by("pk"))
    assert [(c.turned_on, c.changed_by) for c in changes] == [(True, leader_a), (False, leader_a)]
    assert all(c.changed_at is not None for c in changes)


def test_a_wrong_code_turns_nothing_on_and_records_nothing(client, leader_a):
    client.force_login(leader_a)
    client.get(reverse("accounts:otp_setup"))
    device = TOTPDevice.objects.get(user=leader_a, confirmed=False)
    client.post(
        reverse("accounts:otp_setup"), {"code": "000000" if code_for(device) != "000000" else "111111"}
    )
    assert not TwoStepChange.objects.exists()
    assert not TOTPDevice.objects.filter(user=leader_a, confirmed=True).exists()


def test_signing_in_saves_the_time_without_a_history_row_but_an_edit_keeps_one(client, cadre_a1):
    before = cadre_a1.history.count()
    response = client.post(reverse("accounts:login"), {"username": cadre_a1.username, "password": PASSWORD})
    assert response.status_code == 302
    cadre_a1.refresh_from_db()
    assert cadre_a1.last_login is not None
    assert cadre_a1.history.count() == before
    cadre_a1.email = "moi@example.vn"
    cadre_a1.save()
    assert cadre_a1.history.count() == before + 1


def test_a_role_taken_from_the_groups_side_leaves_a_history_row_on_the_user(cadre_a1):
    from django.contrib.auth.models import Group

    from accounts import roles

    leader = Group.objects.get(name=roles.LEADER)
    before = cadre_a1.history.count()
    leader.user_set.add(cadre_a1)
    leader.user_set.remove(cadre_a1)
    leader.user_set.add(cadre_a1)
    leader.user_set.clear()
    assert cadre_a1.history.count() == before + 4
    assert leader not in cadre_a1.groups.all()
