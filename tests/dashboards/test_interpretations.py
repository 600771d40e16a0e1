"""Interpretations on dashboards (issue 17, item 5): a leader's note on a chart or figure of an
organisation's dashboard for a period, read and answered by the people in that scope, printed in the
dashboard's PDF."""

import unicodedata
from io import BytesIO

import pytest
from django.core.cache import cache
from django.urls import reverse
from pypdf import PdfReader

from accounts import roles
from cells.models import Period
from dashboards import presenters, selectors
from dashboards.models import Interpretation
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

KY = "2026-H1"


def login(client, user):
    client.logout()
    client.login(username=user.username, password=PASSWORD)
    return client


def board_url(code, name="dashboards:org"):
    return f"{reverse(name, args=[code])}?ky={KY}"


def notes_url(code):
    return board_url(code, "dashboards:interpretations")


def write(client, code="DBA1", text="Tỷ lệ sinh hoạt của Chi bộ Ấp 2 thấp.", target="summary", ky=KY, tu="tong-hop"):
    return client.post(notes_url(code), {"tu": tu, "ky": ky, "target": target, "text": text})


def answer(client, note, text, code="DBA1"):
    return client.post(notes_url(code), {"parent": note.pk, "text": text})


@pytest.fixture
def commune_leader(tree, orgs):
    return UserFactory(
        username="leader_a1", first_name="Lãnh đạo xã", roles=[roles.LEADER], home_unit=tree["A1"], home_org=orgs["A1"]
    )


@pytest.fixture
def note(client, province_leader, computed):
    login(client, province_leader)
    assert write(client).status_code == 302
    return Interpretation.objects.get()


def test_the_targets_are_the_dashboards_sections(computed, orgs, province_leader):
    board = selectors.dashboard(province_leader, orgs["A1"], period_code=KY)
    assert [key for key, *_rest in presenters.sections(board)] == list(Interpretation.Target.values)


def test_a_leader_writes_a_note_on_a_figure_and_reads_it_on_the_dashboard(client, province_leader, computed):
    login(client, province_leader)
    decomposed = unicodedata.normalize("NFD", "  Tỷ lệ sinh hoạt thấp <script>alert(1)</script>  ")
    response = write(client, text=decomposed, target="grades")
    assert response.status_code == 302 and response["Location"].startswith(reverse("dashboards:org", args=["DBA1"]))
    note = Interpretation.objects.get()
    assert note.text == unicodedata.normalize("NFC", "Tỷ lệ sinh hoạt thấp <script>alert(1)</script>")
    assert (note.org.code, note.period.code, note.target, note.author) == ("DBA1", KY, "grades", province_leader)
    html = client.get(board_url("DBA1")).content.decode()
    assert "Tỷ lệ sinh hoạt thấp &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert 'data-testid="note-target">Xếp loại chi bộ</strong>' in html  # the chart it is about, by its title
    # Another period of the same dashboard has no note.
    Period.objects.get_or_create(code="2025-H2")
    assert "Tỷ lệ sinh hoạt thấp" not in client.get(f"{reverse('dashboards:org', args=['DBA1'])}?ky=2025-H2").content.decode()


def test_people_in_the_scope_read_and_answer_the_note(client, note, cadre_a1, leader_a, commune_leader):
    # A commune cadre does not read dashboards but reads and answers the notes on their commune's.
    login(client, cadre_a1)
    assert client.get(board_url("DBA1")).status_code == 403
    page = client.get(notes_url("DBA1"))
    assert page.status_code == 200 and "Tỷ lệ sinh hoạt của Chi bộ Ấp 2 thấp." in page.content.decode()
    response = answer(client, note, "Xã đã họp lại với chi bộ ngày 05/12/2026.")
    assert response.status_code == 302
    reply = Interpretation.objects.get(parent=note)
    assert (reply.author, reply.org_id, reply.period_id, reply.target) == (cadre_a1, note.org_id, note.period_id, "summary")
    # The district leader above it and the commune leader read the thread on the dashboard.
    for user in (leader_a, commune_leader):
        html = login(client, user).get(board_url("DBA1")).content.decode()
        assert "Tỷ lệ sinh hoạt của Chi bộ Ấp 2 thấp." in html and "Xã đã họp lại với chi bộ ngày 05/12/2026." in html


