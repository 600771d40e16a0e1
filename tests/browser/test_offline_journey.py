"""Issue 17, offline field capture: a cadre's contact recorded with no connection is kept on the
phone, sent when the connection returns, and stored exactly once even when sent again; a draft for
a unit closed meanwhile comes back with the reason and the cadre's text."""

import datetime

import pytest
from django.utils import timezone

from assignments.models import FieldContact
from tests.accounts.factories import PASSWORD
from tests.assignments.factories import AssignmentFactory
from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "Quán triệt Chỉ thị 05 tại tổ, ghi khi không có sóng."


@pytest.fixture
def cast(tree, cadre_a1):
    AssignmentFactory(cadre=cadre_a1.cadre, unit=tree["A1-1-1"], starts_on=datetime.date(2026, 1, 1))


def _offline_form(page):
    sign_in(page, "cadre_a1", PASSWORD)
    page.goto(f"{page.base}/phan-cong/ghi-nhan/moi/")
    # The service worker is installed and has kept the form's page.
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.context.set_offline(True)
    page.reload()  # opens from the worker's cache
    page.select_option("#id_unit", "A1-1-1")
    page.fill("#id_disseminated", TEXT)
    page.get_by_role("button", name="Lưu").click()
    notice = page.get_by_test_id("offline-notice")
    notice.wait_for()
    assert "Không có kết nối" in notice.inner_text()
    page.get_by_test_id("draft-queued").wait_for()
    assert FieldContact.objects.count() == 0


def test_a_contact_recorded_offline_is_sent_once_when_the_connection_returns(phone_page, cast):
    page = phone_page
    _offline_form(page)
    screenshot(page, "offline-1-saved-on-the-phone")
    drafts = page.evaluate(
        "() => window.offlineOutbox.all().then(d => d.map(x => ({id: x.id, url: x.url, entries: x.entries})))"
    )
    assert len(drafts) == 1

    page.context.set_offline(False)
    page.get_by_test_id("offline-notice").filter(has_text="Đã gửi 1 bản ghi").wait_for()
    assert page.get_by_test_id("outbox").is_hidden()
    assert FieldContact.objects.count() == 1

    # The same submission sent again (a lost answer, a second tab): the server finds its client id.
    page.evaluate(
        """(draft) => new Promise((resolve) => {
            const open = indexedDB.open('party-tracker-offline', 1);
            open.onsuccess = () => {
                const tx = open.result.transaction('outbox', 'readwrite');
                tx.objectStore('outbox').put({...draft, page: location.pathname, title: 'x', state: 'queued'});
                tx.oncomplete = resolve;
            };
        })""",
        drafts[0],
    )
    assert page.evaluate("() => window.offlineOutbox.all().then(d => d.length)") == 1
    page.evaluate("() => window.offlineOutbox.flush()")
    assert page.evaluate("() => window.offlineOutbox.all().then(d => d.length)") == 0
    assert FieldContact.objects.count() == 1

    page.goto(f"{page.base}/phan-cong/ghi-nhan/")
    screenshot(page, "offline-2-one-row")
    assert page.content().count("Tổ NDTQ số 1") >= 1
    contact = FieldContact.objects.get()
    assert contact.disseminated == TEXT and contact.client_id is not None


def test_a_draft_for_a_unit_closed_meanwhile_comes_back_with_the_reason_and_the_text(phone_page, cast, tree):
    page = phone_page
    _offline_form(page)
    group = tree["A1-1-1"]
    group.valid_to = timezone.localdate() - datetime.timedelta(days=1)
    group.save()

    page.context.set_offline(False)
    conflict = page.get_by_test_id("draft-conflict")
    conflict.wait_for()
    screenshot(page, "offline-3-conflict")
    text = conflict.inner_text()
    assert "đã kết thúc hoạt động" in text and TEXT in text
    assert FieldContact.objects.count() == 0


def test_a_meeting_with_attendance_recorded_offline_is_stored_once(phone_page, secretary_a1, orgs):
    from cells.models import Meeting
    from tests.cells.factories import members

    people = members(orgs["A1-1"], 3)
    page = phone_page
    sign_in(page, "secretary_a1", PASSWORD)
    page.goto(f"{page.base}/chi-bo/{orgs['A1-1'].code}/sinh-hoat/moi/")
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # kept by the worker once visited
    page.context.set_offline(True)
    page.reload()
    day = timezone.localdate() - datetime.timedelta(days=1)
    page.fill("#id_held_on", day.strftime("%d/%m/%Y"))
    page.fill("#id_duration_minutes", "95")
    page.get_by_label("Vắng có lý do").nth(2).check()
    page.get_by_label(f"Lý do {people[2].full_name}").fill("Đi công tác")
    page.get_by_test_id("save-meeting").click()
    page.get_by_test_id("draft-queued").wait_for()
    assert Meeting.objects.count() == 0

    page.context.set_offline(False)
    page.get_by_test_id("offline-notice").filter(has_text="Đã gửi 1 bản ghi").wait_for()
    meeting = Meeting.objects.get()
    assert meeting.attendance.filter(status="excused").get().reason == "Đi công tác"
    assert meeting.attendance.count() == 3
