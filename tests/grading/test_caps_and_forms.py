"""Caps wherever grades are decided (commitments, a committee's decisions on its cells, publishing),
the rollup's suggested grade by the version in force, and HD 43's forms as A4 DOCX and PDF."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cells import rollup, services
from cells.models import Announcement, GradeOverride, Period
from grading.models import Cap, RuleVersion
from pledges.models import Grade
from tests.accounts.factories import PASSWORD
from tests.cells.test_rollup import figures
from tests.pledges.factories import ReviewFactory, action_for
from tests.units.factories import CadreFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def signed_in(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def test_the_cap_is_a_dated_sourced_setting(db):
    before, after = Cap.objects.in_force(D(2024, 12, 31)), Cap.objects.in_force(D(2026, 6, 30))
    assert (before.percent, before.source, before.confirmed) == (20, "HD 21-HD/BTCTW (2019)", True)
    assert after.percent == 20 and not after.confirmed  # unconfirmed under QĐ 366: an office setting
    assert Cap.objects.in_force(D(2018, 12, 31)) is None


def test_a_committee_cannot_decide_its_cells_grades_over_the_cap(client, leader_a, computed):
    period = Period.objects.get(code="2026-H1")
    body = signed_in(client, leader_a).get(reverse("cells:announcement", args=["2026-H1", "DBA"])).content.decode()
    assert "Xếp loại theo QĐ 366-QĐ/TW (30/08/2025)" in body
    assert 'data-testid="cap"' in body and "tối đa 0" in body  # the count, before anything is saved
    url = reverse("cells:grade_override", args=["2026-H1", "DBA", "CBA1-1"])
    response = client.post(url, {"grade": "excellent", "reason": "Dẫn đầu phong trào"}, follow=True)
    text = response.content.decode()
    assert "Vượt giới hạn trong Đảng bộ huyện A" in text and "HD 21-HD/BTCTW" in text
    assert not GradeOverride.objects.exists()
    # A grade chosen with the suggestions already over the cap cannot be published either.
    from cells.models import OrgResult

    cell = OrgResult.objects.get(run_id=period.current_run_id, org__code="CBA1-1")
    OrgResult.objects.filter(pk=cell.pk).update(suggested_grade="excellent")
    with pytest.raises(ValidationError, match="Vượt giới hạn"):
        services.announcement_publish(
            announcement=services.announcement_save(org=cell.org.parent.parent, period=period, acting_user=leader_a),
            acting_user=leader_a,
        )
    assert not Announcement.objects.filter(status="published").exists()
    # Lowering an excellent back within the cap is let through, and then publishing is.
    services.grade_override(
        org=cell.org, committee=cell.org.parent.parent, period=period, grade="good", reason="Theo giới hạn", acting_user=leader_a
    )
    announcement = Announcement.objects.get(org__code="DBA")
    assert services.announcement_publish(announcement=announcement, acting_user=leader_a).is_published


def test_the_rollup_suggests_no_grade_from_points_before_qd_366(db):
    v124, v366 = (RuleVersion.objects.get(code=c) for c in ("124-QĐ/TW", "366-QĐ/TW"))
    perfect = figures(meetings_held=6, attendance_present=20, meetings_quality_ok=5)
    assert rollup.score_cell(perfect, v366).grade == "excellent"
    assert rollup.score_cell(perfect, v124) == rollup.Scored(100.0, "")  # QĐ 124 has no points
    # QĐ 124: fewer than 50 % of the targets (regular meetings) met → "không hoàn thành".
    assert rollup.score_cell(figures(meetings_held=2, thematic_held=0), v124).grade == "fail"
    assert rollup.score_cell(perfect, None).grade == ""


def test_the_pledge_cap_comes_from_the_setting(orgs, tree, leader_a):
    from pledges import services as pledge_services
    from tests.pledges.factories import CommitmentFactory

    Cap.objects.filter(effective_to__isnull=True).update(percent=50, source="Cài đặt thử")
    people = [CadreFactory(code=f"M{n}", work_unit=tree["A1-1"], party_org=orgs["A1-1"]) for n in range(4)]
    commitments = [CommitmentFactory(org=orgs["A1-1"], cadre=p, year=2026) for p in people]
    for c in commitments[:2]:
        pledge_services.evaluation_record(commitment=c, period="year_end", grade=Grade.GOOD, score=Decimal(75), acting_user=leader_a)
    pledge_services.evaluation_record(
        commitment=commitments[2], period="year_end", grade=Grade.EXCELLENT, score=Decimal(95), acting_user=leader_a
    )
    with pytest.raises(ValidationError, match="50% số “tốt” \\(Cài đặt thử\\)"):
        pledge_services.evaluation_record(
            commitment=commitments[3], period="year_end", grade=Grade.EXCELLENT, score=Decimal(95), acting_user=leader_a
        )


def test_hd43_forms_open_as_a4_docx_and_pdf(client, orgs, tree, leader_a):
    from docx import Document
    from docx.shared import Cm

    cadre = CadreFactory(code="M1", full_name="Nguyễn Thị Hoa", work_unit=tree["A1-1"], party_org=orgs["A1-1"])
    review = ReviewFactory(org=orgs["A1-1"], cadre=cadre, year=2026, strengths="Gương mẫu trong công tác", self_grade=Grade.GOOD)
    action_for(review, due_on=D(2027, 3, 31))
    signed_in(client, leader_a)
    response = client.get(reverse("pledges:review_docx", args=[review.pk]))
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert abs(section.page_width - Cm(21)) < Cm(0.01)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "BẢN KIỂM ĐIỂM CÁ NHÂN NĂM 2026" in text and "Mẫu 2B" in text and "HD 43-HD/BTCTW" in text
    assert "Nguyễn Thị Hoa" in text and "Gương mẫu trong công tác" in text and "Chưa sâu sát cơ sở" in text
    pdf = client.get(reverse("pledges:review_pdf", args=[review.pk]) + "?mau=2C")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert b"/MediaBox [0 0 595.28 841.89]" in pdf.content  # A4 portrait, in points
    collective = ReviewFactory(org=orgs["A1-1"], year=2026, strengths="Đoàn kết")
    doc = Document(io.BytesIO(client.get(reverse("pledges:review_docx", args=[collective.pk])).content))
    assert "BÁO CÁO KIỂM ĐIỂM TẬP THỂ NĂM 2026" in "\n".join(p.text for p in doc.paragraphs)
    # 2024 was under QĐ 124 (HD 25's forms): HD 43's are not offered for it.
    old = ReviewFactory(org=orgs["A1-1"], cadre=cadre, year=2024)
    response = client.get(reverse("pledges:review_docx", args=[old.pk]), follow=True)
    assert "QĐ 124-QĐ/TW" in response.content.decode() and response.redirect_chain