def test_the_note_is_not_visible_out_of_scope(client, note, cadre_b1, tree, orgs):
    leader_b = UserFactory(username="leader_b", roles=[roles.LEADER], home_unit=tree["B"], home_org=orgs["B"])
    for user in (cadre_b1, leader_b):
        login(client, user)
        assert client.get(notes_url("DBA1")).status_code == 403
        assert client.get(reverse("dashboards:interpretation_history", args=[note.pk])).status_code == 403
        assert answer(client, note, "Chen vào", code="DBA1").status_code == 403
        assert write(client, code="DBA1").status_code == 403
        # Their own dashboard does not show it.
        assert "Tỷ lệ sinh hoạt" not in client.get(notes_url("DBB1")).content.decode()
    assert client.get(reverse("dashboards:interpretation_history", args=[99999])).status_code == 404
    assert Interpretation.objects.count() == 1


def test_an_answer_to_a_note_outside_the_scope_is_refused_with_the_text_kept(client, note, cadre_b1):
    login(client, cadre_b1)
    # Posted on their own commune's page, naming the other district's note.
    response = answer(client, note, "Ý kiến của xã Bình Đông", code="DBB1")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nhận định này không còn hoặc không thuộc phạm vi của đồng chí" in html
    assert "Ý kiến của xã Bình Đông" in html
    assert "Tỷ lệ sinh hoạt" not in html  # the refusal does not show the note
    assert Interpretation.objects.count() == 1


@pytest.mark.parametrize(
    "data, message",
    [
        ({"text": "   "}, "Hãy viết nội dung trước khi gửi."),
        ({"target": "bieu-do-khong-co"}, "Trang tổng hợp không có biểu đồ hoặc chỉ tiêu bieu-do-khong-co."),
        ({"ky": "2031-H1"}, "Không có kỳ 2031-H1: nhận định chưa được lưu."),
        ({"text": "x" * 2001}, "Mỗi nhận định dài tối đa 2000 ký tự"),
    ],
)
def test_bad_notes_are_refused_with_a_vietnamese_message_and_the_input_kept(
    client, province_leader, computed, data, message
):
    login(client, province_leader)
    fields = {"text": "Nhận định giữ lại", "target": "coverage", "ky": KY, **data}
    response = write(client, **fields)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    if "text" not in data:
        assert "Nhận định giữ lại" in html
    if "target" not in data:
        assert '<option value="coverage" selected>' in html
    assert not Interpretation.objects.exists()


def test_an_empty_answer_is_refused_and_only_leaders_write_notes(client, note, cadre_a1):
    login(client, cadre_a1)
    response = answer(client, note, "  ")
    assert response.status_code == 400 and "Hãy viết nội dung trước khi gửi." in response.content.decode()
    assert write(client).status_code == 403
    assert Interpretation.objects.count() == 1


def test_only_the_author_edits_or_deletes_and_the_history_keeps_the_text(client, note, leader_a):
    login(client, leader_a)
    edit = reverse("dashboards:interpretation_edit", args=[note.pk])
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"text": "Sửa trộm"}).status_code == 403
    assert client.post(reverse("dashboards:interpretation_delete", args=[note.pk])).status_code == 403

    login(client, note.author)
    response = client.post(edit, {"text": ""})
    assert response.status_code == 400 and "Hãy viết nội dung trước khi gửi." in response.content.decode()
    assert client.post(edit, {"text": "Tỷ lệ sinh hoạt đã được cải thiện."}).status_code == 302
    assert "Tỷ lệ sinh hoạt đã được cải thiện." in client.get(notes_url("DBA1")).content.decode()
    assert client.post(reverse("dashboards:interpretation_delete", args=[note.pk])).status_code == 302
    note.refresh_from_db()
    assert note.deleted_at is not None
    html = client.get(board_url("DBA1")).content.decode()
    assert "Tỷ lệ sinh hoạt" not in html
    assert client.get(edit).status_code == 404
    # Every version stays in the history, readable by those in scope.
    assert [h.text for h in note.history.order_by("history_id")] == [
        "Tỷ lệ sinh hoạt của Chi bộ Ấp 2 thấp.",
        "Tỷ lệ sinh hoạt đã được cải thiện.",
        "Tỷ lệ sinh hoạt đã được cải thiện.",
    ]
    history = login(client, leader_a).get(reverse("dashboards:interpretation_history", args=[note.pk]))
    assert history.status_code == 200 and "Tỷ lệ sinh hoạt của Chi bộ Ấp 2 thấp." in history.content.decode()


