"""Issue 4's journey: a commune cadre on a phone records a contact with a petition; the office
forwards it; the agency answers; the cadre sees the answer."""

import datetime

import pytest

from assignments.models import Petition
from tests.accounts.factories import PASSWORD
from tests.assignments.factories import AgencyFactory, AgencyMemberFactory, AssignmentFactory
from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cast(tree, office, cadre_a1, agency_user):
    AssignmentFactory(cadre=cadre_a1.cadre, unit=tree["A1-1-1"], starts_on=datetime.date(2026, 1, 1))
    agency = AgencyFactory(code="UBA1", name="Ủy ban nhân dân xã An Hòa", unit=tree["A1"])
    AgencyMemberFactory(agency=agency, user=agency_user)
    return agency


def test_a_petition_goes_from_the_cadres_phone_to_the_agency_and_the_answer_comes_back(
    page, phone_page, cast
):
    # 1. The commune cadre, in the field, on a phone.
    sign_in(phone_page, "cadre_a1", PASSWORD)
    phone_page.goto(f"{phone_page.base}/phan-cong/")
    phone_page.get_by_test_id("record-contact").click()
    phone_page.select_option("#id_unit", "A1-1-1")
    phone_page.get_by_label("05-CT/TW").check()
    phone_page.fill("#id_disseminated", "Quán triệt chuyên đề năm 2026 về học tập và làm theo Bác.")
    phone_page.check("#id_attended_cell_meeting")
    phone_page.select_option("#id_petition_category", label="Giao thông, hạ tầng")
    phone_page.fill("#id_petition_content", "Cầu khỉ qua kênh Tổ 1 đã hư, đề nghị làm cầu bê tông.")
    screenshot(phone_page, "assignments-1-cadre-contact-form")
    phone_page.get_by_role("button", name="Lưu").click()
    assert "Đã ghi nhận theo dõi, hỗ trợ Tổ NDTQ số 1." in phone_page.content()
    assert phone_page.get_by_test_id("petition-status").inner_text() == "Mới"
    petition = Petition.objects.get()

    # 2. The provincial office forwards it to the agency.
    sign_in(page, "office", PASSWORD)
    page.goto(f"{page.base}/phan-cong/kien-nghi/")
    page.get_by_role("link", name="Cầu khỉ qua kênh Tổ 1").click()
    page.select_option("#id_agency", label="Ủy ban nhân dân xã An Hòa")
    page.get_by_role("button", name="Chuyển", exact=True).click()
    assert page.get_by_test_id("petition-status").inner_text() == "Đã chuyển"
    assert page.get_by_test_id("petition-agency").inner_text() == "Ủy ban nhân dân xã An Hòa"
    page.get_by_test_id("logout").click()

    # 3. The agency's user answers.
    sign_in(page, "agency_user", PASSWORD)
    page.goto(f"{page.base}/phan-cong/")
    page.get_by_role("link", name=f"#{petition.pk} Cầu khỉ qua kênh").click()
    page.select_option("#id_status", "answered")
    page.fill("#id_answer", "Xã đã đưa cầu Tổ 1 vào kế hoạch, khởi công tháng 01/2027.")
    page.get_by_role("button", name="Lưu").click()
    assert page.get_by_test_id("petition-status").inner_text() == "Đã trả lời"
    screenshot(page, "assignments-2-agency-answered")

    # 4. The cadre sees the answer on the phone.
    phone_page.goto(f"{phone_page.base}/phan-cong/")
    answer = phone_page.get_by_test_id("petition-answer").first
    assert answer.inner_text() == "Xã đã đưa cầu Tổ 1 vào kế hoạch, khởi công tháng 01/2027."
    screenshot(phone_page, "assignments-3-cadre-sees-answer")
