"""The unit pages read the past truthfully: `?ngay=` survives the redirect and every link, a hamlet
shows the groups it had that day, counts count only units valid on the day shown, and validity is
shown as the last day a unit was valid.

The world: Tỉnh Phú Hưng's Xã An Hòa (A1) and Xã An Phú (A2) merged into Xã An Bình (AN) from
01/07/2025 through `units.reorg`; their hamlets moved under AN; one group of Ấp 1 was dissolved on
30/06/2025 and one formed on 01/07/2025.
"""

import datetime
import re

import pytest

from accounts import roles
from tests.accounts.factories import PASSWORD, UserFactory
from tests.units.factories import UnitFactory
from units import reorg
from units.models import Unit

EFF = datetime.date(2025, 7, 1)
PAST = "30/06/2025"


@pytest.fixture
def merged(tree, orgs, office):
    tree["A2-1"] = UnitFactory(code="A2-1", name="Ấp Phú 1", kind=Unit.Kind.HAMLET, parent=tree["A2"])
    UnitFactory(
        code="A1-1-2",
        name="Tổ NDTQ số 2",
        kind=Unit.Kind.GROUP,
        parent=tree["A1-1"],
        valid_to=datetime.date(2025, 6, 30),
    )
    UnitFactory(code="A1-1-3", name="Tổ NDTQ số 3", kind=Unit.Kind.GROUP, parent=tree["A1-1"], valid_from=EFF)
    reorg.unit_merge(
        sources=[tree["A1"], tree["A2"]],
        code="AN",
        name="Xã An Bình",
        kind=Unit.Kind.COMMUNE,
        parent=tree["A"],
        effective_on=EFF,
        acting_user=office,
    )
    return tree


def login(client, username):
    client.login(username=username, password=PASSWORD)
    return client


def unit_links(html):
    """Links to unit pages in the page's content (the menu is the same on every page)."""
    main = re.search(r"<main.*?</main>", html, re.S)[0]
    return re.findall(r'href="(/don-vi/[^"]*)"', main)


def rows(html, testid):
    table = re.search(rf'<table data-testid="{testid}">(.*?)</table>', html, re.S)
    if not table:
        return {}
    cells = re.findall(
        r"<tr><t[dh]>(?:<a [^>]*>)?([^<]+)(?:</a>)?</t[dh]>(?:<td>[^<]*</td>)?<td>(\d+)</td></tr>", table[1]
    )
    return {name: int(n) for name, n in cells}


def test_the_date_survives_the_redirect_from_the_tree(client, merged, office, leader_a):
    login(client, "office")
    page = client.get(f"/don-vi/?ngay={PAST}")
    assert page.status_code == 302 and page["Location"] == f"/don-vi/P/?ngay={PAST}"
    assert client.get("/don-vi/")["Location"] == "/don-vi/P/"
    login(client, "leader_a")
    assert client.get(f"/don-vi/?ngay={PAST}")["Location"] == f"/don-vi/A/?ngay={PAST}"


def test_a_home_unit_closed_by_the_merger_opens_on_its_last_day(client, merged, orgs):
    UserFactory(username="former", roles=[roles.LEADER], home_unit=merged["A1"], home_org=orgs["A1"])
    login(client, "former")
    assert client.get("/don-vi/")["Location"] == f"/don-vi/A1/?ngay={PAST}"
    assert client.get("/don-vi/?ngay=15/01/2025")["Location"] == "/don-vi/A1/?ngay=15/01/2025"
    page = client.get(f"/don-vi/A1/?ngay={PAST}").content.decode()
    assert "Xã An Hòa" in page and 'data-testid="not-in-force"' not in page


@pytest.mark.parametrize("code", ["P", "A", "A1", "AN", "A1-1"])
def test_every_link_on_a_past_page_keeps_the_date(client, merged, office, code):
    html = login(client, "office").get(f"/don-vi/{code}/?ngay={PAST}").content.decode()
    links = unit_links(html)
    assert links, "the page links to other units"
    today_link = f"/don-vi/{code}/"
    for link in links:
        if link == today_link:  # "hôm nay": back to today, on purpose without a date
            continue
        assert "?ngay=" in link, link
    # Links to a unit in the tree keep the very date read; lineage links carry the date on which
    # the other unit was valid (a predecessor's last day, a successor's first).
    dated = [link for link in links if "?ngay=" in link]
    assert all(link.endswith(f"?ngay={PAST}") or link.endswith("?ngay=01/07/2025") for link in dated)


def test_links_on_todays_page_carry_no_date(client, merged, office):
    html = login(client, "office").get("/don-vi/A/").content.decode()
    assert "/don-vi/AN/" in unit_links(html) and not any("ngay" in link for link in unit_links(html))


def test_a_past_hamlet_shows_the_groups_it_had_that_day(client, merged, office):
    c = login(client, "office")
    past = c.get(f"/don-vi/A1-1/?ngay={PAST}").content.decode()
    today = c.get("/don-vi/A1-1/").content.decode()
    assert "Tổ NDTQ số 1" in past and "Tổ NDTQ số 2" in past and "Tổ NDTQ số 3" not in past
    assert "Tổ NDTQ số 1" in today and "Tổ NDTQ số 3" in today and "Tổ NDTQ số 2" not in today
    assert rows(past, "level-counts") == {"Tổ nhân dân tự quản": 2}
    assert rows(today, "level-counts") == {"Tổ nhân dân tự quản": 2}


