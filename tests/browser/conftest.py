"""Browser journeys: Playwright for Python driving Debian's /usr/bin/chromium against live_server.

Skipped (with the reason printed) where no Chromium is installed; .ci/run installs it.
Screenshots go to test-artifacts/ (kept by CI as the run's artifacts).
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the test
# itself (fixtures, assertions) are synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser(django_db_setup):
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.skip(f"Chromium not found at {CHROMIUM}: install it with `apt-get install -y chromium`")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    serialized = {alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections}
    with sync_playwright() as pw:
        # Playwright switches the context, and Django's connections are context-local: the new
        # connection objects must carry the serialized database too, or serialized rollback
        # silently restores nothing and migration-seeded data vanishes after the first flush.
        for alias, contents in serialized.items():
            if contents is not None:
                connections[alias]._test_serialized_contents = contents
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context per test (desktop size); `page.base` is the live server's URL."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.base = live_server.url
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    """A phone-size context (360x740, touch), as cadres use it in the field."""
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.base = live_server.url
    yield page
    context.close()


def screenshot(page, name: str):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def sign_in(page, username: str, password: str):
    page.goto(f"{page.base}/tai-khoan/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
