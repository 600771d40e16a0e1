"""Discipline records: a leader records one for a member in scope (kept with its history), nobody
names a member outside their scope, and the rules page lists every version with what is unverified."""

import pytest
from django.urls import reverse

from grading.models import Discipline
from tests.accounts.factories import PASSWORD
from tests.units.factories import CadreFactory

pytestmark = pytest.mark.django_db


def test_a_leader_records_a_measure_for_a_member_in_scope_and_not_outside(client, orgs, tree, leader_a):
    CadreFactory(code="M1", full_name="Phạm Văn Tư", work_unit=tree["A1-1"], party_org=orgs["A1-1"])
    CadreFactory(code="MB", full_name="Lê Thị Ba", work_unit=tree["B1-1"], party_org=orgs["B1-1"])
    client.login(username="leader_a", password=PASSWORD)
    url = reverse("grading:disciplines")
    data = {
        "cadre": "M1",
        "form": "canh_cao",
        "decided_on": "12/03/2026",
        "decision_number": "21-QĐ/UBKTHU",
        "decided_by": "Ủy ban Kiểm tra Huyện ủy An Định",
        "reason": "Vi phạm quy định nêu gương",
    }
    assert client.post(url, data).status_code == 302
    measure = Discipline.objects.get()
    assert (measure.org, measure.get_form_display(), measure.decided_on.isoformat()) == (orgs["A1-1"], "Cảnh cáo", "2026-03-12")
    body = client.get(url).content.decode()
    assert "Phạm Văn Tư" in body and "21-QĐ/UBKTHU" in body
    # The same decision twice, and a member of another district: refused, what was typed kept.
    response = client.post(url, data)
    assert response.status_code == 400 and "đã được ghi cho đảng viên này" in response.content.decode()
    response = client.post(url, {**data, "cadre": "MB", "decision_number": "22-QĐ/UBKTHU"})
    assert response.status_code == 400 and "22-QĐ/UBKTHU" in response.content.decode()
    assert Discipline.objects.count() == 1
    client.post(reverse("grading:discipline_annul", args=[measure.pk]), {"reason": "Cấp trên hủy quyết định"})
    measure.refresh_from_db()
    assert measure.annulled_on and measure.annul_reason == "Cấp trên hủy quyết định"
    assert client.get(reverse("grading:discipline_history", args=[measure.pk])).status_code == 200
    assert measure.history.count() == 2


def test_the_rules_page_shows_every_version_and_flags_the_unverified(client, leader_a, django_assert_max_num_queries):
    client.login(username="leader_a", password=PASSWORD)
    with django_assert_max_num_queries(15):
        body = client.get(reverse("grading:rules")).content.decode()
    for code in ("132-QĐ/TW", "124-QĐ/TW", "366-QĐ/TW"):
        assert f'data-testid="version-{code}"' in body
    assert 'data-testid="sheet-member"' in body and "chưa đối chiếu" in body and "chưa xác nhận" in body
