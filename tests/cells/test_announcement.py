import datetime
import io

import pytest
from django.conf import settings
from django.urls import reverse

from cells import periods, services
from cells.models import Announcement, GradeOverride, Meeting, PeriodReopening, RollupRun
from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 26)


def signed_in(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def page_url(org="DBA"):
    return reverse("cells:announcement", args=["2026-H1", org])


def test_the_superior_committee_reviews_every_cells_result(client, leader_a, computed):
    body = signed_in(client, leader_a).get(page_url()).content.decode()
    assert 'data-testid="cell-CBA1-1"' in body
    assert "CBB1-1" not in body  # another district's cell
    assert "Chi bộ báo cáo mọi buổi sinh hoạt đúng hạn: 1/1" in body


def test_an_override_without_a_reason_is_refused_and_nothing_changes(client, leader_a, computed):
    url = reverse("cells:grade_override", args=["2026-H1", "DBA", "CBA1-1"])
    response = signed_in(client, leader_a).post(url, {"grade": "excellent", "reason": "  "})
    assert response.status_code == 400
    assert "Hãy ghi lý do thay đổi xếp loại đề xuất." in response.content.decode()
    assert not GradeOverride.objects.exists()


def test_an_override_with_a_reason_is_recorded_and_shown(client, leader_a, computed):
    url = reverse("cells:grade_override", args=["2026-H1", "DBA", "CBA1-1"])
    # "good", not "excellent": with no cell rated "tốt" the 20 % cap allows no "xuất sắc" (tests/grading).
    signed_in(client, leader_a).post(url, {"grade": "good", "reason": "Dẫn đầu phong trào"})
    override = GradeOverride.objects.get()
    assert (override.grade, override.reason, override.decided_by) == (
        "good",
        "Dẫn đầu phong trào",
        leader_a,
    )
    assert "Dẫn đầu phong trào" in client.get(page_url()).content.decode()


def test_a_cadre_cannot_publish_or_override(client, cadre_a1, computed):
    signed_in(client, cadre_a1)
    assert client.post(reverse("cells:announcement_publish", args=["2026-H1", "DBA"])).status_code == 403
    assert client.get(page_url("DBB")).status_code == 403


def test_publishing_locks_the_period_until_it_is_reopened_with_a_reason(
    client, leader_a, secretary_a1, computed, orgs
):
    signed_in(client, leader_a).post(reverse("cells:announcement_publish", args=["2026-H1", "DBA"]))
    announcement = Announcement.objects.get(org=orgs["A"])
    assert announcement.is_published and announcement.published_by == leader_a
    meeting = Meeting.objects.filter(cell=orgs["A1-1"]).first()
    marks = {a.member_id: ("present", "") for a in meeting.attendance.all()}
    args = dict(
        cell=orgs["A1-1"], kind="regular", duration_minutes=90, attendance=marks, acting_user=secretary_a1
    )
    with pytest.raises(services.ValidationError, match="đã được Đảng bộ huyện A công bố"):
        services.meeting_record(held_on=datetime.date(2026, 4, 20), **args)
    with pytest.raises(services.ValidationError):
        services.meeting_record(held_on=meeting.held_on, meeting=meeting, **args)
    with pytest.raises(services.ValidationError):
        services.grade_override(
            org=orgs["A1-1"],
            period=announcement.period,
            grade="good",
            reason="Sau công bố",
            acting_user=leader_a,
        )
    # B's cells are not under A: not locked.
    reopen = reverse("cells:announcement_reopen", args=["2026-H1", "DBA"])
    response = client.post(reopen, {"reason": ""})
    assert response.status_code == 400 and "Hãy ghi lý do mở lại kỳ." in response.content.decode()
    announcement.refresh_from_db()
    assert announcement.is_published
    client.post(reopen, {"reason": "Chi bộ bổ sung biên bản tháng 4"})
    assert PeriodReopening.objects.get().reason == "Chi bộ bổ sung biên bản tháng 4"
    assert services.meeting_record(held_on=datetime.date(2026, 4, 20), **args).pk


def test_publishing_needs_final_results(client, leader_a, half_year):
    signed_in(client, leader_a)
    response = client.post(reverse("cells:announcement_publish", args=["2026-H1", "DBA"]), follow=True)
    assert "chưa được tính" in response.content.decode()
    assert not Announcement.objects.filter(status="published").exists()


def test_the_announcement_downloads_as_a_party_document_in_docx(client, leader_a, computed, orgs):
    from docx import Document

    signed_in(client, leader_a).post(
        page_url(),
        {
            "number": "15-TB/HU",
            "place": "An Định",
            "issued_on": "2026-07-05",
            "title": "Thông báo kết quả",
            "body": "Căn cứ kết quả sinh hoạt chi bộ.",
            "recipients": "Ban Thường vụ Tỉnh ủy\nLưu VP",
            "signer_title": "Phó Bí thư",
            "signer_name": "Nguyễn Văn Ký",
        },
    )
    response = client.get(reverse("cells:announcement_docx", args=["2026-H1", "DBA"]))
    assert response["Content-Disposition"].endswith('.docx"')
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "THÔNG BÁO" in text and "Căn cứ kết quả sinh hoạt chi bộ." in text
    assert "Số 15-TB/HU" in cells and "An Định, ngày 05 tháng 07 năm 2026" in cells
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in cells and "Nguyễn Văn Ký" in cells and "Lưu VP" in cells
    assert "Chi bộ Ấp 1" in cells and "5/6" in cells


def test_the_announcement_downloads_as_pdf(client, leader_a, computed):
    response = signed_in(client, leader_a).get(reverse("cells:announcement_pdf", args=["2026-H1", "DBA"]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and b"DejaVuSerif" in response.content


def test_the_office_starts_a_rollup_from_the_page_and_sees_it(
    client, office, half_year, django_capture_on_commit_callbacks
):
    signed_in(client, office)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("cells:start", args=["2026-H1"]))
    run = RollupRun.objects.get()
    response = client.get(reverse("cells:results", args=["2026-H1"]))
    if settings.CELERY_TASK_ALWAYS_EAGER:
        assert run.status == RollupRun.Status.DONE
        progress = client.get(reverse("cells:progress", args=["2026-H1"])).json()
        assert progress["status"] == "done" and progress["progress"] == 100
        assert "Chi bộ báo cáo đúng hạn" in response.content.decode()


def test_a_rollup_of_a_period_not_over_is_marked_provisional(client, office, half_year):
    signed_in(client, office)
    code = periods.code_for(datetime.date.today())
    response = client.post(reverse("cells:start", args=[code]), follow=True)
    assert "tạm tính" in response.content.decode()
    assert RollupRun.objects.get().provisional


def test_a_second_start_while_one_runs_is_refused_with_a_message(client, office, half_year):
    signed_in(client, office)
    services.rollup_start(period=periods.ensure("2026-H1"), enqueue=False)
    response = client.post(reverse("cells:start", args=["2026-H1"]), follow=True)
    assert "đang được tính" in response.content.decode()
    assert RollupRun.objects.count() == 1


def test_a_cadre_cannot_start_a_rollup(client, cadre_a1):
    assert signed_in(client, cadre_a1).post(reverse("cells:start", args=["2026-H1"])).status_code == 403


def test_the_results_page_has_a_bounded_number_of_queries(
    client, office, computed, django_assert_max_num_queries
):
    signed_in(client, office)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("cells:results", args=["2026-H1"]))
    assert "Đảng bộ huyện A" in response.content.decode()
    with django_assert_max_num_queries(20):
        assert client.get(page_url("DBP")).status_code == 200


def test_provisional_results_offer_no_publish_button_only_why(client, leader_a, half_year):
    """The button was offered, then refused: "the results are provisional"."""
    from cells import tasks

    run = services.rollup_start(period=periods.ensure("2026-H1"), enqueue=False, today=datetime.date(2026, 3, 1))
    tasks.rollup_period("2026-H1", run.pk)
    body = signed_in(client, leader_a).get(page_url()).content.decode()
    assert 'data-testid="publish"' not in body
    assert 'data-testid="publish-unavailable"' in body and "tạm tính" in body.lower() or "provisional" in body


def test_grades_cannot_be_changed_under_a_committee_above_that_published(client, leader_a, office, computed):
    period = periods.ensure("2026-H1")
    announcement = services.announcement_save(org=computed and leader_a.home_org, period=period, acting_user=office)
    services.announcement_publish(announcement=announcement, acting_user=office)
    body = signed_in(client, leader_a).get(page_url("DBA1")).content.decode()
    assert 'data-testid="cell-CBA1-1"' in body
    assert reverse("cells:grade_override", args=["2026-H1", "DBA1", "CBA1-1"]) not in body
    assert 'data-testid="locked-above"' in body
    # Before the publication above, the form was there.
    services.announcement_reopen(announcement=announcement, reason="Sửa", acting_user=office)
    body = client.get(page_url("DBA1")).content.decode()
    assert reverse("cells:grade_override", args=["2026-H1", "DBA1", "CBA1-1"]) in body
