"""Uploads bounded by what they unpack to: a zip bomb and a sheet over the row limit are refused before
they are read whole, with one Vietnamese message, nothing written and the refusal in the history."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.accounts.factories import PASSWORD
from tests.units.test_import_pipeline import file_error, snapshot
from tests.units.workbooks import UNIT_HEADERS, new_units, xlsx
from units.models import RosterImport, Unit

PAGE = reverse("units:import_page")
BOMB_MESSAGE = "khi giải nén chiếm"
ROWS_MESSAGE = "Tệp có hơn 50 dòng"


@pytest.fixture
def office_client(client, office):
    client.login(username="office", password=PASSWORD)
    return client


def hamlets(count: int) -> list[list]:
    return [UNIT_HEADERS] + [[f"A1-{n}", f"Ấp {n}", "Ấp", "A1"] for n in range(10, 10 + count)]


def bomb(part_bytes: int) -> bytes:
    """A valid workbook with one more part of `part_bytes` zeros: tiny compressed, large unpacked."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx({"Đơn vị": new_units()}))) as source:
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for info in source.infolist():
                z.writestr(info, source.read(info))
            z.writestr("xl/media/padding.bin", b"\x00" * part_bytes)
    return out.getvalue()


def cut_after_row(data: bytes, row: int) -> bytes:
    """The workbook with its sheet's XML broken after `row`: reading past it fails as damaged."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            content = source.read(info)
            if info.filename.startswith("xl/worksheets/sheet"):
                marker = f'<row r="{row + 1}"'.encode()
                assert marker in content
                content = content[: content.index(marker)] + b"<row r=<<not xml"
            z.writestr(info, content)
    return out.getvalue()


def test_a_zip_bomb_is_refused_on_the_page_with_nothing_written_and_the_history_says_why(
    office_client, tree, settings
):
    settings.UPLOAD_MAX_UNCOMPRESSED_BYTES = 200_000
    data = bomb(300_000)
    assert len(data) < 20_000  # small on the wire, 300 kB declared inside
    before = snapshot()

    response = office_client.post(PAGE, {"file": SimpleUploadedFile("danh-sach.xlsx", data)}, follow=True)

    record = RosterImport.objects.get()
    assert record.status == RosterImport.Status.REFUSED and not record.file
    assert BOMB_MESSAGE in record.message and "195,3\xa0KB" in record.message
    assert BOMB_MESSAGE in response.content.decode()
    assert snapshot() == before
    page = office_client.get(PAGE).content.decode()
    assert "danh-sach.xlsx" in page and record.get_status_display() in page


def test_the_same_workbook_without_the_padding_imports(tree, settings):
    settings.UPLOAD_MAX_UNCOMPRESSED_BYTES = 200_000
    from units.imports import import_file

    plan = import_file(bomb(100_000))

    assert not plan.errors
    assert Unit.objects.filter(code__in=["A1-2", "A1-2-1", "A1-3"]).count() == 3


def test_a_sheet_over_the_row_limit_is_refused_before_it_is_read_whole(tree, settings):
    settings.ROSTER_IMPORT_MAX_ROWS = 50
    # 80 rows, the sheet's XML broken after row 55: read to the end, this file would be "damaged".
    data = cut_after_row(xlsx({"Đơn vị": hamlets(80)}), 55)
    before = snapshot()

    assert ROWS_MESSAGE in file_error(data)
    assert snapshot() == before

    settings.ROSTER_IMPORT_MAX_ROWS = 1000
    assert "bị hỏng" in file_error(data)  # the break is there, past the limit


def test_empty_rows_far_below_the_data_count_towards_the_limit(tree, settings):
    settings.ROSTER_IMPORT_MAX_ROWS = 50
    book = hamlets(3)
    data = xlsx({"Đơn vị": book + [[None]] * 5})
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data))
    wb.active.cell(row=1_000_000, column=16_000, value="x")  # one stray cell at the bottom right
    out = io.BytesIO()
    wb.save(out)

    assert ROWS_MESSAGE in file_error(out.getvalue())
    assert not Unit.objects.filter(code="A1-10").exists()


def test_a_csv_over_the_row_limit_is_refused(tree, settings):
    settings.ROSTER_IMPORT_MAX_ROWS = 50
    text = "\n".join(",".join(row) for row in hamlets(60))

    assert ROWS_MESSAGE in file_error(text.encode(), "don-vi.csv")
    assert not Unit.objects.filter(code="A1-10").exists()


def test_a_normal_roster_at_the_limit_still_imports(office_client, tree, settings):
    settings.ROSTER_IMPORT_MAX_ROWS = 50
    data = xlsx({"Đơn vị": hamlets(49)})  # the header and 49 rows: 50

    response = office_client.post(PAGE, {"file": SimpleUploadedFile("danh-sach.xlsx", data)})
    office_client.post(response.url, {})

    record = RosterImport.objects.get()
    assert record.status == RosterImport.Status.DONE
    assert Unit.objects.filter(code__in=[f"A1-{n}" for n in range(10, 59)]).count() == 49
