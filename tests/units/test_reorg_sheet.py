"""The `Sắp xếp đơn vị` sheet: imported with the roster pipeline's preview/all-or-nothing rules, and
Bến Tre's part of the 2025 reform (built by GSO code from units/data/) applied to the demo."""

import datetime
import io
import time

import openpyxl
import pytest
from django.core.management import call_command
from django.db.models import F

from units import demo
from units.imports import import_file
from units.models import Cadre, OrgLineage, PartyOrg, Unit

HEADERS = [
    "Mã đơn vị cũ",
    "Mã đơn vị mới",
    "Tên đơn vị mới",
    "Loại đơn vị mới",
    "Mã đơn vị cấp trên mới",
    "Ngày hiệu lực",
    "Tỷ lệ chia tách",
]
EFF = datetime.date(2025, 7, 1)


def sheet(*rows) -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Sắp xếp đơn vị"
    ws.append(HEADERS)
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def errors(plan):
    return [(e.row, e.message) for e in plan.errors]


def test_a_merge_sheet_is_previewed_then_applied(tree, orgs):
    data = sheet(
        ("A1", "AN", "Xã An Bình", "Xã", "A", "01/07/2025", ""),
        ("A2", "AN", "Xã An Bình", "Xã", "A", "01/07/2025", ""),
    )
    plan = import_file(data, "sx.xlsx", dry_run=True)
    assert plan.counts["Sắp xếp đơn vị"]["new"] == 2 and not plan.errors
    assert not Unit.objects.filter(code="AN").exists()
    import_file(data, "sx.xlsx")
    new = Unit.objects.get(code="AN")
    assert set(new.lineage_in.values_list("predecessor__code", flat=True)) == {"A1", "A2"}


def test_sheet_rows_with_a_later_date_for_the_same_successor_are_refused(tree, orgs):
    plan = import_file(
        sheet(
            ("A1", "AN", "Xã An Bình", "Xã", "A", "01/07/2025", ""),
            ("A2", "AN", "Xã An Bình", "Xã", "A", "01/08/2025", ""),
        ),
        "sx.xlsx",
    )
    found = errors(plan)
    assert any(row == 3 and "trước khi đơn vị tiền thân" in msg for row, msg in found)
    assert not Unit.objects.filter(code="AN").exists()


def test_a_split_sheet_whose_shares_do_not_cover_every_hamlet_is_refused(tree, orgs):
    plan = import_file(
        sheet(
            ("A1", "AH1", "Xã An Hòa Đông", "Xã", "A", "01/07/2025", "60%"),
            ("A1", "AH2", "Xã An Hòa Tây", "Xã", "A", "01/07/2025", "30%"),
        ),
        "sx.xlsx",
    )
    assert any("90%" in msg for _row, msg in errors(plan))
    assert not Unit.objects.filter(code__in=["AH1", "AH2"]).exists()
    assert Unit.objects.get(code="A1").valid_to is None


def test_an_unknown_old_code_and_a_bad_share_are_reported_on_their_rows(tree, orgs):
    plan = import_file(
        sheet(
            ("ZZ", "AN", "Xã An Bình", "Xã", "A", "01/07/2025", ""),
            ("A2", "AN", "Xã An Bình", "Xã", "A", "31/02/2025", ""),
        ),
        "sx.xlsx",
    )
    rows = {row for row, _msg in errors(plan)}
    assert {2, 3} <= rows
    assert not Unit.objects.filter(code="AN").exists()


@pytest.fixture
def demo_units(db):
    demo.load(codes=("83",), log=lambda *a, **k: None)


def test_ben_tre_part_of_the_2025_reform_applies_to_the_demo(demo_units, tmp_path):
    path = tmp_path / "vinh-long.xlsx"
    call_command("build_reorg_sheet", "Vĩnh Long", str(path), "--from", "Bến Tre", stdout=io.StringIO())
    hamlets_before = Unit.objects.filter(level=4).count()
    communes_before = Unit.objects.filter(level=3).count()
    assert communes_before == 148

    started = time.monotonic()
    plan = import_file(path.read_bytes(), path.name)
    seconds = time.monotonic() - started
    assert not plan.errors, plan.errors[:3]
    print(f"2025 reform applied to the demo in {seconds:.1f} s")  # noqa: T201 (shown with -s)

    now = Unit.objects.valid_on(EFF)
    province = now.get(level=1)
    assert province.code == "86" and province.name == "Tỉnh Vĩnh Long"
    assert not now.filter(level=2).exists()
    communes = now.filter(level=3)
    assert communes.count() == 48 and set(communes.values_list("parent_id", flat=True)) == {province.pk}
    assert now.filter(level=4).count() == hamlets_before  # every hamlet kept, re-parented
    # Nothing open is orphaned: units, organisations, people.
    assert not now.exclude(parent__isnull=True).exclude(parent__in=now).exists()
    assert not now.exclude(path__startswith=province.path).exists()
    assert not now.exclude(path__startswith=F("parent__path")).exclude(parent__isnull=True).exists()
    orgs = PartyOrg.objects.valid_on(EFF)
    assert not orgs.exclude(parent__isnull=True).exclude(parent__in=orgs).exists()
    assert not orgs.exclude(unit__isnull=True).exclude(unit__in=now).exists()
    assert not Cadre.objects.exclude(work_unit__in=now).exists()
    assert not Cadre.objects.exclude(party_org__isnull=True).exclude(party_org__in=orgs).exists()
    # The past reads the past: on 30/06/2025 Bến Tre with its 9 districts and 148 communes.
    past = Unit.objects.valid_on(datetime.date(2025, 6, 30))
    assert past.get(level=1).name == "Tỉnh Bến Tre"
    assert past.filter(level=2).count() == 9 and past.filter(level=3).count() == communes_before
    # Hòa Lộc (28924, Mỏ Cày Bắc) went whole to Xã Tân Thành Bình (28921), with all its hamlets: mapped
    # by code, not by name (Vĩnh Long's Hòa Lộc, 29734, went to Xã Hòa Hiệp).
    hoa_loc = Unit.objects.get(code="28924")
    assert hoa_loc.valid_to == datetime.date(2025, 6, 30)
    assert list(hoa_loc.lineage_out.values_list("successor__code", flat=True)) == ["28921"]
    assert set(now.filter(level=4, code__startswith="28924-").values_list("parent__code", flat=True)) == {
        "28921"
    }
    assert OrgLineage.objects.filter(successor__unit__code="28921").count() >= 2
