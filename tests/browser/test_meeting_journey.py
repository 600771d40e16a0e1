"""Issue 17, meeting preparation and close-out: the cell secretary plans today's meeting, holds it
and records its biên bản, gives the resolution's task to a member; planning the next meeting (the
3rd of next month proposed) puts the open task on its agenda."""

import datetime
import io

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cells.models import Meeting, MeetingTask
from tests.accounts.factories import PASSWORD
from tests.browser.conftest import screenshot, sign_in
from tests.cells.factories import members

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_plan_hold_minutes_and_the_task_on_the_next_agenda(page, secretary_a1, orgs):
    people = members(orgs["A1-1"], 3)
    today = timezone.localdate()
    sign_in(page, "secretary_a1", PASSWORD)

    # Plan: today's meeting, at the hamlet's hall, on CT 05.
    page.goto(f"{page.base}/chi-bo/")
    page.get_by_test_id("plan-meeting").click()
    page.fill("#id_planned_on", today.strftime("%d/%m/%Y"))
    page.fill("#id_place", "Nhà văn hóa ấp 1")
    page.get_by_label("05-CT/TW", exact=False).first.check()
    page.get_by_test_id("save-plan").click()
    expect(page.get_by_test_id("planned")).to_be_visible()
    assert "Nhà văn hóa ấp 1" in page.content()

    # Hold: the minutes from the plan (times, chair, recorder, one member excused, the votes).
    page.get_by_test_id("hold-meeting").click()
    page.fill("#id_starts_at", "19:30")
    page.fill("#id_ends_at", "21:10")
    page.select_option("#id_chair", str(people[0].pk))
    page.select_option("#id_recorder", str(people[1].pk))
    page.get_by_label("Vắng có lý do").nth(2).check()
    page.get_by_label(f"Lý do {people[2].full_name}").fill("Đi làm ăn xa")
    page.fill("#id_discussion", "Đồng chí Hai đề nghị bê tông hóa đường ấp.")
    page.fill("#id_resolution", "Chi bộ thống nhất vận động làm đường.")
    page.fill("#id_votes_for", "2")
    page.get_by_test_id("save-meeting").click()
    expect(page.get_by_text("Đã ghi nhận buổi sinh hoạt")).to_be_visible()  # the POST has been answered
    meeting = Meeting.objects.get(cell=orgs["A1-1"])
    assert meeting.status == "held" and meeting.duration_minutes == 100

    # The resolution as a task: without a deadline it is refused, the text kept; then given.
    page.fill("#id_title", "Vận động 10 hộ hiến đất làm đường")
    page.select_option("#id_owner", str(people[2].pk))
    page.get_by_test_id("add-task").click()
    expect(page.get_by_text("Ghi hạn hoàn thành của việc.")).to_be_visible()
    expect(page.locator("#id_title")).to_have_value("Vận động 10 hộ hiến đất làm đường")
    deadline = today + datetime.timedelta(days=25)
    page.fill("#id_deadline", deadline.strftime("%d/%m/%Y"))
    page.get_by_test_id("add-task").click()
    expect(page.get_by_test_id("task").filter(has_text="Vận động 10 hộ")).to_be_visible()
    screenshot(page, "cells-meeting-minutes")
    with page.expect_download() as download:
        page.get_by_test_id("minutes-docx").click()
    from docx import Document

    document = Document(io.BytesIO(open(download.value.path(), "rb").read()))
    assert people[0].full_name in "\n".join(p.text for p in document.paragraphs)

    # The next meeting: the 3rd of next month proposed, the open task on its agenda.
    page.goto(f"{page.base}/chi-bo/CBA1-1/")
    page.get_by_test_id("plan-meeting").click()
    first_next = (today.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    expect(page.locator("#id_planned_on")).to_have_value(first_next.replace(day=3).strftime("%d/%m/%Y"))
    expect(page.get_by_test_id("open-task").filter(has_text="Vận động 10 hộ")).to_be_visible()
    page.get_by_test_id("save-plan").click()
    agenda = page.get_by_test_id("agenda-task")
    expect(agenda).to_have_count(1)
    expect(agenda).to_contain_text("Vận động 10 hộ hiến đất làm đường")
    screenshot(page, "cells-next-agenda")

    # Closed, it leaves the agenda; who and when are kept.
    agenda.get_by_role("button").click()
    assert page.get_by_test_id("agenda-task").count() == 0
    task = MeetingTask.objects.get()
    assert task.status == "done" and task.closed_by == secretary_a1
