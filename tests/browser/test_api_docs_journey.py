"""The API's browsable docs render under the site's CSP from our own static files (no CDN)."""

import pytest

from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_render_with_no_request_to_another_host(page):
    hosts, refused = set(), []
    page.on("request", lambda r: hosts.add(r.url.split("/")[2]))
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{page.base}/api/v1/docs")
    page.get_by_text("/api/v1/contacts").first.wait_for()
    screenshot(page, "api-docs")
    assert hosts == {page.base.split("/")[2]}
    assert refused == []
