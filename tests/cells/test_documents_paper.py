"""The announcement on paper (issue 19): A4 pages, decimal commas, the period written out in words,
and "T/M BAN THƯỜNG VỤ" printed once even when the user typed it."""

import io

import pytest
from django.urls import reverse
from docx import Document
from docx.shared import Mm

from cells import documents, periods
from cells.models import Announcement, OrgResult
from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _docx(client, user, **fields):
    client.login(username=user.username, password=PASSWORD)
    data = {
        "number": "15-TB/HU",
        "place": "An Định",
        "issued_on": "05/07/2026",
        "title": "Thông báo kết quả",
        "body": "Căn cứ kết quả sinh hoạt chi bộ.",
        "recipients": "Lưu VP",
        "signer_title": "Phó Bí thư",
        "signer_name": "Nguyễn Văn Ký",
    }
    data.update(fields)
    client.post(reverse("cells:announcement", args=["2026-H1", "DBA"]), data)
    response = client.get(reverse("cells:announcement_docx", args=["2026-H1", "DBA"]))
    assert response.status_code == 200
    return Document(io.BytesIO(response.content))


def _all_text(doc) -> str:
    return "\n".join(
        [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for row in t.rows for c in row.cells]
    )


def test_every_section_of_the_announcement_docx_is_a4(client, leader_a, computed):
    doc = _docx(client, leader_a)
    for section in doc.sections:
        # A4 landscape (297 × 210 mm), not python-docx's default US Letter (279.4 × 215.9 mm).
        assert {round(section.page_width.mm), round(section.page_height.mm)} == {297, 210}
        assert abs(section.page_width - Mm(297)) < Mm(1)


def test_decimals_print_with_a_comma_in_the_docx_and_the_pdf_content(client, leader_a, computed):
    OrgResult.objects.filter(org__code="CBA1-1").update(attendance_expected=1000, attendance_present=916)
    text = _all_text(_docx(client, leader_a))
    assert "91,6%" in text and "91.6" not in text


def test_the_default_title_writes_the_period_in_words(leader_a, computed, orgs):
    from cells import services

    title = services.default_title(orgs["A"], periods.ensure("2026-H1"))
    assert title.endswith("6 tháng đầu năm 2026") and "2026-H1" not in title and "kỳ" not in title
    assert periods.name("2025-H2") == "6 tháng cuối năm 2025"


def test_the_period_selector_and_titles_name_the_period_in_words(client, leader_a, computed):
    client.login(username=leader_a.username, password=PASSWORD)
    page = client.get(reverse("cells:results", args=["2026-H1"]) + "?to-chuc=DBA").content.decode()
    assert "6 tháng đầu năm 2026" in page and "kỳ 2026-H1" not in page


def test_on_behalf_of_the_standing_committee_is_printed_once_when_typed(client, leader_a, computed):
    text = _all_text(_docx(client, leader_a, signer_title="T/M Ban Thường vụ\nPhó Bí thư"))
    assert text.count("T/M BAN THƯỜNG VỤ") == 1 and "PHÓ BÍ THƯ" in text


def test_on_behalf_of_the_standing_committee_is_added_when_not_typed(client, leader_a, computed):
    text = _all_text(_docx(client, leader_a, signer_title="Phó Bí thư"))
    assert text.count("T/M BAN THƯỜNG VỤ") == 1 and "PHÓ BÍ THƯ" in text


def test_the_pdf_signature_prints_the_typed_line_once(computed):
    doc = documents.build(Announcement.objects.first() or _announcement(computed), [], None)
    assert doc.sign_for == "T/M BAN THƯỜNG VỤ"
    assert documents._signature("TM. Ban Thường vụ\nBí thư") == {
        "sign_for": "TM. BAN THƯỜNG VỤ",
        "signer_title": "BÍ THƯ",
    }


def _announcement(computed):
    from units.models import PartyOrg

    return Announcement.objects.create(
        org=PartyOrg.objects.get(code="DBA"), period=periods.ensure("2026-H1"), title="x", signer_title=""
    )
