"""On a phone: choosing a cadre by name from a code box with the keyboard (only cadres in scope are
offered; without JavaScript the box is a plain field), and a long petition list that pages instead of
running 14,000 px down the screen."""

import pytest
from django.test import Client

from tests.assignments.factories import PetitionFactory

from .conftest import screenshot

PHONE = {"width": 390, "height": 844}


def _context(browser, live_server, user, **kwargs):
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="vi-VN", viewport=PHONE, has_touch=True, **kwargs)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    return context


@pytest.mark.django_db(transaction=True)
def test_a_leader_picks_a_cadre_by_name_with_the_keyboard(browser, live_server, leader_a, cadre_a1, cadre_b1, tree):
    context = _context(browser, live_server, leader_a)
    page = context.new_page()
    page.goto(f"{live_server.url}/phan-cong/moi/")
    box = page.locator("#id_cadre")
    box.press_sequentially("tran thi", delay=30)
    options = page.locator("#id_cadre ~ .picker-list [role=option]")
    options.first.wait_for()
    assert options.all_inner_texts() == [t for t in options.all_inner_texts() if "Trần Thị Lan" in t]
    box.press("ArrowDown")
    box.press("Enter")
    assert box.input_value() == "CA1"
    # Another district's cadre is not offered, by name or by code.
    box.fill("")
    box.press_sequentially("le van binh", delay=30)
    page.locator("#id_cadre ~ .picker-list .picker-empty").wait_for()
    assert options.count() == 0
    page.locator("#id_unit").press_sequentially("an hoa", delay=30)
    page.locator("#id_unit ~ .picker-list [role=option]").first.wait_for()
    page.locator("#id_unit").press("ArrowDown")
    page.locator("#id_unit").press("Enter")
    assert page.locator("#id_unit").input_value() == "A1"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "picker-phone")
    context.close()


@pytest.mark.django_db(transaction=True)
def test_without_javascript_the_code_box_is_a_plain_field(browser, live_server, leader_a, cadre_a1, tree):
    context = _context(browser, live_server, leader_a, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/phan-cong/moi/")
    assert page.locator("input#id_cadre[type=text]").count() == 1
    assert page.locator(".picker-list").count() == 0
    context.close()


@pytest.mark.django_db(transaction=True)
def test_a_long_petition_list_pages_and_fits_a_phone(browser, live_server, leader_a, tree):
    for n in range(45):
        PetitionFactory(unit=tree["A1-1"], content=f"Kiến nghị số {n}: " + "đường giao thông nông thôn xuống cấp " * 4)
    context = _context(browser, live_server, leader_a)
    page = context.new_page()
    page.goto(f"{live_server.url}/phan-cong/kien-nghi/")
    assert page.locator("[data-testid=petition-row]").count() == 20
    assert page.locator(".pager").count() == 1
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 8000, height
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # Every column of a row is on the screen (no cut-off table to scroll sideways).
    right = page.evaluate(
        "Math.max(...[...document.querySelectorAll('[data-testid=petition-row] td')].map(td => td.getBoundingClientRect().right))"
    )
    assert right <= PHONE["width"]
    screenshot(page, "petitions-phone")
    context.close()
