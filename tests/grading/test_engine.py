"""The grade engine per rule version: the version of the period's last day, its cycles, QĐ 366's
conditions (what blocks the next grade up), discipline, and the proposal from the evidence held."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from grading import engine
from grading.models import Discipline, Grade, RuleVersion
from pledges import services
from pledges.models import CommitmentItem, EvaluationScore
from tests.accounts.factories import PASSWORD
from tests.pledges.factories import CommitmentFactory
from tests.units.factories import CadreFactory

pytestmark = pytest.mark.django_db


def member(orgs, tree, n=1):
    return CadreFactory(code=f"M{n:03d}", full_name=f"Đảng viên {n}", work_unit=tree["A1-1"], party_org=orgs["A1-1"])


def with_results(commitment, results):
    """results: (completed_on or None, exceeded) per task; deadlines 30/11 of the year."""
    commitment.items.all().delete()
    for n, (done, exceeded) in enumerate(results):
        CommitmentItem.objects.create(
            commitment=commitment,
            order=n,
            task=f"Việc {n}",
            deliverable="Báo cáo",
            deadline=date(commitment.year, 11, 30),
            completed_on=done,
            exceeded=exceeded,
        )
    return commitment


ON_TIME, LATE = date(2026, 11, 20), date(2026, 12, 3)


def evaluate(commitment, user, grade, score=None, period="year_end", **kw):
    return services.evaluation_record(
        commitment=commitment, period=period, grade=grade, score=score, acting_user=user, **kw
    )


def test_each_period_is_graded_by_the_version_in_force_on_its_last_day(db):
    assert engine.version_for(date(2019, 12, 31)).code == "132-QĐ/TW"
    assert engine.version_for(date(2025, 6, 30)).code == "124-QĐ/TW"
    assert engine.version_for(date(2025, 8, 29)).code == "124-QĐ/TW"
    assert engine.version_for(date(2025, 12, 31)).code == "366-QĐ/TW"
    with pytest.raises(ValidationError, match="31/12/2017"):
        engine.version_for(date(2017, 12, 31))
    v366 = RuleVersion.objects.get(code="366-QĐ/TW")
    assert (v366.general_points, v366.task_points) == (30, 70)
    # Each subject type of QĐ 366's annexes has its sheet, 30 + 70 points.
    for sheet in v366.sheets.all():
        points = {g: sum(c.max_points for c in sheet.criteria.all() if c.group == g) for g in ("general", "tasks")}
        assert points == {"general": 30, "tasks": 70}, sheet
    assert set(v366.sheets.values_list("subject_type", flat=True)) == {"party_org", "leadership", "cadre", "member"}
    assert not RuleVersion.objects.get(code="124-QĐ/TW").sheets.exists()


def test_review_cycles_are_those_the_version_provides_for(orgs, tree, leader_a):
    cadre = member(orgs, tree)
    c2024 = CommitmentFactory(org=orgs["A1-1"], cadre=cadre, year=2024)
    with pytest.raises(ValidationError, match="124-QĐ/TW.*Quý I"):
        evaluate(c2024, leader_a, Grade.GOOD, period="q1")
    assert evaluate(c2024, leader_a, Grade.GOOD).version.code == "124-QĐ/TW"
    c2026 = CommitmentFactory(org=orgs["A1-1"], cadre=cadre, year=2026)
    q1 = evaluate(c2026, leader_a, Grade.GOOD, Decimal("80"), period="q1")
    assert (q1.version.code, q1.ends_on) == ("366-QĐ/TW", date(2026, 3, 31))
    assert evaluate(c2026, leader_a, Grade.GOOD, Decimal("80"), period="term").version.code == "366-QĐ/TW"
    with pytest.raises(ValidationError, match="đột xuất"):
        evaluate(c2026, leader_a, Grade.GOOD, Decimal("80"), period="ad_hoc")
    adhoc = evaluate(c2026, leader_a, Grade.GOOD, Decimal("80"), period="ad_hoc", ad_hoc_on=date(2026, 9, 15))
    assert adhoc.ends_on == date(2026, 9, 15)


def test_late_tasks_block_the_next_grade_up_and_the_page_says_which_condition(client, orgs, tree, leader_a):
    c = with_results(
        CommitmentFactory(org=orgs["A1-1"], cadre=member(orgs, tree), year=2026),
        [(ON_TIME, True), (ON_TIME, True), (ON_TIME, False), (ON_TIME, False), (ON_TIME, False),
         (ON_TIME, False), (ON_TIME, False), (ON_TIME, False), (LATE, False), (LATE, False)],
    )
    with pytest.raises(ValidationError, match="Chưa đủ điều kiện Tốt: 2 việc trễ hạn"):
        evaluate(c, leader_a, Grade.GOOD, Decimal("85"))
    client.login(username="leader_a", password=PASSWORD)
    body = client.get(reverse("pledges:commitment", args=[c.pk])).content.decode()
    assert "Xếp loại theo QĐ 366-QĐ/TW (30/08/2025)" in body
    assert "Chưa đủ điều kiện Tốt: 2 việc trễ hạn (QĐ 366-QĐ/TW (30/08/2025))" in body
    # 2 of 10 late is within QĐ 366's 20 % ceiling for "hoàn thành".
    assert evaluate(c, leader_a, Grade.COMPLETED, Decimal("65")).grade == Grade.COMPLETED


def test_excellent_needs_the_share_exceeded_for_a_cadre(orgs, tree, leader_a):
    cadre = member(orgs, tree)
    orgs["A1-1"].deputy_secretary = cadre  # holds a post: graded as a cadre (annex 2–3)
    orgs["A1-1"].save()
    for n in range(5):  # five "tốt" so the 20 % cap allows one "xuất sắc"
        evaluate(CommitmentFactory(org=orgs["A1-1"], cadre=member(orgs, tree, 10 + n), year=2026), leader_a, Grade.GOOD, Decimal("75"))
    c = with_results(
        CommitmentFactory(org=orgs["A1-1"], cadre=cadre, year=2026),
        [(ON_TIME, True), (ON_TIME, False), (ON_TIME, False), (ON_TIME, False), (ON_TIME, False)],
    )
    with pytest.raises(ValidationError, match=r"Chưa đủ điều kiện Xuất sắc: 1/5 việc vượt mức, cần ít nhất 30%"):
        evaluate(c, leader_a, Grade.EXCELLENT, Decimal("95"))
    CommitmentItem.objects.filter(commitment=c, order=1).update(exceeded=True)
    e = evaluate(c, leader_a, Grade.EXCELLENT, Decimal("95"))
    assert (e.grade, e.subject_type) == (Grade.EXCELLENT, "cadre")


def test_a_member_disciplined_in_the_year_cannot_pass_under_qd_124_nor_be_excellent_under_366(
    client, orgs, tree, leader_a
):
    cadre = member(orgs, tree)
    measure = Discipline.objects.create(
        cadre=cadre, org=orgs["A1-1"], form="khien_trach", decided_on=date(2024, 5, 2),
        decision_number="05-QĐ/UBKT", decided_by="Ủy ban Kiểm tra Huyện ủy",
    )
    c2024 = CommitmentFactory(org=orgs["A1-1"], cadre=cadre, year=2024)
    with pytest.raises(ValidationError, match="Chưa đủ điều kiện Hoàn thành: 1 trường hợp bị kỷ luật trong kỳ.*124-QĐ/TW"):
        evaluate(c2024, leader_a, Grade.COMPLETED)
    assert evaluate(c2024, leader_a, Grade.FAILED).grade == Grade.FAILED
    # The measure counts in its own year only; annulled, it counts nowhere.
    Discipline.objects.create(
        cadre=cadre, org=orgs["A1-1"], form="canh_cao", decided_on=date(2026, 3, 2),
        decision_number="09-QĐ/UBKT", decided_by="Ủy ban Kiểm tra Huyện ủy",
    )
    for n in range(5):
        evaluate(CommitmentFactory(org=orgs["A1-1"], cadre=member(orgs, tree, 10 + n), year=2026), leader_a, Grade.GOOD, Decimal("75"))
    c2026 = CommitmentFactory(org=orgs["A1-1"], cadre=cadre, year=2026)
    with pytest.raises(ValidationError, match="Xuất sắc: 1 trường hợp bị kỷ luật"):
        evaluate(c2026, leader_a, Grade.EXCELLENT, Decimal("95"))
    client.login(username="leader_a", password=PASSWORD)
    body = client.get(reverse("pledges:commitment", args=[c2026.pk])).content.decode()
    assert "Cảnh cáo, 09-QĐ/UBKT" in body and "05-QĐ/UBKT" not in body
    Discipline.objects.filter(decision_number="09-QĐ/UBKT").update(annulled_on=date(2026, 6, 1), annul_reason="Cấp trên hủy")
    assert evaluate(c2026, leader_a, Grade.EXCELLENT, Decimal("95")).grade == Grade.EXCELLENT
    assert measure.history.count() == 1


def test_points_are_proposed_from_the_record_and_an_adjustment_needs_a_reason(client, orgs, tree, leader_a):
    c = with_results(
        CommitmentFactory(org=orgs["A1-1"], cadre=member(orgs, tree), year=2026),
        [(ON_TIME, True), (ON_TIME, False), (ON_TIME, False), (ON_TIME, False)],
    )
    sheet = RuleVersion.objects.get(code="366-QĐ/TW").sheets.get(subject_type="member")
    crit = {c_.evidence or c_.title: c_ for c_ in sheet.criteria.all()}
    proposal = engine.propose(sheet, engine.Evidence(tasks_total=4, tasks_on_time=4, tasks_exceeded=1))
    assert proposal[crit["tasks_on_time"].pk] == Decimal("45.00")
    assert proposal[crit["tasks_exceeded"].pk] == Decimal("2.50")
    assert proposal[crit["remediation"].pk] is None  # nothing held: the grader scores it
    client.login(username="leader_a", password=PASSWORD)
    body = client.get(reverse("pledges:commitment", args=[c.pk])).content.decode()
    assert 'data-testid="sheet"' in body and 'value="45.00"' in body
    data = {"period": "year_end", "grade": Grade.GOOD, "subject_type": "member"}
    for criterion in sheet.criteria.all():
        data[f"c{criterion.pk}"] = str(proposal[criterion.pk] if proposal[criterion.pk] is not None else 10)
    data[f"c{crit['tasks_on_time'].pk}"] = "40"  # adjusted down, no reason
    response = client.post(reverse("pledges:evaluate", args=[c.pk]), data)
    assert response.status_code == 400
    assert "40 điểm thay vì 45 điểm đề xuất từ dữ liệu: hãy ghi lý do" in response.content.decode()
    data[f"r{crit['tasks_on_time'].pk}"] = "Sản phẩm chưa đạt chất lượng"
    response = client.post(reverse("pledges:evaluate", args=[c.pk]), data)
    assert response.status_code == 302
    evaluation = c.evaluations.get()
    # 30 general + 40 + 2.5 + 10 (remediation scored by the grader) = 82.5: "tốt".
    assert (evaluation.score, evaluation.grade, evaluation.version.code) == (Decimal("82.50"), Grade.GOOD, "366-QĐ/TW")
    kept = EvaluationScore.objects.get(evaluation=evaluation, criterion=crit["tasks_on_time"])
    assert (kept.proposed, kept.points, kept.reason) == (Decimal("45.00"), Decimal("40.00"), "Sản phẩm chưa đạt chất lượng")
    # Written in bulk, each score with its history row naming the grader.
    assert [(h.history_type, h.history_user) for h in kept.history.all()] == [("+", leader_a)]


def test_old_evaluations_keep_the_version_they_were_graded_under(orgs, tree, leader_a):
    c = CommitmentFactory(org=orgs["A1-1"], cadre=member(orgs, tree), year=2024)
    e = evaluate(c, leader_a, Grade.GOOD)
    assert (e.version.code, e.rule.symbol, e.ends_on) == ("124-QĐ/TW", "124-QĐ/TW", date(2024, 12, 31))
