"""A reorganisation keeps where the units below a reorganised one sat (`units.UnitPastPath`), so the
unit page of a past day lists the children, counts and breadcrumb of that day.

The world: Tỉnh Phú Hưng (P) with Huyện An Định (A) and its communes Xã An Hòa (A1) and Xã An Phú
(A2), each with `n` hamlets of one self-governing group each, and Huyện Bình Lộc (B) with one commune.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.accounts.factories import PASSWORD
from tests.units.factories import UnitFactory
from units import reorg
from units.models import Unit, UnitPastPath

EFF = datetime.date(2025, 7, 1)
PAST = "30/06/2025"


def build(n: int, prefix: str = "") -> dict:
    """The world with `n` hamlets per commune; `prefix` before every code (two worlds side by side)."""
    u = {"P": UnitFactory(code=f"{prefix}P", name="Tỉnh Phú Hưng", kind=Unit.Kind.PROVINCE)}
    u["A"] = UnitFactory(code=f"{prefix}A", name="Huyện An Định", kind=Unit.Kind.DISTRICT, parent=u["P"])
    u["B"] = UnitFactory(code=f"{prefix}B", name="Huyện Bình Lộc", kind=Unit.Kind.DISTRICT, parent=u["P"])
    u["B1"] = UnitFactory(code=f"{prefix}B1", name="Xã Bình Đông", kind=Unit.Kind.COMMUNE, parent=u["B"])
    for commune, name in (("A1", "Xã An Hòa"), ("A2", "Xã An Phú")):
        u[commune] = UnitFactory(code=f"{prefix}{commune}", name=name, kind=Unit.Kind.COMMUNE, parent=u["A"])
        for i in range(1, n + 1):
            hamlet = UnitFactory(
                code=f"{prefix}{commune}-{i:02d}",
                name=f"Ấp {commune}-{i:02d}",
                kind=Unit.Kind.HAMLET,
                parent=u[commune],
            )
            UnitFactory(code=f"{prefix}{commune}-{i:02d}-1", name="Tổ 1", kind=Unit.Kind.GROUP, parent=hamlet)
    return u


def merge(u, office, prefix: str = ""):
    return reorg.unit_merge(
        sources=[u["A1"], u["A2"]],
        code=f"{prefix}AN",
        name="Xã An Bình",
        kind=Unit.Kind.COMMUNE,
        parent=u["A"],
        effective_on=EFF,
        acting_user=office,
    )


def page(client, code, ngay=""):
    response = client.get(f"/don-vi/{code}/" + (f"?ngay={ngay}" if ngay else ""))
    assert response.status_code == 200
    return response.content.decode()


def table(html, testid) -> dict:
    """{first column: last column} of a table on the page."""
    found = re.search(rf'<table data-testid="{testid}">(.*?)</table>', html, re.S)
    if not found:
        return {}
    out = {}
    for row in re.findall(r"<tr>(.*?)</tr>", found[1], re.S):
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[dh]>(.*?)</t[dh]>", row, re.S)]
        if cells and cells[-1].isdigit():
            out[cells[0]] = int(cells[-1])
    return out


def crumb(html) -> str:
    return re.sub(r"<[^>]+>", " ", re.search(r'data-testid="breadcrumb">(.*?)</ol>', html, re.S)[1])


@pytest.fixture
def office_client(client, office):
    client.login(username="office", password=PASSWORD)
    return client


@pytest.mark.parametrize("n", [2, 20])
def test_after_a_merge_each_closed_commune_lists_and_counts_its_own_hamlets_on_its_last_day(
    office_client, office, n
):
    u = build(n)
    record = merge(u, office)
    # Every hamlet and group re-parented in place kept its place of 30/06/2025, nothing else did.
    assert UnitPastPath.objects.count() == record.summary["unit_places_kept"] == 4 * n
    for commune in ("A1", "A2"):
        past = page(office_client, commune, PAST)
        assert table(past, "children") == {f"Ấp {commune}-{i:02d}": 1 for i in range(1, n + 1)}
        assert table(past, "level-counts") == {"Ấp, khu phố": n, "Tổ nhân dân tự quản": n}
        assert table(page(office_client, commune), "children") == {}  # closed: nothing under it today
    today = page(office_client, "AN")
    assert len(table(today, "children")) == 2 * n and set(table(today, "children").values()) == {1}
    assert table(today, "level-counts") == {"Ấp, khu phố": 2 * n, "Tổ nhân dân tự quản": 2 * n}
    assert table(page(office_client, "AN", PAST), "children") == {}  # An Bình did not exist yet
    # A hamlet's breadcrumb: the commune it sat in on that day, its successor today.
    assert "Xã An Hòa" in crumb(page(office_client, "A1-01", PAST))
    assert "Xã An Bình" in crumb(page(office_client, "A1-01")) and "Xã An Hòa" not in crumb(
        page(office_client, "A1-01")
    )
    # The district counted 2 communes then (1 today), with all the hamlets under either.
    district_past = page(office_client, "A", PAST)
    assert table(district_past, "children") == {"Xã An Hòa": n, "Xã An Phú": n}
    assert table(district_past, "level-counts") == {
        "Cấp xã": 2,
        "Ấp, khu phố": 2 * n,
        "Tổ nhân dân tự quản": 2 * n,
    }


@pytest.mark.parametrize("n", [2, 20])
def test_a_district_abolished_reads_on_its_last_day_with_its_communes_and_their_hamlets(
    office_client, office, n
):
    u = build(n)
    reorg.unit_abolish_level(root=u["P"], level=2, effective_on=EFF, acting_user=office)
    past = page(office_client, "A", PAST)
    assert table(past, "children") == {"Xã An Hòa": n, "Xã An Phú": n}
    assert table(past, "level-counts") == {"Cấp xã": 2, "Ấp, khu phố": 2 * n, "Tổ nhân dân tự quản": 2 * n}
    # The closed commune row (its code archived) lists its hamlets of that day.
    old_a1 = Unit.objects.get(code="A1~20250630")
    assert len(table(page(office_client, old_a1.code, PAST), "children")) == n
    assert "Huyện An Định" in crumb(page(office_client, "A1-01", PAST))
    assert "Huyện An Định" not in crumb(page(office_client, "A1-01"))
    # Today the communes sit under the province and the district has nothing under it.
    assert table(page(office_client, "A"), "children") == {}
    assert table(page(office_client, "P"), "level-counts")["Ấp, khu phố"] == 2 * n
    assert table(page(office_client, "P", PAST), "children") == {"Huyện An Định": 2, "Huyện Bình Lộc": 1}


def test_each_past_day_reads_the_places_of_that_day_across_two_reorganisations(office_client, office):
    u = build(2)
    merge(u, office)  # 01/07/2025: A1 + A2 -> AN, in the district
    reorg.unit_abolish_level(root=u["P"], level=2, effective_on=datetime.date(2026, 1, 1), acting_user=office)
    assert table(page(office_client, "A1", PAST), "children") == {"Ấp A1-01": 1, "Ấp A1-02": 1}
    # On 31/12/2025 the hamlets sat under An Bình, in the district.
    an_2025 = Unit.objects.get(code="AN~20251231")
    assert len(table(page(office_client, an_2025.code, "31/12/2025"), "children")) == 4
    assert table(page(office_client, "A", "31/12/2025"), "level-counts") == {
        "Cấp xã": 1,
        "Ấp, khu phố": 4,
        "Tổ nhân dân tự quản": 4,
    }
    assert "Xã An Hòa" in crumb(page(office_client, "A1-01", PAST))
    assert "Huyện An Định" in crumb(page(office_client, "A1-01", "31/12/2025"))
    assert "Huyện An Định" not in crumb(page(office_client, "A1-01"))
    assert len(table(page(office_client, "AN"), "children")) == 4


def queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


@pytest.mark.parametrize("n", [2, 20])
def test_past_and_present_pages_query_a_bounded_number_of_times_whatever_the_number_of_hamlets(
    office_client, office, n, django_assert_max_num_queries
):
    u = build(n)
    merge(u, office)
    for code in ("P", "A", "A1", "AN", "A1-01"):
        for ngay in ("", PAST):
            with django_assert_max_num_queries(14):
                page(office_client, code, ngay)


def test_the_query_count_is_the_same_for_2_and_20_hamlets_and_today_never_reads_past_places(
    office_client, office
):
    small, large = build(2, "S"), build(20, "L")
    merge(small, office, "S")
    merge(large, office, "L")
    office_client.get("/don-vi/SP/")  # the first page fills per-person caches (the bell's count) once
    for code in ("P", "A", "A1", "AN", "A1-01"):
        for ngay in ("", PAST):
            url = f"/don-vi/{{}}{code}/" + (f"?ngay={ngay}" if ngay else "")
            few, many = queries(office_client, url.format("S")), queries(office_client, url.format("L"))
            assert len(few) == len(many), (code, ngay)
            if not ngay:
                assert not any("unitpastpath" in sql for sql in many), code
