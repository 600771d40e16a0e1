from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import translation

from pledges import services
from pledges.models import Evaluation, Evidence, Grade, GradingRule
from tests.pledges.factories import CommitmentFactory, ReviewFactory, action_for
from tests.units.factories import CadreFactory

from .conftest import login

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def member(orgs, tree, n):
    return CadreFactory(code=f"M{n:03d}", work_unit=tree["A1-1"], party_org=orgs["A1-1"])


def evaluate(commitment, user, grade, score=None, period="year_end"):
    return services.evaluation_record(
        commitment=commitment, period=period, grade=grade, score=score, acting_user=user
    )


def test_the_seeded_rule_versions_apply_by_the_date_they_took_effect(orgs, tree, leader_a):
    assert list(GradingRule.objects.values_list("symbol", flat=True)) == [
        "366-QĐ/TW",
        "124-QĐ/TW",
        "132-QĐ/TW",
    ]
    cadre = member(orgs, tree, 1)
    cases = {2019: "132-QĐ/TW", 2024: "124-QĐ/TW"}
    for year, symbol in cases.items():
        c = CommitmentFactory(org=orgs["A1-1"], cadre=cadre, year=year)
        assert evaluate(c, leader_a, Grade.GOOD).rule.symbol == symbol
    c2025 = CommitmentFactory(org=orgs["A1-1"], cadre=cadre, year=2025)
    # QĐ 124 (in force on 30/06/2025) grades only yearly: a mid-year grade is refused, naming it.
    with pytest.raises(ValidationError, match="124-QĐ/TW"):
        evaluate(c2025, leader_a, Grade.GOOD, period="mid_year")
    assert evaluate(c2025, leader_a, Grade.GOOD, Decimal("80")).rule.symbol == "366-QĐ/TW"


def test_under_qd_366_the_score_decides_the_grade(orgs, tree, leader_a):
    c = CommitmentFactory(org=orgs["A1-1"], cadre=member(orgs, tree, 1), year=2026)
    with pytest.raises(ValidationError, match="100"):
        evaluate(c, leader_a, Grade.GOOD)
    with pytest.raises(ValidationError, match="Hoàn thành nhiệm vụ"):
        evaluate(c, leader_a, Grade.GOOD, Decimal("65"))
    assert evaluate(c, leader_a, Grade.COMPLETED, Decimal("65")).grade == Grade.COMPLETED


def test_it_caps_excellent_at_twenty_percent_of_good_within_a_grassroots_organisation(orgs, tree, leader_a):
    commitments = [
        CommitmentFactory(org=orgs["A1-1"], cadre=member(orgs, tree, n), year=2026) for n in range(8)
    ]
    for c in commitments[:4]:
        evaluate(c, leader_a, Grade.GOOD, Decimal("75"))
    with pytest.raises(ValidationError, match="20"):
        evaluate(commitments[5], leader_a, Grade.EXCELLENT, Decimal("95"))
    evaluate(commitments[4], leader_a, Grade.GOOD, Decimal("80"))  # 5 "tốt": one "xuất sắc" allowed
    evaluate(commitments[5], leader_a, Grade.EXCELLENT, Decimal("95"))
    with pytest.raises(ValidationError, match="20"):
        evaluate(commitments[6], leader_a, Grade.EXCELLENT, Decimal("92"))


def test_it_grades_the_collective_before_its_members_and_lower_before_higher(orgs, tree, leader_a):
    person = CommitmentFactory(org=orgs["A1-1"], cadre=member(orgs, tree, 1), year=2026)
    cell = CommitmentFactory(org=orgs["A1-1"], year=2026)
    commune = CommitmentFactory(org=orgs["A1"], year=2026)
    with pytest.raises(ValidationError, match="trước các thành viên"):
        evaluate(person, leader_a, Grade.GOOD, Decimal("75"))
    with pytest.raises(ValidationError, match="tổ chức trực thuộc"):
        evaluate(commune, leader_a, Grade.GOOD, Decimal("75"))
    evaluate(cell, leader_a, Grade.GOOD, Decimal("75"))
    evaluate(person, leader_a, Grade.GOOD, Decimal("75"))
    evaluate(commune, leader_a, Grade.GOOD, Decimal("75"))
    assert Evaluation.objects.count() == 3


def test_the_head_is_graded_after_the_unit_they_lead(orgs, tree, leader_a, lan):
    head = CommitmentFactory(org=orgs["A1-1"], cadre=lan, year=2026)
    CommitmentFactory(org=orgs["A1"], year=2026)
    orgs["A1"].secretary = lan
    orgs["A1"].save()
    with pytest.raises(ValidationError, match="người đứng đầu"):
        evaluate(head, leader_a, Grade.GOOD, Decimal("75"))


