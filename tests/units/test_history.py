"""The change history of units, party organisations and cadres: every writer records who changed
what and why — a roster import in bulk (one history row per row written, by the importer, with the
import as the reason), a reorganisation, the demo — so a record's history page can tell it."""

import datetime

from tests.units.factories import CadreFactory
from tests.units.workbooks import CADRE_HEADERS, UNIT_HEADERS, new_units, xlsx
from units import reorg
from units.demo import record_demo_history
from units.imports import import_file
from units.models import Cadre, PartyOrg, RosterImport, Unit
from units.services import roster_import_confirm, roster_import_preview

EFF = datetime.date(2025, 7, 1)


def office_import(rows_by_sheet, user, name="danh-sach.xlsx"):
    record = roster_import_preview(data=xlsx(rows_by_sheet), file_name=name, acting_user=user)
    return roster_import_confirm(roster_import=record, only_valid=False, acting_user=user)


def test_an_import_records_each_new_unit_as_created_by_the_importer_because_of_the_import(tree, office):
    record = office_import({"Đơn vị": new_units()}, office)

    assert record.status == RosterImport.Status.DONE
    rows = Unit.history.filter(code__in=["A1-2-1", "A1-2", "A1-3"])
    assert sorted(rows.values_list("code", "history_type")) == [("A1-2", "+"), ("A1-2-1", "+"), ("A1-3", "+")]
    assert {r.history_user for r in rows} == {office}
    assert {r.history_change_reason for r in rows} == {f"Nhập danh sách #{record.pk}: danh-sach.xlsx"}
    # The history row is the record as stored: its parent, kind and level.
    hamlet = Unit.objects.get(code="A1-2")
    row = rows.get(code="A1-2")
    assert (row.id, row.parent_id, row.kind, row.level, row.name) == (
        hamlet.pk,
        tree["A1"].pk,
        "hamlet",
        4,
        "Ấp 2",
    )


def test_a_changed_row_gets_a_history_row_with_its_new_values_and_an_unchanged_one_none(tree, office):
    office_import({"Đơn vị": new_units()}, office)
    rows = new_units()
    rows[3][1] = "Ấp Ba"  # A1-3 renamed; the others as they are

    office_import({"Đơn vị": rows}, office, name="sua.xlsx")

    a13 = Unit.objects.get(code="A1-3")
    assert list(a13.history.order_by("history_id").values_list("history_type", "name")) == [
        ("+", "Ấp 3"),
        ("~", "Ấp Ba"),
    ]
    assert Unit.history.filter(code="A1-2").count() == 1
    from common.history import changes

    entry = changes(a13).entries[0]
    assert (entry.kind, entry.who) == ("~", office.get_full_name() or office.username)
    assert [(c.old, c.new) for c in entry.changes] == [("Ấp 3", "Ấp Ba")]
    assert entry.reason.endswith(": sua.xlsx")


def test_a_moved_unit_has_its_new_parent_in_its_history(tree, office):
    office_import({"Đơn vị": [UNIT_HEADERS, ["A1-1", "Ấp 1", "Ấp", "A2"]]}, office)

    latest = tree["A1-1"].history.latest("history_id")
    assert (latest.history_type, latest.parent_id, latest.history_user) == ("~", tree["A2"].pk, office)
    # Its group followed it (path only, which the history does not keep): no new row for it.
    assert Unit.objects.get(code="A1-1-1").path.startswith(Unit.objects.get(code="A2").path)
    assert tree["A1-1-1"].history.count() == 1  # its creation by the fixture's save()


def test_a_rejected_import_writes_no_history(tree):
    rows = new_units() + [["X1", "Xã Lạ", "Xã", "KHONGCO"]]
    before = Unit.history.count()

    plan = import_file(xlsx({"Đơn vị": rows}), "sai.xlsx")

    assert plan.rejected == 1
    assert Unit.history.count() == before and not Unit.objects.filter(code="A1-2").exists()


def test_cadres_imported_in_bulk_get_their_history_in_a_bounded_number_of_queries(
    tree, orgs, django_assert_max_num_queries
):
    def sheet(first, n):
        return [CADRE_HEADERS] + [
            [f"K{i:04d}", f"Nguyễn Văn {i}", "", "Nam", "", "Xã", "A1", "", "", "Có", "CBA1-1"]
            for i in range(first, first + n)
        ]

    import_file(xlsx({"Cán bộ": sheet(0, 5)}), "nho.xlsx")
    # Three times the rows, the same statements: no query per row, for the rows or their history.
    with django_assert_max_num_queries(12):
        plan = import_file(xlsx({"Cán bộ": sheet(100, 15)}), "lon.xlsx")

    assert plan.counts["Cán bộ"]["new"] == 15
    assert Cadre.history.filter(history_type="+", code__startswith="K").count() == 20
    row = Cadre.history.get(code="K0100")
    assert (row.work_unit_id, row.party_org_id, row.history_user) == (tree["A1"].pk, orgs["A1-1"].pk, None)
    assert row.history_change_reason == "Nhập danh sách: lon.xlsx"


def test_a_reorganisation_records_closed_new_and_moved_rows_by_the_acting_user(tree, orgs, office):
    cadre = CadreFactory(code="K1", work_unit=tree["A2"], party_org=orgs["A1"])

    record = reorg.unit_merge(
        sources=[tree["A1"], tree["A2"]],
        code="AN",
        name="Xã An Bình",
        kind=Unit.Kind.COMMUNE,
        parent=tree["A"],
        effective_on=EFF,
        acting_user=office,
    )

    reason = f"Sắp xếp đơn vị #{record.pk}: {record.title}"
    new = Unit.objects.get(code="AN")
    assert list(new.history.values_list("history_type", "history_user", "history_change_reason")) == [
        ("+", office.pk, reason)
    ]
    closed = tree["A1"].history.latest("history_id")
    assert (closed.history_type, closed.valid_to, closed.successor_id) == (
        "~",
        EFF - datetime.timedelta(1),
        new.pk,
    )
    moved = tree["A1-1"].history.latest("history_id")
    assert (moved.parent_id, moved.history_user_id, moved.history_change_reason) == (
        new.pk,
        office.pk,
        reason,
    )
    person = cadre.history.latest("history_id")
    assert (person.work_unit_id, person.history_change_reason) == (new.pk, reason)
    committee = PartyOrg.objects.get(unit=new)
    assert committee.history.get().history_type == "+"


def test_the_demo_records_the_rows_it_wrote_without_history_once(tree):
    # The demo writes with bulk_create and COPY, which leave no history.
    Unit.objects.bulk_create(
        [
            Unit(code=f"A1-{i}", name=f"Ấp {i}", kind=Unit.Kind.HAMLET, level=4, parent=tree["A1"])
            for i in (7, 8)
        ]
    )

    assert record_demo_history() == 2
    assert record_demo_history() == 0
    row = Unit.history.get(code="A1-7")
    assert (row.history_type, row.history_change_reason, row.name, row.parent_id) == (
        "+",
        "Dữ liệu mẫu",
        "Ấp 7",
        tree["A1"].pk,
    )
    assert tree["A1"].history.count() == 1  # saved by the fixture, with its history then
