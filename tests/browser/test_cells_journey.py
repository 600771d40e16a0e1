import datetime

import pytest
from playwright.sync_api import expect

from cells import periods, services, tasks
from cells.models import Meeting
from tests.accounts.factories import PASSWORD
from tests.browser.conftest import screenshot, sign_in
from tests.cells.factories import members

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_cell_secretary_records_a_meeting_from_a_phone(phone_page, secretary_a1, orgs):
    people = members(orgs["A1-1"], 3)
    page = phone_page
    sign_in(page, "secretary_a1", PASSWORD)
    page.goto(f"{page.base}/chi-bo/")
    page.get_by_test_id("record-meeting").click()
    day = datetime.date.today() - datetime.timedelta(days=1)
    page.fill("#id_held_on", day.strftime("%d/%m/%Y"))
    page.fill("#id_duration_minutes", "95")
    page.get_by_label("Vắng có lý do").nth(2).check()
    page.get_by_label(f"Lý do {people[2].full_name}").fill("Đi công tác")
    page.get_by_label("05-CT/TW", exact=False).first.check()
    screenshot(page, "cells-record-meeting-phone")
    page.get_by_test_id("save-meeting").click()
    expect(page.get_by_text("Đã ghi nhận buổi sinh hoạt")).to_be_visible()
    meeting = Meeting.objects.get(cell=orgs["A1-1"])
    assert meeting.attendance.filter(status="excused").get().reason == "Đi công tác"
    assert meeting.topics.get().directive.symbol == "05-CT/TW"
    screenshot(page, "cells-calendar-phone")


def test_a_leader_reviews_and_publishes_the_results(page, leader_a, orgs):
    people = members(orgs["A1-1"], 2)
    services.meeting_record(
        cell=orgs["A1-1"],
        held_on=datetime.date(2026, 3, 10),
        kind="combined",
        duration_minutes=120,
        attendance={p.pk: ("present", "") for p in people},
        acting_user=_office(),
    )
    run = services.rollup_start(period=periods.ensure("2026-H1"), enqueue=False)
    tasks.rollup_period("2026-H1", run.pk)
    sign_in(page, "leader_a", PASSWORD)
    page.goto(f"{page.base}/chi-bo/ket-qua/2026-H1/")
    page.get_by_test_id("announcement-link").click()
    expect(page.get_by_test_id("cell-CBA1-1")).to_be_visible()
    page.get_by_test_id("publish").click()
    expect(page.get_by_test_id("published")).to_be_visible()
    screenshot(page, "cells-announcement-published")


def _office():
    from accounts import roles
    from tests.accounts.factories import UserFactory

    return UserFactory(username="office_journey", roles=[roles.OFFICE])
