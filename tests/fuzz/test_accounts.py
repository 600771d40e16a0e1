"""Bad-input sweep over signing in and the account pages (sign-in, two-step codes: setup, verify,
manage; password change; language switch), the directives search and the dashboards' period:
no 500, nothing raw, and no `next` that leads off the site."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import given
from hypothesis import strategies as st

from accounts import otp
from accounts.models import User

from .checks import Submission
from .strategies import FEW, FUZZ, JS_URL, numbers, short_text, text

pytestmark = pytest.mark.django_db

PASSWORD = "Đúng@Mật-khẩu-2026"
# Where a `next` may try to send someone: other sites, schemes, tricks of URL parsing.
OFF_SITE = [
    "https://evil.example/",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "https:evil.example",
    " https://evil.example",
    "\thttps://evil.example",
    "http://testserver@evil.example/",
    "http://evil.example\\@testserver/",
    "/%2F%2Fevil.example",
    JS_URL,
    "data:text/html,<script>alert(1)</script>",
    "http://[::1",
    "/chi-bo/",
    "/van-ban/?q=<script>",
]
nexts = st.one_of(st.sampled_from(OFF_SITE), short_text, st.just(""))
codes = st.one_of(
    st.sampled_from(["", "000000", "12345", "1234567", "abcdef", "١٢٣٤٥٦"]), numbers, short_text
)


def assert_stays_on_site(response):
    if response.status_code in (301, 302):
        target = urlsplit(response.url)
        assert target.netloc in ("", "testserver"), f"redirected off the site: {response.url!r}"
        assert target.scheme in ("", "http", "https"), f"redirected to {response.url!r}"
        assert not response.url.startswith(("//", "/\\", "\\")), f"redirected off the site: {response.url!r}"


@pytest.fixture
def member(world):
    user = world.users["cadre_a1"]
    user.set_password(PASSWORD)
    user.save()
    return user


@FUZZ
@given(
    username=st.one_of(st.just("cadre_a1"), short_text, text),
    password=st.one_of(st.just(PASSWORD), short_text, text),
    nxt=nexts,
)
def test_sign_in(client, member, username, password, nxt):
    sub = Submission(client, None, models=[User], form=False)
    response = sub.post(reverse("accounts:login"), {"username": username, "password": password, "next": nxt})
    assert_stays_on_site(response)
    if response.status_code == 200:
        content = response.content.decode()
        assert "<script>alert" not in content


@FUZZ
@given(code=codes, right=st.booleans(), nxt=nexts, via=st.sampled_from(["GET", "POST"]))
def test_otp_setup_verify_and_manage(client, member, code, right, nxt, via):
    client.force_login(member)
    device = otp.pending_device(member)
    if right:
        code = f"{totp(device.bin_key):06d}"
    setup = client.post(reverse("accounts:otp_setup"), {"code": code})
    assert setup.status_code < 500
    assert_stays_on_site(setup)
    confirmed = TOTPDevice.objects.filter(user=member, confirmed=True).first()
    if confirmed is None:
        return
    client.logout()
    client.force_login(member)  # signed in by password, the code still to give
    url = reverse("accounts:otp_verify")
    response = (
        client.get(url, {"next": nxt}) if via == "GET" else client.post(url, {"code": code, "next": nxt})
    )
    assert response.status_code < 500
    assert_stays_on_site(response)
    assert "<script>alert" not in response.content.decode()
    manage = client.post(reverse("accounts:otp_manage"), {"code": code})
    assert manage.status_code < 500
    assert_stays_on_site(manage)
    TOTPDevice.objects.filter(user=member).delete()


@FUZZ
@given(
    old=st.one_of(st.just(PASSWORD), short_text),
    new1=st.one_of(text, st.sampled_from(["Mới@Mật-khẩu-2027", "123", "password", "cadre_a1"])),
    same=st.booleans(),
    new2=text,
)
def test_password_change(client, member, old, new1, same, new2):
    sub = Submission(client, member, models=[], form=True)
    data = {"old_password": old, "new_password1": new1, "new_password2": new1 if same else new2}
    response = sub.post(reverse("accounts:password_change"), data)
    assert_stays_on_site(response)
    if response.status_code == 302:
        member.set_password(PASSWORD)  # back, for the next example
        member.save()


@FUZZ
@given(
    language=st.one_of(st.sampled_from(["vi", "en", "fr", "", "vi\x00", "<script>"]), short_text), nxt=nexts
)
def test_language_switch(client, member, language, nxt):
    client.force_login(member)
    response = client.post(reverse("set_language"), {"language": language, "next": nxt})
    assert response.status_code < 500
    assert_stays_on_site(response)
    page = client.get(reverse("directives:list"))
    assert page.status_code == 200


@FEW
@given(
    query=st.one_of(text.filter(lambda t: "\x00" not in t), short_text),
    period=st.one_of(
        st.sampled_from(["2026-H1", "2025-H2", "2026-H3", "٢٠٢٦-H1", "2026-H1\n", "1999-H1", "<script>"]),
        short_text.filter(lambda t: "\x00" not in t),
    ),
    org=st.sampled_from(["DBA", "DBA1", "DBB", "DBP", "<script>", "'; DROP TABLE x; --"]),
    role=st.sampled_from(["leader_a", "office", "cadre_a1"]),
)
def test_directive_search_and_dashboard_periods(client, world, primary_only, query, period, org, role):
    sub = Submission(client, world.users[role])
    sub.get(reverse("directives:list"), {"q": query})
    sub.get(reverse("dashboards:index"), {"ky": period})
    response = sub.get(reverse("dashboards:org", args=[org]), {"ky": period})
    if role == "leader_a" and org in ("DBB", "DBP"):
        assert response.status_code in (403, 404)
    sub.get(reverse("dashboards:excel", args=["DBA"]), {"ky": period})
