"""Bad input refused with the rule named, what was typed kept: a score out of its criterion's range,
a grade whose conditions fail, a period no rule version covers."""

from datetime import date

import pytest
from django.urls import reverse

from grading.models import Grade, RuleVersion
from pledges.models import CommitmentItem, Evaluation
from tests.accounts.factories import PASSWORD
from tests.pledges.factories import CommitmentFactory
from tests.units.factories import CadreFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(client, leader_a):
    client.login(username="leader_a", password=PASSWORD)
    return client


def commitment(orgs, tree, year=2026):
    cadre = CadreFactory(code="M001", work_unit=tree["A1-1"], party_org=orgs["A1-1"])
    return CommitmentFactory(org=orgs["A1-1"], cadre=cadre, year=year)


def test_a_score_outside_its_criterions_range_is_refused_naming_the_rule(signed, orgs, tree):
    c = commitment(orgs, tree)
    sheet = RuleVersion.objects.get(code="366-QĐ/TW").sheets.get(subject_type="member")
    data = {"period": "year_end", "grade": Grade.EXCELLENT, "subject_type": "member", "comment": "Ghi chú giữ lại"}
    for criterion in sheet.criteria.all():
        data[f"c{criterion.pk}"] = str(criterion.max_points)
    first = sheet.criteria.first()
    data[f"c{first.pk}"] = "15"  # a 10-point criterion
    response = signed.post(reverse("pledges:evaluate", args=[c.pk]), data)
    body = response.content.decode()
    assert response.status_code == 400
    assert f"“{first.title}”: 15 nằm ngoài khung 0–10 điểm (QĐ 366-QĐ/TW (30/08/2025))" in body
    assert 'value="15"' in body and "Ghi chú giữ lại" in body
    assert not Evaluation.objects.exists()


def test_a_grade_whose_conditions_fail_is_refused_and_the_form_kept(signed, orgs, tree):
    c = commitment(orgs, tree)
    CommitmentItem.objects.filter(commitment=c).update(completed_on=date(2026, 12, 2))  # after 30/11
    response = signed.post(
        reverse("pledges:evaluate", args=[c.pk]),
        {"period": "year_end", "grade": Grade.GOOD, "score": "78", "comment": "Nhận xét của cấp ủy"},
    )
    body = response.content.decode()
    assert response.status_code == 400
    # The conditions accumulate upwards: "tốt" also needs those of "hoàn thành" (≤ 20 % late).
    assert "Chưa đủ điều kiện Tốt: 1 việc trễ hạn; 1/1 việc trễ hạn, tối đa 20% (QĐ 366-QĐ/TW (30/08/2025))" in body
    assert 'value="78"' in body and "Nhận xét của cấp ủy" in body


def test_a_period_no_version_covers_is_refused(signed, orgs, tree):
    c = commitment(orgs, tree, year=2017)
    response = signed.post(
        reverse("pledges:evaluate", args=[c.pk]), {"period": "year_end", "grade": Grade.GOOD, "comment": "Năm 2017"}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Ngày 31/12/2017 chưa có quy định đánh giá, xếp loại nào có hiệu lực" in body
    assert "Năm 2017" in body
    assert not Evaluation.objects.exists()
