"""After the district level is abolished, the office opens 'Việc cần làm sau sắp xếp' from the
reorganisation page, selects the district cadre's assignment to a hamlet, previews, confirms, and the
row leaves the list while the other district's stays."""

import datetime

import pytest

from assignments.models import Assignment, CadreKind
from tests.accounts.factories import PASSWORD
from tests.assignments.factories import AssignmentFactory
from tests.browser.conftest import screenshot, sign_in
from tests.units.factories import CadreFactory
from units import reorg
from units.models import Cadre

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_settles_a_district_cadres_assignment_from_the_worklist(page, office, tree, orgs):
    ended = AssignmentFactory(
        cadre=CadreFactory(code="HA-01", full_name="Võ Minh Tâm", cadre_level=Cadre.Level.DISTRICT, work_unit=tree["A"]),
        unit=tree["A1-1"], cadre_kind=CadreKind.DISTRICT, starts_on=datetime.date(2024, 3, 1),
    )
    kept = AssignmentFactory(
        cadre=CadreFactory(code="HB-01", full_name="Đỗ Thị Hoa", cadre_level=Cadre.Level.DISTRICT, work_unit=tree["B"]),
        unit=tree["B1-1"], cadre_kind=CadreKind.DISTRICT, starts_on=datetime.date(2024, 3, 1),
    )
    reorg.unit_abolish_level(root=tree["P"], level=2, effective_on=datetime.date(2025, 7, 1), acting_user=office)

    sign_in(page, "office", PASSWORD)
    page.get_by_test_id("nav-reorg").first.click()
    page.get_by_test_id("worklist-link").first.click()
    section = page.get_by_test_id("section-assignment_levels")
    section.wait_for()
    assert "Võ Minh Tâm" in section.inner_text() and "Đỗ Thị Hoa" in section.inner_text()
    screenshot(page, "reorg-worklist")

    section.get_by_role("row", name="Võ Minh Tâm").get_by_role("checkbox").check()
    page.get_by_test_id("preview-assignment_levels").click()
    preview = page.get_by_test_id("worklist-preview")
    preview.wait_for()
    assert "Võ Minh Tâm" in preview.inner_text() and "Đỗ Thị Hoa" not in preview.inner_text()
    assert Assignment.objects.get(pk=ended.pk).ends_on is None  # nothing written before confirming
    screenshot(page, "reorg-worklist-preview")

    page.get_by_test_id("confirm").click()
    page.get_by_test_id("settlements").wait_for()
    section = page.get_by_test_id("section-assignment_levels")
    assert "Võ Minh Tâm" not in section.inner_text() and "Đỗ Thị Hoa" in section.inner_text()
    assert "office" in page.get_by_test_id("settlements").inner_text()
    assert Assignment.objects.get(pk=ended.pk).ends_on is not None
    assert Assignment.objects.get(pk=kept.pk).ends_on is None
