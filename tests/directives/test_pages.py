import pytest
from django.urls import reverse

from directives.models import Directive, DirectiveItem, Verification
from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, cadre_a1):
    client.login(username="cadre_a1", password=PASSWORD)
    return client


def test_the_four_mission_directives_ship_with_their_items(db):
    counts = {
        d.symbol: d.items.count()
        for d in Directive.objects.filter(symbol__in=["12-NQ/TW", "04-NQ/TW", "05-CT/TW", "08-QĐi/TW"])
    }
    assert counts == {"12-NQ/TW": 7, "04-NQ/TW": 31, "05-CT/TW": 8, "08-QĐi/TW": 16}
    nq4 = Directive.objects.get(symbol="04-NQ/TW")
    manifestations = nq4.items.filter(group__code__in=["TTCT", "DDLS", "TDB"])
    assert manifestations.count() == 27
    assert list(nq4.groups.values_list("name", flat=True))[:3] == [
        "Suy thoái về tư tưởng chính trị",
        "Suy thoái về đạo đức, lối sống",
        'Biểu hiện "tự diễn biến", "tự chuyển hóa"',
    ]
    # The 2026 revision: no placeholder is left among the 27; the 17 read only as a mnemonic are partial.
    assert not manifestations.filter(verification=Verification.UNCERTAIN).exists()
    assert manifestations.filter(verification=Verification.PARTIAL).count() == 17
    assert not manifestations.filter(text__contains="(cần kiểm tra)").exists()
    assert manifestations.filter(key_phrase="").count() == 0
    ddls5 = nq4.items.get(code="DDLS-5")
    assert (ddls5.group.code, ddls5.key_phrase) == ("DDLS", "thờ ơ, vô cảm")


def test_the_2026_documents_ship_with_their_items(db):
    counts = {
        d.symbol: d.items.count()
        for d in Directive.objects.filter(symbol__in=["01-KL/TW", "144-QĐ/TW", "50-CT/TW", "232-QĐ/TW"])
    }
    assert counts == {"01-KL/TW": 7, "144-QĐ/TW": 5, "50-CT/TW": 6, "232-QĐ/TW": 3}
    topics = DirectiveItem.objects.filter(directive__symbol="01-KL/TW", group__code="chuyen_de_nam")
    assert list(topics.values_list("code", "verification")) == [
        ("CD-2021", "found"),
        ("CD-2022", "found"),
        ("CD-2023", "uncertain"),
        ("CD-2024", "uncertain"),
        ("CD-2025", "uncertain"),
    ]
    assert (
        DirectiveItem.objects.get(directive__symbol="50-CT/TW", code="CT50-1").key_phrase
        == "ngày 3 hằng tháng"
    )


def test_it_links_documents_that_continue_or_replace_others(db):
    kl01 = Directive.objects.get(symbol="01-KL/TW")
    link = kl01.links_out.get()
    assert (link.kind, link.target.symbol) == ("continues", "05-CT/TW")


def test_it_lists_directives_with_a_bounded_number_of_queries(signed_in, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = signed_in.get(reverse("directives:list"))
    html = response.content.decode()
    assert "05-CT/TW" in html and "08-QĐi/TW" in html
    assert "16/01/2012" in html  # dates dd/mm/yyyy


def test_search_ignores_diacritics(signed_in):
    html = signed_in.get(reverse("directives:list"), {"q": "hoc tap va lam theo"}).content.decode()
    assert "05-CT/TW" in html
    assert "04-NQ/TW" not in html


def test_the_detail_page_groups_items_and_flags_unverified_texts(signed_in, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        response = signed_in.get(reverse("directives:detail", args=["nqtw4-xii"]))
    html = response.content.decode()
    assert "Suy thoái về đạo đức, lối sống" in html
    assert html.count('data-testid="directive-item"') == 31
    assert "Đã kiểm tra một phần" in html and "thờ ơ, vô cảm" in html
    assert "21-KL/TW" in html  # the conclusion that continues it


def test_confirming_an_item_in_the_admin_marks_it_confirmed(client, office):
    from django.contrib.auth.models import Permission

    office.user_permissions.add(*Permission.objects.filter(content_type__app_label="directives"))
    client.login(username="office", password=PASSWORD)
    item = DirectiveItem.objects.get(directive__symbol="04-NQ/TW", code="DDLS-3")
    response = client.post(
        reverse("admin:directives_directiveitem_changelist"),
        {"action": "confirm_items", "_selected_action": [item.pk]},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.verification == Verification.CONFIRMED
    assert item.confirmed_by == office


def test_directive_pages_need_sign_in(client, db):
    assert client.get(reverse("directives:list")).status_code == 302
    assert client.get(reverse("directives:detail", args=["ct05"])).status_code == 302


def test_an_unknown_directive_is_not_found(signed_in):
    assert signed_in.get(reverse("directives:detail", args=["nope"])).status_code == 404


def test_english_is_available(signed_in):
    signed_in.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = signed_in.get(reverse("directives:list")).content.decode()
    assert "Date issued" in html


def test_the_interface_stays_vietnamese_for_an_english_browser(signed_in):
    html = signed_in.get(reverse("directives:list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Ngày ban hành" in html
