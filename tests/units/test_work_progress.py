"""Progress that moves (issue 19): an import's re-check and write report their phase and counts,
an export and an upload check report theirs under the page's token, readable only by its user."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from common.progress import Progress
from tests.accounts.factories import PASSWORD, UserFactory
from tests.units.workbooks import new_units, xlsx
from units import services
from units.imports import SHEETS, plan_workbook, read_upload
from units.models import RosterImport
from units.workbooks import export_workbook

pytestmark = pytest.mark.django_db

PAGE = reverse("units:import_page")
TOKEN = "0123456789abcdef0123456789abcdef"


class Recorder(Progress):
    """A real Progress that also keeps every state it writes, in order."""

    def __init__(self, key=None):
        super().__init__(key, every=1, min_seconds=3600)
        self.states = []

    def _write(self):
        super()._write()
        self.states.append(self.state())


@pytest.fixture
def office_client(client, office):
    client.login(username="office", password=PASSWORD)
    return client


def test_the_check_reports_each_phase_with_counts_that_move(tree):
    recorder = Recorder()
    plan_workbook(read_upload(xlsx({"Đơn vị": new_units()}), "r.xlsx"), progress=recorder)
    checking = [s["done"] for s in recorder.states if s["phase"] == "checking"]
    assert checking[0] == 0 and checking[-1] == 3 and len(set(checking)) == 4  # 0, 1, 2, 3 of 3
    assert {s["total"] for s in recorder.states} == {3}
    assert any(s["phase"] == "comparing" and s["detail"] == "Đơn vị" for s in recorder.states)


def test_the_export_reports_rows_written_of_the_total(tree):
    recorder = Recorder(key="progress:test")
    data = export_workbook(list(SHEETS), progress=recorder)
    assert data.startswith(b"PK")
    exporting = [s for s in recorder.states if s["phase"] == "exporting"]
    total = exporting[0]["total"]
    assert total > 0 and [s["done"] for s in exporting][-1] == total and len(exporting) == total + 1
    assert recorder.states[-1]["phase"] == "done"


def test_a_background_import_shows_its_phase_not_zero_rows_written(office_client, tree, settings):
    """While the worker checks 20,000 rows again the page said "0 of 20000 rows written" for 7 s:
    it now says which phase it is in, with the counts of that phase."""
    office_client.post(PAGE, {"file": SimpleUploadedFile("r.xlsx", xlsx({"Đơn vị": new_units()}))})
    record = RosterImport.objects.get()
    RosterImport.objects.filter(pk=record.pk).update(status=RosterImport.Status.QUEUED, rows_total=20000)
    page = office_client.get(reverse("units:import_progress", args=[record.pk])).content.decode()
    assert "Đã ghi 0 / 20000 dòng" in page  # nothing known yet: the old line
    services.import_progress(record.pk).phase("checking", total=20000, done=5000)
    page = office_client.get(reverse("units:import_progress", args=[record.pk])).content.decode()
    assert "Đang kiểm tra các dòng" in page and "5000 / 20000" in page and 'value="25"' in page
    services.import_progress(record.pk).phase("writing", total=18000, done=9000)
    page = office_client.get(reverse("units:import_progress", args=[record.pk])).content.decode()
    assert "Đang ghi các dòng" in page and "9000 / 18000" in page and 'value="50"' in page


def test_a_confirmed_import_goes_through_reading_checking_writing(office_client, tree):
    office_client.post(PAGE, {"file": SimpleUploadedFile("r.xlsx", xlsx({"Đơn vị": new_units()}))})
    record = RosterImport.objects.get()
    office_client.post(reverse("units:import_detail", args=[record.pk]), {})
    record.refresh_from_db()
    assert record.status == RosterImport.Status.DONE
    state = services.phase_of(record)
    assert state["phase"] == "finishing" and state["done"] == state["total"] == 3


def test_the_export_and_the_upload_check_report_under_the_pages_token(office_client, tree):
    url = reverse("units:work_progress", args=[TOKEN])
    assert office_client.get(url).status_code == 404  # nothing started under it yet
    response = office_client.get(reverse("units:export", args=["don-vi"]) + f"?jeton={TOKEN}")
    assert response.status_code == 200
    state = office_client.get(url).json()
    assert state["phase"] == "done" and state["total"] > 0 and state["done"] == state["total"]
    assert state["label"] == "Xong"

    other = "f" * 32
    office_client.post(
        PAGE, {"file": SimpleUploadedFile("r.xlsx", xlsx({"Đơn vị": new_units()})), "jeton": other}
    )
    state = office_client.get(reverse("units:work_progress", args=[other])).json()
    assert state["phase"] == "done" and state["total"] == 3


def test_a_token_is_read_only_by_the_user_who_sent_it(client, office_client, office, tree):
    office_client.get(reverse("units:export", args=["don-vi"]) + f"?jeton={TOKEN}")
    url = reverse("units:work_progress", args=[TOKEN])
    assert office_client.get(url).status_code == 200
    from accounts import roles

    UserFactory(username="office2", roles=[roles.OFFICE])
    client.logout()
    client.login(username="office2", password=PASSWORD)
    assert client.get(url).status_code == 404
    assert client.get(reverse("units:work_progress", args=["not-a-token"])).status_code == 404
