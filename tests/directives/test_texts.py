"""Directive texts as the office meets them: every use of an item says whether its text is a
paraphrase (and how far it was verified) or the official wording; the office replaces a text on a
page or from a sheet, after a preview, with its history kept; a sheet with one bad row is refused
whole; the pledge form offers the topics 01-KL/TW gives for the pledge's year."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from assignments.models import CadreKind
from directives.models import DirectiveItem, Verification
from pledges.models import PledgeVersion
from tests.assignments.factories import AssignmentFactory
from tests.pledges.factories import PledgeFactory

pytestmark = pytest.mark.django_db


def item(symbol, code):
    return DirectiveItem.objects.select_related("directive").get(directive__symbol=symbol, code=code)


def statuses(html):
    return html.count('data-testid="item-status"')


# --- the status wherever an item is used ---------------------------------------------------------


def test_a_pledge_page_says_its_linked_items_are_paraphrases(client, cadre_a1):
    pledge = PledgeFactory(org=cadre_a1.cadre.party_org, cadre=cadre_a1.cadre)
    action = pledge.current_version.items.get()
    action.directive_items.set([item("04-NQ/TW", "DDLS-5"), item("04-NQ/TW", "TTCT-1")])
    client.force_login(cadre_a1)
    html = client.get(reverse("pledges:detail", args=[pledge.pk])).content.decode()
    assert "“thờ ơ, vô cảm”" in html
    assert "Diễn giải, kiểm tra một phần" in html  # DDLS-5: partial
    assert "Diễn giải, có nguồn" in html  # TTCT-1: found, still a paraphrase
    assert statuses(html) == 2


def test_a_field_contact_page_shows_the_status_of_the_items_disseminated(client, tree, cadre_a1):
    AssignmentFactory(
        cadre=cadre_a1.cadre,
        unit=tree["A1-1-1"],
        cadre_kind=CadreKind.COMMUNE,
        starts_on=datetime.date(2026, 1, 1),
    )
    client.force_login(cadre_a1)
    topic = item("01-KL/TW", "CD-2025")
    response = client.post(
        reverse("assignments:contact_create"),
        {
            "unit": "A1-1-1",
            "contacted_on": timezone.localdate().strftime("%d/%m/%Y"),
            "kind": "visit",
            "items": [topic.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    html = client.get(response.url).content.decode()
    assert "01-KL/TW CD-2025" in html
    assert 'data-status="uncertain"' in html and "Diễn giải, chưa kiểm chứng" in html


def test_a_confirmed_item_reads_as_the_official_text_where_it_is_used(client, cadre_a1, office):
    manifestation = item("04-NQ/TW", "DDLS-3")
    pledge = PledgeFactory(org=cadre_a1.cadre.party_org, cadre=cadre_a1.cadre)
    pledge.current_version.items.get().directive_items.set([manifestation])
    client.force_login(office)
    client.post(
        reverse("directives:item_text", args=["nqtw4-xii", manifestation.pk]),
        {"text": "Kê khai tài sản, thu nhập không trung thực.", "confirm": "1"},
    )
    client.force_login(cadre_a1)
    html = client.get(reverse("pledges:detail", args=[pledge.pk])).content.decode()
    assert 'data-status="confirmed"' in html and "Nguyên văn đã xác nhận" in html


# --- replacing a text on its page ----------------------------------------------------------------


def test_the_office_previews_then_confirms_an_official_text_and_the_old_one_stays_in_history(client, office):
    target = item("04-NQ/TW", "TTCT-7")
    old = target.text
    url = reverse("directives:item_text", args=["nqtw4-xii", target.pk])
    client.force_login(office)
    official = "Bảo thủ, trì trệ, áp đặt ý kiến cá nhân cho người khác."  # as the office reads it
    preview = client.post(url, {"text": official, "preview": "1"})
    html = preview.content.decode()
    assert 'data-testid="preview"' in html and official in html
    target.refresh_from_db()
    assert target.text == old and target.verification == Verification.PARTIAL  # nothing saved yet

    response = client.post(url, {"text": official, "confirm": "1"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.text == official and target.verification == Verification.CONFIRMED
    assert target.confirmed_by == office and target.confirmed_at is not None
    texts = list(target.history.order_by("history_date").values_list("text", flat=True))
    assert texts[-2:] == [old, official]

    history = client.get(reverse("directives:item_history", args=["nqtw4-xii", target.pk])).content.decode()
    assert official in history and old in history


def test_an_empty_official_text_is_refused_and_the_form_keeps_the_page(client, office):
    target = item("04-NQ/TW", "TTCT-7")
    client.force_login(office)
    response = client.post(
        reverse("directives:item_text", args=["nqtw4-xii", target.pk]), {"text": "   ", "confirm": "1"}
    )
    assert response.status_code == 200
    assert "Hãy gõ hoặc dán nguyên văn." in response.content.decode()
    target.refresh_from_db()
    assert target.verification == Verification.PARTIAL


def test_only_the_office_replaces_texts(client, cadre_a1):
    target = item("04-NQ/TW", "TTCT-7")
    client.force_login(cadre_a1)
    url = reverse("directives:item_text", args=["nqtw4-xii", target.pk])
    assert client.post(url, {"text": "x", "confirm": "1"}).status_code == 403
    assert client.get(reverse("directives:text_sheet")).status_code == 403
    target.refresh_from_db()
    assert target.verification == Verification.PARTIAL


# --- the sheet -------------------------------------------------------------------------------


def sheet(rows, headers=("Văn bản", "Mã mục", "Nguyên văn")):
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("nguyen-van.xlsx", buffer.getvalue())


def test_a_sheet_is_previewed_then_confirmed_and_every_text_is_marked_official(client, office):
    client.force_login(office)
    rows = [
        ("04-NQ/TW", "DDLS-1", "Chủ nghĩa cá nhân, sống ích kỷ, thực dụng, cơ hội, vụ lợi."),
        ("01-KL/TW", "CD-2023", "Chuyên đề năm 2023 (nguyên văn do Văn phòng nhập)."),
    ]
    preview = client.post(reverse("directives:text_sheet"), {"sheet": sheet(rows)})
    html = preview.content.decode()
    assert 'data-testid="sheet-preview"' in html and rows[1][2] in html
    assert item("01-KL/TW", "CD-2023").verification == Verification.UNCERTAIN  # not yet
    payload = preview.context["payload"]

    response = client.post(reverse("directives:text_sheet"), {"payload": payload})
    assert response.status_code == 302
    for symbol, code, text in rows:
        saved = item(symbol, code)
        assert (saved.text, saved.verification, saved.confirmed_by) == (text, Verification.CONFIRMED, office)
        assert saved.history.count() >= 2


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        (("04-NQ/TW", "DDLS-99", "Một văn bản"), "Dòng 3: Không có mục DDLS-99 trong văn bản 04-NQ/TW."),
        (("04-NQ/TW", "DDLS-2", ""), "Dòng 3: Nguyên văn của mục DDLS-2 đang trống."),
        (("99-NQ/TW", "DDLS-2", "Một văn bản"), "Dòng 3: Không có mục DDLS-2 trong văn bản 99-NQ/TW."),
    ],
)
def test_a_sheet_with_one_bad_row_is_refused_whole_with_its_row_and_reason(client, office, bad_row, message):
    client.force_login(office)
    good = ("04-NQ/TW", "DDLS-1", "Chủ nghĩa cá nhân, sống ích kỷ.")
    before = list(DirectiveItem.objects.order_by("pk").values_list("text", "verification"))
    response = client.post(reverse("directives:text_sheet"), {"sheet": sheet([good, bad_row])})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bảng bị từ chối: không có gì được lưu." in html
    assert message in html
    assert 'data-testid="sheet-preview"' not in html and not response.context["payload"]
    assert list(DirectiveItem.objects.order_by("pk").values_list("text", "verification")) == before


def test_a_tampered_preview_writes_nothing(client, office):
    client.force_login(office)
    before = list(DirectiveItem.objects.order_by("pk").values_list("text", flat=True))
    response = client.post(reverse("directives:text_sheet"), {"payload": "abc:def"}, follow=True)
    assert "Bản xem trước đã hết hạn hoặc bị sửa" in response.content.decode()
    assert list(DirectiveItem.objects.order_by("pk").values_list("text", flat=True)) == before


def test_the_template_sheet_lists_the_items_with_their_current_texts(client, office):
    client.force_login(office)
    response = client.get(reverse("directives:text_sheet_template"))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:2] == ("Văn bản", "Mã mục") and rows[0][-1] == "Nguyên văn"
    assert any(r[0] == "04-NQ/TW" and r[1] == "DDLS-5" and r[2] == "thờ ơ, vô cảm" for r in rows)


# --- the pledge form's yearly topic ------------------------------------------------------------


def test_the_pledge_form_offers_the_topics_of_the_pledges_year(client, cadre_a1):
    client.force_login(cadre_a1)
    p2022 = PledgeFactory(org=cadre_a1.cadre.party_org, cadre=cadre_a1.cadre, year=2022)
    p2026 = PledgeFactory(org=cadre_a1.cadre.party_org, cadre=cadre_a1.cadre, year=2026, short_code="x2026")
    form = client.get(reverse("pledges:edit", args=[p2022.pk])).context["form"]
    codes = [form.topics[pk].code for pk, _label in form.fields["topic"].choices if pk]
    assert codes == ["CD-2022", "CD-TK"]
    html = client.get(reverse("pledges:edit", args=[p2022.pk])).content.decode()
    assert "thật sự tiên phong, gương mẫu" in html
    # 2026: 01-KL/TW gives no topic for it (a later conclusion will): no list, the free text stays.
    form = client.get(reverse("pledges:edit", args=[p2026.pk])).context["form"]
    assert not form.topics and not form.fields["topic"].required


def test_a_pledge_of_a_year_with_topics_needs_one_and_keeps_what_was_typed(client, cadre_a1):
    from tests.pledges.test_pledge_flow import items_post

    client.force_login(cadre_a1)
    pledge = PledgeFactory(org=cadre_a1.cadre.party_org, cadre=cadre_a1.cadre, year=2022)
    url = reverse("pledges:edit", args=[pledge.pk])
    response = client.post(url, items_post(**{"items-0-deadline": "31/12/2022"}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hãy chọn chuyên đề năm 2022." in html and "Mỗi tháng đối thoại với 1 tổ tự quản" in html
    other_year = item("01-KL/TW", "CD-2025")
    response = client.post(url, items_post(topic=str(other_year.pk), **{"items-0-deadline": "31/12/2022"}))
    assert (
        response.status_code == 200 and "Hãy chọn một chuyên đề của năm cam kết." in response.content.decode()
    )

    topic = item("01-KL/TW", "CD-2022")
    response = client.post(url, items_post(topic=str(topic.pk), **{"items-0-deadline": "31/12/2022"}))
    assert response.status_code == 302
    version = PledgeVersion.objects.get(pk=pledge.current_version_id)
    assert version.topic == topic
    page = client.get(reverse("pledges:detail", args=[pledge.pk])).content.decode()
    assert 'data-testid="pledge-topic"' in page and "01-KL/TW CD-2022" in page
