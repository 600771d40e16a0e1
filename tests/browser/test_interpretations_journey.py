"""Issue 17, item 5 in a real browser under the CSP: the provincial leader writes a note on a figure of a
commune's dashboard; the commune's leader opens their own dashboard, reads it and answers; the
provincial leader sees the answer under the note."""

import re

import pytest
from playwright.sync_api import expect

from accounts import roles
from tests.accounts.factories import PASSWORD, UserFactory
from tests.browser.conftest import screenshot, sign_in
from tests.dashboards.fixtures import computed, province_leader, weak_cell  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases=["default", "replica"])]


def _watch_csp(page):
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda exc: violations.append(str(exc)))
    return violations


@pytest.fixture
def commune_leader(tree, orgs):
    return UserFactory(
        username="leader_a1", first_name="Lãnh đạo xã", roles=[roles.LEADER], home_unit=tree["A1"], home_org=orgs["A1"]
    )


@pytest.mark.usefixtures("province_leader", "computed", "commune_leader")
def test_a_leader_writes_a_note_and_the_commune_answers_it(page, browser):
    violations = _watch_csp(page)
    sign_in(page, "leader_p", PASSWORD)
    page.goto(f"{page.base}/tong-hop/DBA1/?ky=2026-H1")
    form = page.get_by_test_id("note-form")
    # An empty note is refused in Vietnamese, the chosen figure kept.
    form.get_by_label("Biểu đồ hoặc chỉ tiêu").select_option(label="Xếp loại chi bộ")
    form.get_by_test_id("note-send").click()
    expect(page.get_by_test_id("note-errors")).to_contain_text("Hãy viết nội dung trước khi gửi.")
    form = page.get_by_test_id("note-form")
    expect(form.get_by_label("Biểu đồ hoặc chỉ tiêu")).to_have_value("grades")
    form.get_by_label("Ghi chú").fill("Chi bộ Ấp 2 chỉ họp một lần: đề nghị xã kiểm tra.")
    form.get_by_test_id("note-send").click()
    expect(page.get_by_test_id("dashboard-title")).to_have_text(re.compile(r"^Đảng bộ xã An Hòa"))
    notes = page.get_by_test_id("interpretations")
    expect(notes.get_by_text("Chi bộ Ấp 2 chỉ họp một lần: đề nghị xã kiểm tra.")).to_be_visible()
    expect(notes.get_by_test_id("note-target")).to_have_text("Xếp loại chi bộ")
    screenshot(page, "interpretations-written")

    other = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    commune = other.new_page()
    commune.base = page.base
    commune_violations = _watch_csp(commune)
    sign_in(commune, "leader_a1", PASSWORD)
    commune.get_by_test_id("card-dashboards").click()
    expect(commune.get_by_test_id("dashboard-title")).to_have_text(re.compile(r"^Đảng bộ xã An Hòa"))
    thread = commune.get_by_test_id("interpretations")
    expect(thread.get_by_text("Chi bộ Ấp 2 chỉ họp một lần: đề nghị xã kiểm tra.")).to_be_visible()
    thread.get_by_label("Ý kiến trả lời").fill("Xã đã làm việc với chi bộ ngày 05/12/2026.")
    thread.get_by_test_id("answer-send").click()
    expect(commune.get_by_test_id("interpretations").get_by_test_id("answer-text")).to_have_text(
        "Xã đã làm việc với chi bộ ngày 05/12/2026."
    )
    screenshot(commune, "interpretations-answered")
    other.close()

    page.reload()
    expect(page.get_by_test_id("answer-text")).to_have_text("Xã đã làm việc với chi bộ ngày 05/12/2026.")
    assert violations == [] and commune_violations == []
