"""Issue 15: every role's menus offer only what opens. The walk signs in as each role of the cast, takes
every link of the main menu, follows it, and on each page reached takes every link again (sub-menus,
"new …" buttons, breadcrumbs, period lists): each must answer 200. Record pages (ids in the path),
exports and the Django admin's own pages beyond its index are left to their own tests."""

import re

import pytest
from lxml import html as lhtml

from tests.assignments.conftest import agency, group_assignment  # noqa: F401
from tests.dashboards.conftest import primary_only  # noqa: F401

pytestmark = pytest.mark.django_db

ROLES = ("office", "leader_a", "cadre_a1", "secretary_a1", "agency_member", "agency_user")


@pytest.fixture
def agency_member(agency, agency_user):  # noqa: F811
    return agency_user  # the agency user of the cast, answering for an agency


def _links(content, xpath):
    doc = lhtml.fromstring(content)
    return [a.get("href") for a in doc.xpath(xpath) if (a.get("href") or "").startswith("/")]


def _walked(url):
    return not (url.startswith("/admin/") and url != "/admin/") and not url.startswith("/i18n/")


def _menu_walk(client):
    home = client.get("/")
    assert home.status_code == 200
    menu = [u for u in _links(home.content, "//nav[@class='mainnav']//a") if _walked(u)]
    answers, pages = {}, []
    for url in dict.fromkeys(menu + _links(home.content, "//main//a")):
        response = client.get(url, follow=True)
        answers[url] = response.status_code
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            pages.append(response)
    for response in pages:
        for url in _links(response.content, "//main//a"):
            if url in answers or not _walked(url) or re.search(r"/\d+/", url) or "export=" in url:
                continue
            answers[url] = client.get(url, follow=True).status_code
    return menu, answers


@pytest.mark.parametrize("role", ROLES)
def test_every_link_of_every_role_s_menus_opens(client, request, role, group_assignment):  # noqa: F811
    client.force_login(request.getfixturevalue(role))
    menu, answers = _menu_walk(client)
    assert len(menu) >= 4 and len(answers) > len(menu)  # the walk reached the pages under the menu
    refused = {url: status for url, status in answers.items() if status != 200}
    assert refused == {}


def test_each_role_s_main_menu_holds_what_its_role_opens_and_nothing_else(
    client, office, leader_a, cadre_a1, secretary_a1, agency_member
):
    def menu_of(user):
        client.force_login(user)
        return set(_links(client.get("/").content, "//nav[@class='mainnav']//a"))

    office_menu = menu_of(office)
    assert {"/tong-hop/", "/don-vi/nhap-danh-sach/", "/don-vi/sap-xep/", "/tai-khoan/khoa-dang-nhap/"} <= office_menu
    assert "/tong-hop/" in menu_of(leader_a) and "/tai-khoan/khoa-dang-nhap/" not in menu_of(leader_a)
    cadre_menu = menu_of(cadre_a1)
    assert "/phan-cong/" in cadre_menu and "/tong-hop/" not in cadre_menu and "/don-vi/sap-xep/" not in cadre_menu
    assert "/chi-bo/" in menu_of(secretary_a1)
    agency_menu = menu_of(agency_member)
    assert "/phan-cong/" in agency_menu and "/chi-bo/" not in agency_menu
    client.force_login(agency_member)
    sub = _links(client.get("/phan-cong/").content, "//p[contains(@class,'subnav')]//a")
    assert "/phan-cong/bao-phu/" not in sub and "/phan-cong/kien-nghi/" in sub  # no "Độ bao phủ" (a 403)


def test_a_cadre_is_not_offered_the_assignment_form_and_a_direct_visit_says_why(
    client, cadre_a1, leader_a, group_assignment  # noqa: F811
):
    from assignments.models import Assignment

    client.force_login(cadre_a1)
    listing = client.get("/phan-cong/danh-sach/").content.decode()
    assert "/phan-cong/moi/" not in listing
    before = Assignment.objects.count()
    for response in (client.get("/phan-cong/moi/"), client.post("/phan-cong/moi/", {"unit": "A1"})):
        text = response.content.decode()
        assert response.status_code == 403
        assert "Bạn không được mở trang này" in text
        assert "Chỉ Văn phòng Tỉnh ủy và lãnh đạo được phân công cán bộ theo dõi đơn vị." in text
        assert 'data-testid="logout"' in text and 'href="/phan-cong/"' in text  # her menu is there
    assert Assignment.objects.count() == before
    client.force_login(leader_a)
    assert 'data-testid="new-assignment"' in client.get("/phan-cong/danh-sach/").content.decode()
    assert client.get("/phan-cong/moi/").status_code == 200


@pytest.mark.parametrize(
    "listing, form, testid",
    [
        ("/cam-ket/", "/cam-ket/moi/", "new-pledge"),
        ("/cam-ket/cong-viec/", "/cam-ket/cong-viec/moi/", "new-commitment"),
        ("/cam-ket/kiem-diem/", "/cam-ket/kiem-diem/moi/", "new-review"),
    ],
)
def test_pledge_forms_with_nothing_to_file_for_are_not_offered(client, agency_user, cadre_a1, listing, form, testid):
    from pledges.models import Commitment, Pledge, Review

    before = (Pledge.objects.count(), Commitment.objects.count(), Review.objects.count())
    client.force_login(agency_user)  # neither a cadre record nor a party organisation
    assert f'data-testid="{testid}"' not in client.get(listing).content.decode()
    for response in (client.get(form), client.post(form, {"year": 2026, "owner": "org"})):
        assert response.status_code == 403
        assert "tài khoản của bạn chưa gắn với hồ sơ cán bộ hay tổ chức đảng nào" in response.content.decode()
    assert (Pledge.objects.count(), Commitment.objects.count(), Review.objects.count()) == before
    client.force_login(cadre_a1)
    assert f'data-testid="{testid}"' in client.get(listing).content.decode()
    assert client.get(form).status_code == 200
