from django.urls import reverse

from pledges.models import PublicComment
from tests.pledges.factories import PledgeFactory, published_pledge

from .conftest import login


def comment(client, pledge, body="Đề nghị đồng chí xuống ấp thường xuyên hơn", ip="203.0.113.5", **extra):
    return client.post(f"/p/{pledge.short_code}/", {"body": body, **extra}, REMOTE_ADDR=ip)


def test_it_shows_a_published_pledge_without_sign_in_with_its_qr_code(client, lan):
    pledge = published_pledge(org=lan.party_org, cadre=lan)
    response = client.get(f"/p/{pledge.short_code}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert lan.full_name in html
    assert "<svg" in html and f"/p/{pledge.short_code}/" in html


def test_it_does_not_show_an_unpublished_pledge(client, lan):
    pledge = PledgeFactory(org=lan.party_org, cadre=lan, content__status="approved")
    assert client.get(f"/p/{pledge.short_code}/").status_code == 404
    assert client.get("/p/khongco/").status_code == 404


def test_it_shows_a_comment_only_after_the_moderator_approves_it(client, lan, leader_a):
    pledge = published_pledge(org=lan.party_org, cadre=lan)
    response = comment(client, pledge, name="Ông Tư", contact="0912345678")
    assert response.status_code == 302
    assert "Đề nghị đồng chí" not in client.get(f"/p/{pledge.short_code}/").content.decode()

    login(client, leader_a)
    pending = client.get(reverse("pledges:comments")).context["comments"]
    assert [c.body for c in pending] == ["Đề nghị đồng chí xuống ấp thường xuyên hơn"]
    client.post(reverse("pledges:comment_moderate", args=[pending[0].pk]), {"approve": "1"})
    client.logout()
    assert (
        "Đề nghị đồng chí xuống ấp thường xuyên hơn"
        in client.get(f"/p/{pledge.short_code}/").content.decode()
    )


def test_the_page_is_cached_and_an_approved_comment_or_a_new_version_shows_at_once(
    client, lan, leader_a, page_cache, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    pledge = published_pledge(org=lan.party_org, cadre=lan)
    url = f"/p/{pledge.short_code}/"
    comment(client, pledge)
    assert client.get(url).status_code == 200
    with django_assert_max_num_queries(2):  # the pledge by its code (+ the session): nothing else
        assert lan.full_name in client.get(url).content.decode()

    login(client, leader_a)
    pending = PublicComment.objects.get(pledge=pledge)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("pledges:comment_moderate", args=[pending.pk]), {"approve": "1"})
    client.logout()
    assert "Đề nghị đồng chí xuống ấp thường xuyên hơn" in client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):  # a corrected version, saved as services do
        pledge.published_version.theme = "Chủ đề mới của năm"
        pledge.published_version.save()
    assert "Chủ đề mới của năm" in client.get(url).content.decode()


def test_it_shows_a_script_in_a_comment_as_text(client, lan, office):
    pledge = published_pledge(org=lan.party_org, cadre=lan)
    comment(client, pledge, body="<script>alert('x')</script> hay quá")
    c = PublicComment.objects.get()
    login(client, office)
    queue = client.get(reverse("pledges:comments")).content.decode()
    assert "<script>alert" not in queue and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in queue
    client.post(reverse("pledges:comment_moderate", args=[c.pk]), {"approve": "1"})
    html = client.get(f"/p/{pledge.short_code}/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; hay quá" in html


def test_it_silently_drops_a_comment_that_fills_the_honeypot(client, lan):
    pledge = published_pledge(org=lan.party_org, cadre=lan)
    response = comment(client, pledge, website="http://spam.example")
    assert response.status_code == 302
    assert not PublicComment.objects.exists()


def test_it_throttles_a_flood_of_comments_from_one_address(client, lan, settings):
    settings.PLEDGE_COMMENT_RATE = "3/h"
    pledge = published_pledge(org=lan.party_org, cadre=lan)
    codes = [comment(client, pledge, body=f"Ý kiến {n}").status_code for n in range(5)]
    assert codes == [302, 302, 302, 429, 429]
    assert PublicComment.objects.count() == 3
    flooded = comment(client, pledge, body="Ý kiến thứ sáu")
    assert "Ý kiến thứ sáu" in flooded.content.decode()  # what was typed is kept
    assert comment(client, pledge, body="Từ địa chỉ khác", ip="198.51.100.7").status_code == 302


def test_it_keeps_what_was_typed_when_the_comment_is_empty(client, lan):
    pledge = published_pledge(org=lan.party_org, cadre=lan)
    response = comment(client, pledge, body="", name="Bà Năm", contact="0909000111")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bà Năm" in html and "0909000111" in html
    assert not PublicComment.objects.exists()


def test_it_refuses_moderation_outside_scope(client, lan, cadre_b1):
    pledge = published_pledge(org=lan.party_org, cadre=lan)
    comment(client, pledge)
    c = PublicComment.objects.get()
    login(client, cadre_b1)
    assert client.get(reverse("pledges:comments")).context["comments"].object_list.count() == 0
    assert client.post(reverse("pledges:comment_moderate", args=[c.pk]), {"approve": "1"}).status_code == 403
    c.refresh_from_db()
    assert c.status == PublicComment.Status.PENDING


def test_it_prints_a_hamlet_sheet_of_its_leaders_published_pledges(
    client, lan, tree, orgs, leader_a, cadre_b1
):
    published_pledge(org=lan.party_org, cadre=lan, year=2026)
    published_pledge(org=orgs["A1-1"], year=2026)  # the cell's collective pledge
    PledgeFactory(org=orgs["A1"], year=2026)  # not published: not on the sheet
    login(client, leader_a)
    response = client.get(reverse("pledges:sheet", args=["A1-1"]), {"nam": 2026})
    html = response.content.decode()
    assert response.status_code == 200
    assert "@page" in html and "A4" in html
    assert html.count('data-testid="sheet-entry"') == 2
    assert lan.full_name in html and html.count("<svg") == 2
    assert login(client, cadre_b1).get(reverse("pledges:sheet", args=["A1-1"])).status_code == 403


def test_posted_text_is_measured_as_it_is_stored(client, lan):
    """NFD Vietnamese (as some keyboards send it) is as long as its NFC form; text that grows under NFC
    (U+FB2C) is refused by the length check with a message instead of overflowing the column."""
    import unicodedata

    pledge = published_pledge(org=lan.party_org, cadre=lan)
    name = unicodedata.normalize("NFD", "Nguyễn Thị Ánh " * 8)[:200]
    assert len(unicodedata.normalize("NFC", name)) <= 120 < len(name)
    assert comment(client, pledge, name=name).status_code == 302
    assert PublicComment.objects.get().name == unicodedata.normalize("NFC", name).strip()

    grows = "\ufb2c" * 100  # 100 characters typed, 300 stored
    response = comment(client, pledge, name=grows, ip="203.0.113.9")
    assert response.status_code == 200 and PublicComment.objects.count() == 1
    assert "tối đa 120 kí tự (hiện có 300)" in response.content.decode()  # counted as stored
