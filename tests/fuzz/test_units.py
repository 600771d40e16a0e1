"""Bad-input sweep over the units app: the roster upload (openpyxl-built workbooks with random cell
values and types, and CSV files) with its preview and confirmation, the reorganisation form and
sheet, the `?ngay=` date of the unit pages and the unit search, through the real views as the
provincial office (the only role that may import or reorganise)."""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from assignments.models import Assignment
from tests.units.test_reorg_sheet import HEADERS as REORG_HEADERS
from tests.units.workbooks import CADRE_HEADERS, ORG_HEADERS, UNIT_HEADERS
from units.models import Cadre, Lineage, OrgLineage, PartyOrg, Reorganisation, RosterImport, Unit

from .checks import Submission
from .strategies import BAD_DATES, FEW, FUZZ, INJECTIONS, choice, dates, nfd, short_text, text

pytestmark = pytest.mark.django_db

WRITES = [Unit, PartyOrg, Cadre, Assignment, Lineage, OrgLineage, Reorganisation]
SHEETS = {
    "Đơn vị": UNIT_HEADERS,
    "Tổ chức đảng": ORG_HEADERS,
    "Cán bộ": CADRE_HEADERS,
    "Sắp xếp đơn vị": REORG_HEADERS,
}
CODES = ["A", "A1", "A1-1", "A2", "B1", "P", "DBA1", "CBA1-1", "CA1", "NEW1", "NEW2"]
KINDS = ["Xã", "Ấp", "Tổ nhân dân tự quản", "Huyện", "Chi bộ", "Đảng bộ cơ sở", "xa", "ap"]

# What a cell of a workbook may hold: text (codes, names, injections, dates and numbers written as
# text, 32k-character text), numbers (huge, negative, fractional), dates and datetimes, booleans,
# formulas, nothing.
cell_value = st.one_of(
    st.sampled_from(CODES + KINDS),
    st.sampled_from(
        INJECTIONS + BAD_DATES + ["01/07/2025", "1/7/2025", "2025-07-01", "60%", "0,6", "Nam", "Nữ"]
    ),
    st.sampled_from(["=1/0", "=SUM(A1:A3)", '=HYPERLINK("javascript:alert(1)")', "=A1", "=" + "A" * 300]),
    st.sampled_from(["z" * 32_000, nfd("Nguyễn Thị ") * 2_000, "123456789012345678901234567890", "1e309"]),
    short_text,
    st.integers(min_value=-(2**63), max_value=2**63),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=datetime.date(1900, 3, 1), max_value=datetime.date(9999, 12, 31)),
    st.datetimes(min_value=datetime.datetime(1900, 3, 1), max_value=datetime.datetime(9999, 12, 31)),
    st.booleans(),
    st.none(),
)


def headers_for(title):
    """The sheet's headers as in the template, shuffled, cut, misspelt, or garbage."""
    real = SHEETS.get(title, UNIT_HEADERS)
    return st.one_of(
        st.just(real),
        st.permutations(real),
        st.just(real[:2]),
        st.just([h.upper() + " " for h in real]),
        st.just([nfd(h) for h in real]),
        st.lists(short_text, max_size=6),
        st.just([]),
    )


titles = st.one_of(
    st.sampled_from(list(SHEETS)), st.sampled_from(["Sheet", "Don vi", nfd("Đơn vị")]), short_text
)


@st.composite
def workbooks(draw):
    sheets = []
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        title = draw(titles)
        rows = [draw(headers_for(title))] if draw(st.booleans()) or title in SHEETS else []
        rows += draw(st.lists(st.lists(cell_value, max_size=8), max_size=4))
        sheets.append((title, rows))
    return sheets


def _clean(value):
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)[:32_767]
    return value


