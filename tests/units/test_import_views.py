"""The provincial office's import page: upload -> preview -> confirm, templates, exports, the
error workbook, background runs, and who may use it."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.accounts.factories import PASSWORD
from tests.units.factories import CadreFactory
from tests.units.workbooks import CADRE_HEADERS, UNIT_HEADERS, new_units, read_xlsx, xlsx
from units.imports import import_file
from units.models import Cadre, PartyOrg, RosterImport, Unit

PAGE = reverse("units:import_page")


def upload(client, data, name="roster.xlsx", sheet=""):
    return client.post(PAGE, {"file": SimpleUploadedFile(name, data), "sheet": sheet})


@pytest.fixture
def office_client(client, office):
    client.login(username="office", password=PASSWORD)
    return client


def test_it_lets_only_the_provincial_office_in(client, office, leader_a, cadre_a1):
    assert client.get(PAGE).status_code == 302  # anonymous: to the sign-in page
    for username in ("leader_a", "cadre_a1"):
        client.login(username=username, password=PASSWORD)
        assert client.get(PAGE).status_code == 403
        assert client.get(reverse("units:import_template", args=["don-vi"])).status_code == 403
        assert client.get(reverse("units:export", args=["can-bo"])).status_code == 403
    client.login(username="office", password=PASSWORD)
    assert client.get(PAGE).status_code == 200


def test_it_shows_other_users_403_on_an_import_and_404_on_an_unknown_one(client, office, leader_a, tree):
    record = RosterImport.objects.create(file_name="x.xlsx", created_by=office)
    client.login(username="leader_a", password=PASSWORD)
    assert client.get(reverse("units:import_detail", args=[record.pk])).status_code == 403
    client.login(username="office", password=PASSWORD)
    assert client.get(reverse("units:import_detail", args=[record.pk + 99])).status_code == 404


def test_it_previews_then_writes_on_confirm(office_client, tree, django_assert_max_num_queries):
    response = upload(office_client, xlsx({"Đơn vị": new_units()}))
    record = RosterImport.objects.get()
    assert response.url == reverse("units:import_detail", args=[record.pk])
    assert not Unit.objects.filter(code="A1-2").exists()  # the preview wrote nothing

    with django_assert_max_num_queries(12):
        page = office_client.get(response.url)
    text = page.content.decode()
    assert record.status == RosterImport.Status.PREVIEWED and record.created_by.username == "office"
    assert record.counts == {"Đơn vị": {"new": 3, "updated": 0, "unchanged": 0, "rejected": 0}}
    assert "Xác nhận nhập" in text

    office_client.post(response.url, {})

    record.refresh_from_db()
    assert record.status == RosterImport.Status.DONE and record.finished_at
    assert Unit.objects.get(code="A1-2-1").parent.code == "A1-2"
    assert "Đã nhập" in office_client.get(response.url).content.decode()


def test_it_lists_every_row_error_and_refuses_to_confirm_them(office_client, tree):
    rows = new_units() + [["A1-4", "Ấp 4", "Xa Phu", "A1"]]
    response = upload(office_client, xlsx({"Đơn vị": rows}))
    text = office_client.get(response.url).content.decode()

    assert "Xa Phu" in text and "Loại đơn vị" in text and "<td>5</td>" in text
    assert "một trong các giá trị: Tỉnh, Thành phố" in text
    # Confirming without choosing "only the valid rows" writes nothing.
    response = office_client.post(response.url, {}, follow=True)
    assert "Có dòng bị từ chối" in response.content.decode()
    assert not Unit.objects.filter(code="A1-2").exists()
    assert RosterImport.objects.get().status == RosterImport.Status.PREVIEWED


def test_it_imports_only_the_valid_rows_when_the_user_chooses_so(office_client, tree):
    rows = new_units() + [["A1-4", "Ấp 4", "Xa Phu", "A1"]]
    response = upload(office_client, xlsx({"Đơn vị": rows}))

    office_client.post(response.url, {"only_valid": "on"})

    record = RosterImport.objects.get()
    assert record.status == RosterImport.Status.DONE and record.only_valid
    assert Unit.objects.filter(code__in=["A1-2", "A1-2-1", "A1-3"]).count() == 3
    assert not Unit.objects.filter(code="A1-4").exists()


def test_it_shows_one_clear_message_for_an_unreadable_file_and_records_it(office_client, tree):
    response = upload(office_client, b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, name="anh.xlsx")
    text = office_client.get(response.url).content.decode()

    record = RosterImport.objects.get()
    assert record.status == RosterImport.Status.REFUSED
    assert "Tệp này không phải là bảng tính" in text


def test_it_refuses_an_upload_over_the_size_limit(office_client, tree, settings):
    settings.ROSTER_IMPORT_MAX_BYTES = 2000
    data = xlsx({"Đơn vị": new_units() + [[f"A1-{n}", f"Ấp {n}", "Ấp", "A1"] for n in range(10, 400)]})
    assert len(data) > 2000

    response = upload(office_client, data)

    assert response.status_code == 200
    assert (
        "giới hạn là 2,0\xa0KB" in response.content.decode() or "giới hạn là 2.0" in response.content.decode()
    )
    assert not RosterImport.objects.exists() and not Unit.objects.filter(code="A1-2").exists()


def test_it_gives_the_rejected_rows_back_as_a_workbook_to_fix_and_reupload(office_client, tree):
    rows = new_units() + [["A1-4", "Ấp 4", "Xa Phu", "A1"]]
    response = upload(office_client, xlsx({"Đơn vị": rows}))
    record = RosterImport.objects.get()

    errors = office_client.get(reverse("units:import_errors", args=[record.pk]))

    sheet = read_xlsx(errors.content)["Đơn vị"]
    assert sheet[0] == UNIT_HEADERS + ["Lỗi"]
    assert sheet[1][:4] == ["A1-4", "Ấp 4", "Xa Phu", "A1"]
    assert "Loại đơn vị" in sheet[1][4] and "Xa Phu" in sheet[1][4]
    # Fixed in that same workbook and uploaded again, it imports (the error column is ignored).
    book = openpyxl.load_workbook(io.BytesIO(errors.content))
    book["Đơn vị"]["C2"] = "Ấp"
    fixed = io.BytesIO()
    book.save(fixed)
    response = upload(office_client, fixed.getvalue(), name="loi-da-sua.xlsx")
    office_client.post(response.url, {})
    assert Unit.objects.get(code="A1-4").kind == Unit.Kind.HAMLET


def test_it_offers_blank_templates_with_dropdowns_and_an_explanation_sheet(office_client, db):
    response = office_client.get(reverse("units:import_template", args=["tat-ca"]))

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    # Sheets registered by other apps (the assignments sheet) come after these, the guide last.
    assert book.sheetnames[:3] == ["Đơn vị", "Tổ chức đảng", "Cán bộ"] and book.sheetnames[-1] == "Hướng dẫn"
    assert [c.value for c in book["Cán bộ"][1]] == CADRE_HEADERS
    units = book["Đơn vị"]
    lists = {str(dv.sqref): dv.formula1 for dv in units.data_validations.dataValidation}
    assert lists == {
        "C2:C5000": '"Tỉnh,Thành phố,Huyện,Thị xã,Xã,Phường,Thị trấn,Ấp,Khu phố,Tổ nhân dân tự quản"'
    }
    cadre_lists = [dv.formula1 for dv in book["Cán bộ"].data_validations.dataValidation]
    assert '"Nam,Nữ"' in cadre_lists and '"Có,Không"' in cadre_lists and '"Tỉnh,Huyện,Xã"' in cadre_lists
    guide = [[c.value for c in row] for row in book["Hướng dẫn"].iter_rows()]
    assert ["Đơn vị", "Mã đơn vị cấp trên", "có, trừ cấp cao nhất"] == guide[4][:3]
    assert any(row[1] == "Số điện thoại" and "số 0" in row[3] for row in guide if row[1])


def test_a_filled_template_imports(office_client, tree):
    book = openpyxl.load_workbook(
        io.BytesIO(office_client.get(reverse("units:import_template", args=["don-vi"])).content)
    )
    book["Đơn vị"].append(["A2-1", "Ấp Mới", "Ấp", "A2"])
    data = io.BytesIO()
    book.save(data)

    response = upload(office_client, data.getvalue())
    office_client.post(response.url, {})

    assert Unit.objects.get(code="A2-1").parent.code == "A2"


def test_export_then_reimport_changes_nothing(office_client, tree, orgs, cadre_a1, cadre_b1):
    CadreFactory(code="K0", full_name="Võ Thị Hồng", work_unit=tree["B1"], phone="0912000111", email="a@b.vn")
    before = (
        list(Unit.objects.values().order_by("pk")),
        list(PartyOrg.objects.values().order_by("pk")),
        list(Cadre.objects.values().order_by("pk")),
    )

    exported = office_client.get(reverse("units:export", args=["tat-ca"])).content
    sheets = read_xlsx(exported)
    assert sheets["Cán bộ"][0] == CADRE_HEADERS
    k0 = next(row for row in sheets["Cán bộ"] if row[0] == "K0")
    assert k0[1] == "Võ Thị Hồng" and k0[7] == "0912000111" and k0[8] == "a@b.vn"

    plan = import_file(exported, "export.xlsx")

    assert plan.errors == []
    assert all(c["new"] == c["updated"] == c["rejected"] == 0 for c in plan.counts.values())
    assert {name: plan.counts[name]["unchanged"] for name in ("Đơn vị", "Tổ chức đảng", "Cán bộ")} == {
        "Đơn vị": Unit.objects.count(),
        "Tổ chức đảng": PartyOrg.objects.count(),
        "Cán bộ": Cadre.objects.count(),
    }
    assert before == (
        list(Unit.objects.values().order_by("pk")),
        list(PartyOrg.objects.values().order_by("pk")),
        list(Cadre.objects.values().order_by("pk")),
    )


@pytest.fixture
def eager_tasks():
    """Tasks run in-process here even where REDIS_URL is set (test_import_worker uses a real worker)."""
    from config.celery import app

    old = app.conf.get("task_always_eager", False)
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = old


def test_a_large_file_runs_in_the_background_and_the_preview_enqueues_nothing(
    office_client, tree, settings, django_capture_on_commit_callbacks, eager_tasks
):
    settings.ROSTER_IMPORT_BACKGROUND_ROWS = 2
    with django_capture_on_commit_callbacks() as preview_callbacks:
        response = upload(office_client, xlsx({"Đơn vị": new_units()}))
    assert preview_callbacks == []  # the dry run enqueued nothing

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        office_client.post(response.url, {})
    record = RosterImport.objects.get()
    assert record.status == RosterImport.Status.QUEUED and len(callbacks) == 1
    page = office_client.get(response.url).content.decode()
    assert 'data-testid="import-progress"' in page and "0 / 3" in page
    assert not Unit.objects.filter(code="A1-2").exists()

    callbacks[0]()  # the commit happens: the (eager) task runs the import

    record.refresh_from_db()
    assert record.status == RosterImport.Status.DONE
    assert Unit.objects.filter(code__in=["A1-2", "A1-2-1", "A1-3"]).count() == 3
    # A second delivery of the same task does nothing.
    from units.tasks import roster_import_task

    assert roster_import_task(record.pk) is None


def test_it_keeps_a_history_of_imports(office_client, tree):
    upload(office_client, xlsx({"Đơn vị": new_units()}), name="dot-1.xlsx")
    upload(office_client, b"PK\x03\x04 not really a workbook", name="rong.xlsx")

    text = office_client.get(PAGE).content.decode()

    assert "dot-1.xlsx" in text and "rong.xlsx" in text and "Bị từ chối" in text
    assert (
        "bị hỏng"
        in office_client.get(
            reverse("units:import_detail", args=[RosterImport.objects.get(file_name="rong.xlsx").pk])
        ).content.decode()
    )


def test_the_admin_imports_through_the_same_checks(client, tree, django_user_model):
    django_user_model.objects.create_superuser("root", "r@x.vn", PASSWORD)
    client.login(username="root", password=PASSWORD)
    url = reverse("admin:units_unit_import")
    bad = xlsx({"Đơn vị": [UNIT_HEADERS, ["A1-5", "Ấp 5", "Ấp", "KHONGCO"]]})

    response = client.post(
        url, {"import_file": SimpleUploadedFile("u.xlsx", bad), "format": "1", "resource": "0"}
    )

    text = response.content.decode()
    assert "KHONGCO" in text and "Mã đơn vị cấp trên" in text
    assert not Unit.objects.filter(code="A1-5").exists()


def test_the_admin_exports_in_the_roster_format(client, tree, django_user_model):
    django_user_model.objects.create_superuser("root", "r@x.vn", PASSWORD)
    client.login(username="root", password=PASSWORD)

    response = client.post(
        reverse("admin:units_unit_export"),
        {
            "format": "1",
            "resource": "0",
            **{f"unitresource_{name}": "on" for name in ("code", "name", "kind", "parent")},
        },
    )

    rows = read_xlsx(response.content)
    sheet = next(iter(rows.values()))
    assert sheet[0] == UNIT_HEADERS
    assert ["A1", "Xã An Hòa", "Xã", "A"] in sheet


def test_an_exported_value_that_looks_like_a_formula_stays_text(office_client, tree):
    Unit.objects.filter(code="A2").update(name='=HYPERLINK("http://x","bấm")')

    exported = office_client.get(reverse("units:export", args=["don-vi"])).content

    book = openpyxl.load_workbook(io.BytesIO(exported))
    cell = next(row[1] for row in book["Đơn vị"].iter_rows() if row[0].value == "A2")
    assert cell.data_type == "s"


def test_the_import_page_lists_the_history_in_a_bounded_number_of_queries(
    office_client, office, django_assert_max_num_queries
):
    for n in range(30):
        RosterImport.objects.create(file_name=f"dot-{n}.xlsx", created_by=office, sheets="Đơn vị")

    with django_assert_max_num_queries(8):
        text = office_client.get(PAGE).content.decode()

    assert "dot-29.xlsx" in text and "dot-9.xlsx" not in text  # the newest 20