def test_excellent_needs_earlier_shortcomings_remedied_under_qd_366(orgs, tree, leader_a):
    cadre = member(orgs, tree, 1)
    for n in range(5):
        evaluate(
            CommitmentFactory(org=orgs["A1-1"], cadre=member(orgs, tree, 10 + n), year=2026),
            leader_a,
            Grade.GOOD,
            Decimal("75"),
        )
    review = ReviewFactory(org=orgs["A1-1"], cadre=cadre, year=2025)
    from datetime import date

    action_for(review, due_on=date(2026, 12, 31))
    c = CommitmentFactory(org=orgs["A1-1"], cadre=cadre, year=2026)
    with pytest.raises(ValidationError, match="khắc phục hết"):
        evaluate(c, leader_a, Grade.EXCELLENT, Decimal("95"))


def test_it_refuses_an_evaluation_outside_scope(client, orgs, tree, cadre_b1):
    c = CommitmentFactory(org=orgs["A1-1"], cadre=member(orgs, tree, 1), year=2026)
    response = login(client, cadre_b1).post(
        reverse("pledges:evaluate", args=[c.pk]), {"period": "year_end", "grade": Grade.GOOD, "score": "75"}
    )
    assert response.status_code == 403
    assert not Evaluation.objects.exists()


def test_the_evaluation_form_keeps_what_was_typed_on_error(client, orgs, tree, leader_a):
    c = CommitmentFactory(org=orgs["A1-1"], cadre=member(orgs, tree, 1), year=2026)
    response = login(client, leader_a).post(
        reverse("pledges:evaluate", args=[c.pk]),
        {"period": "year_end", "grade": Grade.GOOD, "score": "55", "comment": "Còn chậm tiến độ"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Còn chậm tiến độ" in html and 'value="55"' in html


# --- evidence -----------------------------------------------------------------------------


def assess(client, commitment, *files, **extra):
    return client.post(
        reverse("pledges:self_assess", args=[commitment.pk]),
        {"period": "mid_year", "results": "Đã tổ chức 6 buổi đối thoại", "files": list(files), **extra},
    )


def test_it_stores_a_pdf_outside_the_web_root_and_serves_it_only_in_scope(
    client, media, cadre_a1, cadre_b1, leader_a
):
    c = CommitmentFactory(org=cadre_a1.cadre.party_org, cadre=cadre_a1.cadre, year=2026)
    response = assess(login(client, cadre_a1), c, SimpleUploadedFile("bao-cao.pdf", PDF))
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.content_type == "application/pdf"
    assert str(evidence.file.path).startswith(str(media))
    assert "bao-cao" not in evidence.file.name  # stored under a name of our own

    url = reverse("pledges:evidence", args=[evidence.pk])
    download = login(client, leader_a).get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert login(client, cadre_b1).get(url).status_code == 403


def test_it_rejects_an_executable_renamed_pdf_by_its_content(client, media, cadre_a1):
    c = CommitmentFactory(org=cadre_a1.cadre.party_org, cadre=cadre_a1.cadre, year=2026)
    exe = SimpleUploadedFile(
        "bao-cao.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, content_type="application/pdf"
    )
    response = assess(login(client, cadre_a1), c, exe)
    assert response.status_code == 400
    html = response.content.decode()
    assert "bao-cao.pdf" in html and "PDF, JPEG" in html
    assert "Đã tổ chức 6 buổi đối thoại" in html  # what was typed is kept
    assert not Evidence.objects.exists()


def test_it_rejects_an_oversize_file_naming_the_limit(client, media, settings, cadre_a1):
    settings.PLEDGE_EVIDENCE_MAX_BYTES = 1024 * 1024
    c = CommitmentFactory(org=cadre_a1.cadre.party_org, cadre=cadre_a1.cadre, year=2026)
    big = SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * (1024 * 1024 + 10))
    response = assess(login(client, cadre_a1), c, big)
    assert response.status_code == 400
    with translation.override("vi"):
        limit = filesizeformat(1024 * 1024)
    assert limit in response.content.decode()
    assert not Evidence.objects.exists()


def test_it_accepts_jpeg_and_png_evidence(client, media, cadre_a1):
    c = CommitmentFactory(org=cadre_a1.cadre.party_org, cadre=cadre_a1.cadre, year=2026)
    jpg = SimpleUploadedFile("a.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 50)
    png = SimpleUploadedFile("b.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50)
    assert assess(login(client, cadre_a1), c, jpg, png).status_code == 302
    assert sorted(Evidence.objects.values_list("content_type", flat=True)) == ["image/jpeg", "image/png"]