def xlsx_bytes(sheets) -> bytes:
    book = openpyxl.Workbook()
    if sheets:  # none: the one empty sheet of a new workbook
        book.remove(book.active)
    used = set()
    for title, rows in sheets:
        name = re.sub(r"[\[\]:*?/\\']", "", ILLEGAL_CHARACTERS_RE.sub("", title))[:31].strip() or "Sheet"
        while name.casefold() in used:
            name = (name[:28] + str(len(used))).strip()
        used.add(name.casefold())
        ws = book.create_sheet(name)
        for row in rows:
            ws.append([_clean(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(sheets, encoding) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for _title, rows in sheets[:1]:
        writer.writerows([["" if v is None else str(v) for v in row] for row in rows])
    return out.getvalue().encode(encoding, "replace")


files = st.one_of(
    workbooks().map(lambda s: ("danh-sach.xlsx", xlsx_bytes(s))),
    workbooks().map(lambda s: ("danh-sach.csv", csv_bytes(s, "utf-8"))),
    workbooks().map(lambda s: ("danh-sach.csv", csv_bytes(s, "cp1258"))),
    st.tuples(
        st.sampled_from(["a.xlsx", "a.csv", "a.pdf", "<script>.xlsx", "../../x.xlsx"]),
        st.binary(max_size=300),
    ),
    st.just(("rong.xlsx", b"")),
    st.just(("zip.xlsx", b"PK\x03\x04" + b"\x00" * 60)),
)
sheet_choice = choice(["", *SHEETS], also=["Phân công"])


def _upload(client, world, name, data, sheet):
    sub = Submission(client, world.users["office"], models=WRITES)
    before = RosterImport.objects.count()
    upload = SimpleUploadedFile(name, data)
    sub.post(reverse("units:import_page"), {"file": upload, "sheet": sheet}, created={Unit: 0, Cadre: 0})
    record = RosterImport.objects.order_by("-pk").first()
    if sub.response.status_code == 302:
        assert RosterImport.objects.count() == before + 1
        assert record.status in (RosterImport.Status.REFUSED, RosterImport.Status.PREVIEWED)
        if record.status == RosterImport.Status.REFUSED:
            assert record.message  # one message saying why
        if record.rejected:
            assert record.errors and all(e["row"] for e in record.errors)  # per-row errors
    return sub, record


@FUZZ
@given(file=files, sheet=sheet_choice, only_valid=st.sampled_from(["", "on"]))
def test_roster_upload_preview_and_confirm(client, world, media, file, sheet, only_valid):
    name, data = file
    sub, record = _upload(client, world, name, data, sheet)
    if sub.response.status_code != 302 or record.status != RosterImport.Status.PREVIEWED:
        return
    # Confirming: rejected rows block it (nothing written) unless "only the valid rows".
    confirm = Submission(client, world.users["office"], models=WRITES, form=False)
    confirm.post(reverse("units:import_detail", args=[record.pk]), {"only_valid": only_valid})
    record.refresh_from_db()
    if record.rejected and not only_valid:
        assert not confirm.accepted
    page = client.get(reverse("units:import_detail", args=[record.pk]))
    assert page.status_code == 200


@FEW
@given(rows=st.lists(st.lists(cell_value, min_size=7, max_size=7), min_size=1, max_size=4))
def test_reorganisation_sheet_refuses_garbage_as_a_whole(client, world, media, rows):
    """The reorganisation sheet is one batch: any rejected row and nothing of it is written, even
    with "only the valid rows"."""
    data = xlsx_bytes([("Sắp xếp đơn vị", [REORG_HEADERS, *rows])])
    sub, record = _upload(client, world, "sap-xep.xlsx", data, "Sắp xếp đơn vị")
    if record is None or record.status != RosterImport.Status.PREVIEWED or not record.rejected:
        return
    confirm = Submission(client, world.users["office"], models=WRITES, form=False)
    before = (Unit.objects.count(), Lineage.objects.count(), Reorganisation.objects.count())
    confirm.post(reverse("units:import_detail", args=[record.pk]), {"only_valid": "on"})
    assert (Unit.objects.count(), Lineage.objects.count(), Reorganisation.objects.count()) == before


@FUZZ
@given(
    sources=st.one_of(
        st.sampled_from(["A1, A2", "A1;A2", "A1,A1", "A1", "A1, B1", "A1, ZZ", ""]),
        st.lists(st.sampled_from(CODES), max_size=4).map(", ".join),
        text,
    ),
    code=st.one_of(st.sampled_from(["AN", "A1", "", "X" * 41]), short_text),
    name=st.one_of(text, st.sampled_from(["Xã An Bình", nfd("Xã An Bình")])),
    kind=choice([k for k, _label in Unit.Kind.choices]),
    parent=st.one_of(st.sampled_from(["A", "B", "P", "A1", ""]), short_text),
    effective=st.one_of(dates, st.sampled_from(["01/07/2025", "1/7/2025", "31/12/9999", "01/01/0001"])),
    action=st.sampled_from(["preview", "confirm"]),
)
def test_merge_form(client, world, sources, code, name, kind, parent, effective, action):
    data = {
        "sources": sources,
        "code": code,
        "name": name,
        "kind": kind,
        "parent": parent,
        "effective_on": effective,
        action: "1",
    }
    sub = Submission(
        client, world.users["office"], models=WRITES, typed={"name": name, "effective_on": effective}
    )
    sub.post(reverse("units:reorg"), data)
    if sub.accepted:
        assert Reorganisation.objects.count() == 1


@FUZZ
@given(
    day=st.one_of(dates, st.sampled_from(["01/07/2025", "30/06/2025", "31/12/9999", "01/01/0001"])),
    query=st.one_of(text.filter(lambda t: "\x00" not in t), short_text),
    role=st.sampled_from(["office", "leader_a", "cadre_a1"]),
)
def test_unit_pages_and_search(client, world, day, query, role):
    sub = Submission(client, world.users[role], models=WRITES)
    sub.get(reverse("units:detail", args=["A"]), {"ngay": day})
    sub.get(reverse("units:detail", args=["A1-1"]), {"ngay": day})
    sub.get(reverse("units:root"))
    sub.get(reverse("units:reorg") if role == "office" else reverse("units:root"))
    if role in ("office",):
        sub.get(reverse("admin:units_unit_changelist"), {"q": query})
        sub.get(reverse("admin:units_cadre_changelist"), {"q": query})
        sub.get(reverse("admin:units_partyorg_changelist"), {"q": query, "valid": query[:10]})
    if role == "leader_a":
        page = client.get(reverse("units:detail", args=["A"]), {"ngay": day}).content.decode()
        assert "Bình Lộc" not in page  # another district's
