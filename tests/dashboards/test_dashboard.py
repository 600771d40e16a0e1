"""The leaders' dashboard page: scope, figures from the rollup, drill-down, unavailable figures."""

import re

import pytest
from django.urls import reverse

from cells.models import GradeOverride, OrgResult, Period
from cells.periods import ensure
from tests.accounts.factories import PASSWORD
from tests.dashboards.factories import compute, extra_commune

pytestmark = pytest.mark.django_db


def page(code, ky="2026-H1", name="dashboards:org"):
    url = reverse(name, args=[code])
    return f"{url}?ky={ky}" if ky else url


def signed_in(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_anonymous_is_sent_to_sign_in(client, computed):
    response = client.get(page("DBA"))
    assert response.status_code == 302 and "dang-nhap" in response["Location"]


def test_a_leader_opens_their_own_dashboard_from_the_index(client, leader_a, computed):
    response = signed_in(client, leader_a).get(reverse("dashboards:index"))
    assert response.status_code == 302 and response["Location"] == reverse("dashboards:org", args=["DBA"])


def test_the_office_lands_on_the_province(client, office, orgs):
    response = signed_in(client, office).get(reverse("dashboards:index"))
    assert response["Location"] == reverse("dashboards:org", args=["DBP"])


@pytest.mark.parametrize("name", ["dashboards:org", "dashboards:excel", "dashboards:pdf"])
def test_a_district_leader_cannot_read_another_district(client, leader_a, computed, name):
    assert signed_in(client, leader_a).get(page("DBB", name=name)).status_code == 403
    assert client.get(page("DBP", name=name)).status_code == 403


def test_an_unknown_organisation_is_not_found(client, leader_a, computed):
    assert signed_in(client, leader_a).get(page("NOPE")).status_code == 404


@pytest.mark.parametrize("ky", ["2026", "2026-H3", "abc", "1999-H1"])
def test_a_malformed_period_is_not_found(client, leader_a, computed, ky):
    assert signed_in(client, leader_a).get(page("DBA", ky=ky)).status_code == 404


def test_a_valid_period_never_seen_is_not_found(client, leader_a, computed):
    assert signed_in(client, leader_a).get(page("DBA", ky="2030-H1")).status_code == 404


def test_a_cadre_who_is_not_a_leader_cannot_read_dashboards(client, cadre_a1, computed):
    assert signed_in(client, cadre_a1).get(page("DBA1")).status_code == 403
    assert client.get(reverse("dashboards:index")).status_code == 403


def test_the_district_page_shows_its_communes_grades_and_the_weak_cell_with_its_secretary(
    client, leader_a, computed
):
    response = signed_in(client, leader_a).get(page("DBA"))
    assert response.status_code == 200
    board = response.context["board"]
    assert board.own.cell_count == 2
    assert [c.org.code for c in board.children] == ["DBA1"]
    assert board.grades.total == 2 and board.grades.fail == 1 and board.grades.weak == 1
    weak = response.content.decode().split('data-testid="weak"')[1].split("</table>")[0]
    assert "Chi bộ Ấp 2" in weak and "Nguyễn Văn Yếu" in weak
    # Drill-down to the commune; the breadcrumb does not offer the province (outside the scope).
    assert f'href="{page("DBA1")}"' in response.content.decode()
    crumbs = response.content.decode().split('data-testid="breadcrumb"')[1].split("</ol>")[0]
    assert "Đảng bộ tỉnh" not in crumbs


def test_the_commune_page_lists_its_hamlet_cells_and_leads_back_up(client, province_leader, computed):
    response = signed_in(client, province_leader).get(page("DBA1"))
    html = response.content.decode()
    assert [c.org.code for c in response.context["board"].children] == ["CBA1-1", "CBA1-2"]
    assert reverse("cells:cell", args=["CBA1-1"]) in html
    crumbs = html.split('data-testid="breadcrumb"')[1].split("</ol>")[0]
    assert f'href="{page("DBP")}"' in crumbs and f'href="{page("DBA")}"' in crumbs


def test_the_province_page_compares_its_districts(client, province_leader, computed):
    response = signed_in(client, province_leader).get(page("DBP"))
    board = response.context["board"]
    assert [c.org.code for c in board.children] == ["DBA", "DBB"]
    a, b = board.children
    assert (a.result.cell_count, b.result.cell_count) == (2, 1)
    assert a.grades.weak == 1 and b.grades.weak == 0
    # Petitions per district: Huyện A one open and overdue, Huyện B one overdue as well.
    assert (a.petitions.raised, a.petitions.open, a.petitions.overdue) == (2, 1, 1)
    assert (b.petitions.raised, b.petitions.overdue) == (1, 1)
    assert board.petitions.raised == 3 and board.petitions.avg_days == 9


def test_coverage_by_level_counts_units_with_an_assigned_cadre(client, leader_a, computed):
    board = signed_in(client, leader_a).get(page("DBA")).context["board"]
    by_level = {r["level"]: (r["covered"], r["total"]) for r in board.coverage}
    assert by_level[3] == (1, 2)  # Xã A1 covered, Xã A2 not
    assert by_level[4] == (1, 2)  # Ấp A1-1 covered, Ấp A1-2 not


def test_the_trend_reads_the_last_periods(client, leader_a, computed):
    response = signed_in(client, leader_a).get(page("DBA"))
    trend = response.context["board"].trend
    assert [p.period.code for p in trend] == ["2025-H2", "2026-H1"]
    assert trend[0].result.cell_count == 1 and trend[1].result.cell_count == 2
    table = response.content.decode().split('data-testid="trend-table"')[1].split("</table>")[0]
    assert "2025-H2" in table and "2026-H1" in table


def test_the_committee_decision_replaces_the_suggested_grade_in_the_counts(
    client, leader_a, office, computed, weak_cell
):
    GradeOverride.objects.create(
        org=weak_cell,
        period=Period.objects.get(code="2026-H1"),
        grade="pass",
        reason="Khắc phục",
        decided_by=office,
    )
    board = signed_in(client, leader_a).get(page("DBA")).context["board"]
    assert (board.grades.passed, board.grades.fail, board.grades.weak) == (1, 0, 0)
    assert board.children[0].grades.weak == 0


def test_a_figure_whose_source_is_missing_shows_unavailable_not_zero(client, leader_a, computed):
    OrgResult.objects.filter(period__code="2026-H1").update(
        commitments_total=None, commitments_completed=None
    )
    response = signed_in(client, leader_a).get(page("DBA"))
    summary = dict(response.context["summary"])
    assert summary["Cam kết đã hoàn thành"] is None
    summary_html = text(response).split("Chi bộ yếu kém")[0]
    assert "chưa có dữ liệu Cam kết đã hoàn thành" in summary_html


def test_a_period_not_computed_says_so_and_shows_no_zeros(client, leader_a, computed):
    ensure("2025-H1")
    response = signed_in(client, leader_a).get(page("DBA", ky="2025-H1"))
    assert response.status_code == 200
    assert 'data-testid="not-computed"' in response.content.decode()
    summary = dict(response.context["summary"])
    assert summary["Chi bộ"] is None and summary["Cam kết đã hoàn thành"] is None


def test_without_any_computed_period_the_page_still_opens(client, leader_a, orgs):
    response = signed_in(client, leader_a).get(page("DBA", ky=None))
    assert response.status_code == 200 and 'data-testid="not-computed"' in response.content.decode()


def test_the_default_period_is_the_latest_computed_one(client, leader_a, computed):
    board = signed_in(client, leader_a).get(page("DBA", ky=None)).context["board"]
    assert board.period.code == "2026-H1"


def test_charts_data_goes_through_json_script_and_no_inline_script(client, leader_a, computed):
    html = signed_in(client, leader_a).get(page("DBA")).content.decode()
    scripts = re.findall(r"<script([^>]*)>", html)
    assert all("src=" in attrs or 'type="application/json"' in attrs for attrs in scripts)
    assert '<script id="dash-charts" type="application/json">' in html
    assert "/static/dashboards/vendor/chart.umd.min.js" in html
    assert "cdn" not in html.lower()
    # Each chart has its table one click away.
    assert html.count("<details") >= 3


def test_the_page_has_a_bounded_number_of_queries_whatever_the_size(
    client, province_leader, tree, orgs, computed, django_assert_max_num_queries
):
    signed_in(client, province_leader)
    with django_assert_max_num_queries(20):
        assert client.get(page("DBP")).status_code == 200
    for n in range(6):
        extra_commune(tree, orgs, n)
    compute("2026-H1")
    for code in ("DBP", "DBA", "DBA1"):
        with django_assert_max_num_queries(20):
            assert client.get(page(code)).status_code == 200
    assert len(client.get(page("DBA")).context["board"].children) == 7


def test_a_weak_cell_regraded_higher_leaves_the_weak_list_and_one_regraded_fail_joins_it(
    client, leader_a, office, computed, weak_cell, orgs
):
    period = Period.objects.get(code="2026-H1")
    GradeOverride.objects.create(
        org=weak_cell, period=period, grade="pass", reason="Đã khắc phục", decided_by=office
    )
    GradeOverride.objects.create(
        org=orgs["A1-1"], period=period, grade="fail", reason="Mất đoàn kết", decided_by=office
    )
    board = signed_in(client, leader_a).get(page("DBA")).context["board"]
    assert "CBA1-2" not in [w.org.code for w in board.weak]
    assert "CBA1-1" in [w.org.code for w in board.weak]


def test_an_older_period_than_the_selector_lists_still_shows_its_results(client, leader_a, computed):
    from tests.dashboards.factories import compute

    for code in ("2023-H1", "2023-H2", "2024-H1", "2024-H2", "2025-H1"):
        compute(code)
    board = signed_in(client, leader_a).get(page("DBA", ky="2023-H1")).context["board"]
    assert board.period.code == "2023-H1" and board.own is not None
    assert [p.period.code for p in board.trend] == ["2023-H1"]
    latest = signed_in(client, leader_a).get(page("DBA", ky=None)).context["board"]
    assert len(latest.trend) == 6 and latest.trend[-1].period.code == "2026-H1"


def test_a_leader_with_only_a_home_unit_lands_on_the_organisation_leading_it(client, tree, orgs):
    from accounts import roles
    from tests.accounts.factories import UserFactory

    user = UserFactory(username="leader_b", roles=[roles.LEADER], home_unit=tree["B"])
    response = signed_in(client, user).get(reverse("dashboards:index"))
    assert response["Location"] == reverse("dashboards:org", args=["DBB"])
    assert client.get(page("DBB", ky=None)).status_code == 200
    assert client.get(page("DBA", ky=None)).status_code == 403


def test_leaders_and_the_office_find_the_dashboard_from_home_and_cadres_do_not(
    client, leader_a, office, cadre_a1
):
    for user, shown in ((leader_a, True), (office, True), (cadre_a1, False)):
        html = signed_in(client, user).get(reverse("home")).content.decode()
        assert ('data-testid="card-dashboards"' in html) is shown
        assert ('data-testid="nav-dashboards"' in html) is shown
        client.logout()


def test_pledges_published_by_level_count_the_secretaries_who_published(
    client, leader_a, computed, weak_cell, orgs
):
    from tests.pledges.factories import PledgeFactory, published_pledge
    from tests.units.factories import CadreFactory

    secretary_a1 = CadreFactory(code="SEC-A1", full_name="Võ Thị Bí Thư", party_org=orgs["A1"])
    orgs["A1"].secretary = secretary_a1
    orgs["A1"].save()
    published_pledge(cadre=secretary_a1, org=orgs["A1"])
    PledgeFactory(cadre=weak_cell.secretary, org=weak_cell)  # a draft: not published
    response = signed_in(client, leader_a).get(page("DBA"))
    levels = {r["level"]: (r["done"], r["total"]) for r in response.context["board"].pledges_by_level}
    assert levels == {3: (1, 1), 4: (0, 1)}
    table = response.content.decode().split('data-testid="pledges-table"')[1].split("</table>")[0]
    assert "Tổ chức cơ sở đảng" in table and "Chi bộ" in table
