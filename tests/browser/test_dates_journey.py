"""A date typed day first in an English (US) browser is saved day first: the field is plain text, not
the browser's date widget (which reads mm/dd/yyyy there and turned 15/12/2026 into 12/12/2026)."""

import datetime

import pytest
from playwright.sync_api import expect

from assignments.models import Assignment
from tests.accounts.factories import PASSWORD
from tests.assignments.factories import AssignmentFactory
from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def us_page(browser, live_server):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.base = live_server.url
    yield page
    context.close()


def test_the_office_types_15_12_2026_in_an_english_browser_and_15_december_is_saved(
    us_page, office, tree, cadre_a1
):
    assignment = AssignmentFactory(
        cadre=cadre_a1.cadre, unit=tree["A1-1-1"], starts_on=datetime.date(2026, 1, 1)
    )
    page = us_page
    sign_in(page, "office", PASSWORD)
    page.goto(f"{page.base}/phan-cong/{assignment.pk}/")

    field = page.locator("#id_ends_on")
    assert field.get_attribute("type") == "text" and field.get_attribute("placeholder") == "dd/mm/yyyy"
    field.fill("")  # it offers today's date
    field.click()
    page.keyboard.type("12/15/2026")  # month first, as an English browser would suggest: refused
    field.press("Enter")
    expect(page.get_by_text("Ngày không hợp lệ: nhập theo thứ tự ngày/tháng/năm")).to_be_visible()
    assert page.locator("#id_ends_on").input_value() == "12/15/2026"
    assert Assignment.objects.get(pk=assignment.pk).ends_on is None

    page.locator("#id_ends_on").fill("")
    page.locator("#id_ends_on").click()
    page.keyboard.type("15/12/2026")
    page.locator("#id_ends_on").press("Enter")
    page.wait_for_url(f"**/phan-cong/{assignment.pk}/")
    screenshot(page, "dates-en-us-browser")
    assert Assignment.objects.get(pk=assignment.pk).ends_on == datetime.date(2026, 12, 15)
    assert "15/12/2026" in page.content()