def test_the_breadcrumb_of_a_past_hamlet_is_the_commune_it_sat_in_that_day(client, merged, office):
    c = login(client, "office")
    past = c.get(f"/don-vi/A1-1/?ngay={PAST}").content.decode()
    crumb = re.search(r'data-testid="breadcrumb">(.*?)</ol>', past, re.S)[1]
    assert "Xã An Hòa" in crumb and "Xã An Bình" not in crumb and "(từ" not in crumb
    today = re.search(r'data-testid="breadcrumb">(.*?)</ol>', c.get("/don-vi/A1-1/").content.decode(), re.S)[
        1
    ]
    assert "Xã An Bình" in today and "Xã An Hòa" not in today


def test_counts_count_only_units_valid_on_the_day_shown(client, merged, office):
    c = login(client, "office")
    past = c.get(f"/don-vi/P/?ngay={PAST}").content.decode()
    today = c.get("/don-vi/P/").content.decode()
    # Huyện An Định had two communes on 30/06/2025 and has one (An Bình) today; the closed ones
    # are not counted today, the new one not on 30/06/2025.
    assert rows(past, "children") == {"Huyện An Định": 2, "Huyện Bình Lộc": 1}
    assert rows(today, "children") == {"Huyện An Định": 1, "Huyện Bình Lộc": 1}
    assert rows(past, "level-counts")["Cấp xã"] == 3 and rows(today, "level-counts")["Cấp xã"] == 2
    hamlet_today = rows(c.get("/don-vi/AN/").content.decode(), "children")
    assert hamlet_today == {"Ấp 1": 2, "Ấp Phú 1": 0}
    # On 30/06/2025 the hamlets sat in the old communes (An Bình did not exist yet).
    assert rows(c.get(f"/don-vi/AN/?ngay={PAST}").content.decode(), "children") == {}
    hamlet_past = rows(c.get(f"/don-vi/A1/?ngay={PAST}").content.decode(), "children")
    assert hamlet_past == {"Ấp 1": 2}  # groups 1 and 2 then, 1 and 3 now


def test_validity_is_shown_as_the_last_day_valid(client, merged, office):
    c = login(client, "office")
    closed = c.get("/don-vi/A1/").content.decode()
    assert "Hiệu lực đến 30/06/2025" in closed and "Hết hiệu lực" not in closed
    assert 'data-testid="not-in-force"' in closed
    assert 'data-testid="not-in-force"' not in c.get(f"/don-vi/A1/?ngay={PAST}").content.decode()
    new = c.get("/don-vi/AN/").content.decode()
    assert "Hiệu lực từ 01/07/2025" in new and 'data-testid="not-in-force"' not in new
    assert "không có hiệu lực vào ngày 30/06/2025" in c.get(f"/don-vi/AN/?ngay={PAST}").content.decode()


@pytest.mark.parametrize("query", ["", f"?ngay={PAST}"])
def test_past_and_present_pages_query_a_bounded_number_of_times(
    client, merged, office, query, django_assert_max_num_queries
):
    c = login(client, "office")
    for code in ("P", "A", "A1", "AN", "A1-1"):
        with django_assert_max_num_queries(14):
            assert c.get(f"/don-vi/{code}/{query}").status_code == 200


def test_a_merged_communes_users_read_its_predecessors_history(client, merged, office):
    """The new commune's cadre opens the old communes' pages (their subtree is her commune's history,
    today and on a past day) from the lineage links, but still not a neighbouring commune's."""
    UserFactory(username="canbo.anbinh", roles=[roles.CADRE], home_unit=Unit.objects.get(code="AN"))
    c = login(client, "canbo.anbinh")
    html = c.get("/don-vi/AN/").content.decode()
    linked = [link for link in unit_links(html) if link.startswith(("/don-vi/A1/", "/don-vi/A2/"))]
    assert len(linked) == 2 and all(c.get(link).status_code == 200 for link in linked)
    assert "Ấp 1" in c.get(f"/don-vi/A1/?ngay={PAST}").content.decode()
    assert c.get("/don-vi/B1/").status_code == 403
    assert c.get("/don-vi/A/").status_code == 403  # the district held more than her commune


def test_a_successor_outside_the_users_scope_is_named_not_linked(client, merged, office):
    """The old commune's user (history only) reads where it went without a link she could not open,
    where the office, who sees it, gets a link that opens."""
    UserFactory(username="canbo.anhoa", roles=[roles.CADRE], home_unit=Unit.objects.get(code="A1"))
    html = login(client, "canbo.anhoa").get("/don-vi/A1/").content.decode()
    assert "Xã An Bình" in html
    assert not [link for link in unit_links(html) if link.startswith("/don-vi/AN/")]
    client.logout()
    office_html = login(client, office.username).get("/don-vi/A1/").content.decode()
    linked = [link for link in unit_links(office_html) if link.startswith("/don-vi/AN/")]
    assert linked and all(client.get(link).status_code == 200 for link in linked)