def test_a_deleted_note_with_answers_keeps_its_thread(client, note, cadre_a1):
    login(client, cadre_a1)
    answer(client, note, "Đã họp lại.")
    login(client, note.author).post(reverse("dashboards:interpretation_delete", args=[note.pk]))
    html = login(client, cadre_a1).get(notes_url("DBA1")).content.decode()
    assert "Nhận định này đã được người viết xoá." in html and "Đã họp lại." in html
    assert "Tỷ lệ sinh hoạt của Chi bộ" not in html
    # A deleted note takes no more answers.
    response = answer(client, note, "Trả lời muộn")
    assert response.status_code == 400 and "Trả lời muộn" in response.content.decode()


def test_the_notes_and_answers_are_printed_in_the_pdf(client, note, cadre_a1, province_leader):
    login(client, cadre_a1)
    answer(client, note, "Xã đã họp lại với chi bộ.")
    response = login(client, province_leader).get(board_url("DBA1", "dashboards:pdf"))
    assert response.status_code == 200
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert "Nhận định" in text
    assert "Tỷ lệ sinh hoạt của Chi bộ Ấp 2 thấp." in text
    assert "Xã đã họp lại với chi bộ." in text
    assert "Tổng quan" in text.split("Nhận định")[-1]  # the figure it is about, after the heading
    # The province's PDF does not carry the commune's notes.
    other = login(client, province_leader).get(board_url("DBP", "dashboards:pdf"))
    assert "Tỷ lệ sinh hoạt của Chi bộ" not in "".join(p.extract_text() for p in PdfReader(BytesIO(other.content)).pages)


def test_a_dashboard_with_many_notes_costs_a_bounded_number_of_queries(
    client, province_leader, computed, orgs, django_assert_max_num_queries
):
    period = Period.objects.get(code=KY)
    readers = [UserFactory(username=f"reader{i}", home_unit=orgs["A1"].unit, home_org=orgs["A1"]) for i in range(5)]
    login(client, province_leader)
    url = board_url("DBA1")
    with django_assert_max_num_queries(22) as few:
        client.get(url)
    for n in range(30):
        parent = Interpretation.objects.create(
            org=orgs["A1"], period=period, target="summary", text=f"Nhận định {n}", author=province_leader
        )
        for reader in readers[: n % 4]:
            Interpretation.objects.create(
                org=orgs["A1"], period=period, target="summary", parent=parent, text=f"Trả lời {n}", author=reader
            )
    with django_assert_max_num_queries(len(few) + 2):  # the answers' query, and the authors'
        html = client.get(url).content.decode()
    assert html.count('data-testid="answer-text"') == sum(n % 4 for n in range(30))
    with django_assert_max_num_queries(len(few) + 2):
        client.get(notes_url("DBA1"))


def test_a_new_note_shows_at_once_on_the_cached_dashboard(
    client, settings, province_leader, leader_a, computed, django_capture_on_commit_callbacks
):
    settings.DASHBOARD_CACHE_SECONDS = 60
    cache.clear()
    try:
        login(client, leader_a)
        assert "Đã có nhận định mới" not in client.get(board_url("DBA1")).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            login(client, province_leader)
            write(client, text="Đã có nhận định mới")
        assert "Đã có nhận định mới" in login(client, leader_a).get(board_url("DBA1")).content.decode()
        note = Interpretation.objects.get()
        with django_capture_on_commit_callbacks(execute=True):
            login(client, province_leader).post(reverse("dashboards:interpretation_delete", args=[note.pk]))
        assert "Đã có nhận định mới" not in login(client, leader_a).get(board_url("DBA1")).content.decode()
    finally:
        cache.clear()
