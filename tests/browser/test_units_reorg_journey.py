"""The office merges three communes (preview -> confirm), reads the new commune's lineage, then opens
the dashboard of a period before the merge and still sees the three old communes."""

import datetime

import pytest

from cells.models import Period
from tests.accounts.factories import PASSWORD
from tests.browser.conftest import screenshot, sign_in
from tests.units.factories import PartyOrgFactory, UnitFactory
from units.models import PartyOrg, Unit

# The dashboards read through the `replica` alias (a mirror of the primary in the test settings).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases=["default", "replica"])]


@pytest.fixture
def three_communes(tree, orgs):
    tree["A3"] = UnitFactory(code="A3", name="Xã An Lợi", kind=Unit.Kind.COMMUNE, parent=tree["A"])
    UnitFactory(code="A2-1", name="Ấp Phú 1", kind=Unit.Kind.HAMLET, parent=tree["A2"])
    for code, unit, name in (("DBA2", "A2", "Đảng bộ xã An Phú"), ("DBA3", "A3", "Đảng bộ xã An Lợi")):
        PartyOrgFactory(
            code=code, name=name, kind=PartyOrg.Kind.GRASSROOTS_COMMITTEE, parent=orgs["A"], unit=tree[unit]
        )
    Period.objects.create(
        code="2025-H1", starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2025, 6, 30)
    )
    return tree


def test_office_merges_three_communes_and_the_past_still_shows_them(page, office, three_communes):
    sign_in(page, "office", PASSWORD)
    page.get_by_test_id("nav-reorg").first.click()
    page.get_by_label("Mã các đơn vị hợp nhất").fill("A1, A2, A3")
    page.get_by_label("Mã đơn vị mới").fill("AN")
    page.get_by_label("Tên đơn vị mới").fill("Xã An Bình")
    page.get_by_label("Loại đơn vị").select_option("commune")
    page.get_by_label("Mã đơn vị cấp trên").fill("A")
    page.get_by_label("Ngày hiệu lực").fill("01/07/2025")
    page.get_by_test_id("preview").click()

    preview = page.get_by_test_id("reorg-preview")
    preview.wait_for()
    assert page.get_by_test_id("closing").count() == 3
    assert "Xã An Bình" in page.get_by_test_id("opening").inner_text()
    assert not Unit.objects.filter(code="AN").exists()  # nothing written before confirming
    screenshot(page, "reorg-merge-preview")

    page.get_by_test_id("confirm").click()
    page.wait_for_url("**/don-vi/AN/")
    lineage = page.get_by_test_id("lineage")
    names = lineage.get_by_test_id("predecessor").all_inner_texts()
    assert len(names) == 3
    assert {"Xã An Hòa", "Xã An Phú", "Xã An Lợi"} <= {n.split("(")[0].strip().split("\t")[0] for n in names}
    assert "01/07/2025" in lineage.inner_text()
    screenshot(page, "reorg-lineage")

    # The dashboard of 2025-H1 (before the merge) lists the three old communes' committees.
    page.goto(f"{page.base}/tong-hop/DBA/?ky=2025-H1")
    body = page.locator("main").inner_text()
    for name in ("Đảng bộ xã An Hòa", "Đảng bộ xã An Phú", "Đảng bộ xã An Lợi"):
        assert name in body
    assert "Đảng bộ xã An Bình" not in body
    screenshot(page, "reorg-dashboard-before-merge")

    # And the district's page as of 30/06/2025 shows the old communes; today only the new one.
    page.goto(f"{page.base}/don-vi/A/?ngay=30/06/2025")
    past = page.locator("main").inner_text()
    assert "Xã An Lợi" in past and "Xã An Bình" not in past
    page.goto(f"{page.base}/don-vi/A/")
    assert "Xã An Bình" in page.locator("main").inner_text()
