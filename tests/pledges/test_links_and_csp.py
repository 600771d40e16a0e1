"""CSP-safe templates, the public base URL for short links and QR codes, and the client address
behind trusted proxies (the comment throttle)."""

import re
from pathlib import Path

from django.conf import settings as django_settings
from django.urls import reverse

from pledges.models import PublicComment
from tests.pledges.factories import published_pledge

from .conftest import login

TEMPLATES = Path(django_settings.BASE_DIR) / "templates" / "pledges"


def test_no_pledges_template_has_inline_javascript():
    handler = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
    offenders = [
        p.name
        for p in sorted(TEMPLATES.glob("*.html"))
        if handler.search(p.read_text())
        or inline_script.search(p.read_text())
        or "javascript:" in p.read_text()
    ]
    assert offenders == []


def test_the_print_button_of_the_sheet_works_under_the_csp(client, lan, leader_a):
    published_pledge(org=lan.party_org, cadre=lan, year=2026)
    response = login(client, leader_a).get(reverse("pledges:sheet", args=["A1-1"]), {"nam": 2026})
    html = response.content.decode()
    assert '<button type="button" data-print>' in html and "onclick" not in html
    assert "js/app.js" in html  # the standalone sheet loads the handler itself
    script_src = response["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    assert "'self'" in script_src and "unsafe-inline" not in script_src


def test_short_urls_and_qr_codes_use_the_public_base_url_when_set(client, settings, lan, leader_a):
    settings.PLEDGE_PUBLIC_BASE_URL = "https://camket.example.vn/"
    settings.ALLOWED_HOSTS = ["10.0.0.5", "testserver"]
    pledge = published_pledge(org=lan.party_org, cadre=lan, year=2026)
    expected = f"https://camket.example.vn/p/{pledge.short_code}/"
    public = client.get(f"/p/{pledge.short_code}/", HTTP_HOST="10.0.0.5")
    assert public.context["url"] == expected and expected in public.content.decode()
    login(client, leader_a)
    sheet = client.get(reverse("pledges:sheet", args=["A1-1"]), {"nam": 2026}, HTTP_HOST="10.0.0.5")
    assert expected in sheet.content.decode() and "10.0.0.5" not in sheet.content.decode()
    detail = client.get(reverse("pledges:detail", args=[pledge.pk]))
    assert detail.context["public_url"] == expected


def test_without_a_base_url_links_use_the_request_host(client, settings, lan):
    settings.PLEDGE_PUBLIC_BASE_URL = ""
    pledge = published_pledge(org=lan.party_org, cadre=lan, year=2026)
    public = client.get(f"/p/{pledge.short_code}/", HTTP_HOST="testserver")
    assert public.context["url"] == f"http://testserver/p/{pledge.short_code}/"


def send(client, pledge, n, **meta):
    return client.post(f"/p/{pledge.short_code}/", {"body": f"Ý kiến {n}"}, **meta).status_code


def test_without_trusted_proxies_a_forged_forwarded_for_does_not_escape_the_throttle(client, settings, lan):
    settings.PLEDGE_COMMENT_RATE = "2/h"
    settings.PLEDGE_TRUSTED_PROXY_COUNT = 0
    pledge = published_pledge(org=lan.party_org, cadre=lan)
    codes = [
        send(client, pledge, n, REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        for n in range(4)
    ]
    assert codes == [302, 302, 429, 429]


def test_behind_one_trusted_proxy_the_client_is_taken_from_forwarded_for(client, settings, lan):
    settings.PLEDGE_COMMENT_RATE = "2/h"
    settings.PLEDGE_TRUSTED_PROXY_COUNT = 1
    pledge = published_pledge(org=lan.party_org, cadre=lan)
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    # Two citizens behind the same proxy each have their own budget...
    assert [send(client, pledge, n, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy) for n in range(3)] == [
        302,
        302,
        429,
    ]
    assert send(client, pledge, 9, HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy) == 302
    # ...and a client forging an address on the left is still counted by what our proxy saw.
    forged = send(client, pledge, 10, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7", **proxy)
    assert forged == 429
    assert PublicComment.objects.count() == 3
