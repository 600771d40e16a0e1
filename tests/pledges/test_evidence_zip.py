"""A zip uploaded as evidence (a .docx or .xlsx report) is checked for what it unpacks to before anything
opens it: a zip bomb is refused as such, in Vietnamese, and nothing is saved."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pledges.models import Evidence, SelfAssessment
from tests.pledges.factories import CommitmentFactory
from tests.pledges.test_evaluation import assess

from .conftest import login

pytestmark = pytest.mark.django_db


def docx_bomb(unpacked: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b" " * unpacked)
    return out.getvalue()


def test_a_zip_bomb_sent_as_evidence_is_refused_as_such_and_nothing_is_saved(
    client, media, settings, cadre_a1
):
    settings.UPLOAD_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    data = docx_bomb(3 * 1024 * 1024)
    assert len(data) < 20_000
    c = CommitmentFactory(org=cadre_a1.cadre.party_org, cadre=cadre_a1.cadre, year=2026)

    response = assess(login(client, cadre_a1), c, SimpleUploadedFile("bao-cao.docx", data))

    html = response.content.decode()
    assert response.status_code == 400
    assert "bao-cao.docx" in html and "khi giải nén chiếm 3,0\xa0MB, vượt giới hạn 1,0\xa0MB" in html
    assert "Đã tổ chức 6 buổi đối thoại" in html  # what was typed is kept
    assert not Evidence.objects.exists() and not SelfAssessment.objects.exists()
    assert not [f for f in media.rglob("*") if f.is_file()]  # no file written


def test_a_small_zip_is_still_refused_by_its_type(client, media, settings, cadre_a1):
    settings.UPLOAD_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    c = CommitmentFactory(org=cadre_a1.cadre.party_org, cadre=cadre_a1.cadre, year=2026)

    response = assess(login(client, cadre_a1), c, SimpleUploadedFile("bao-cao.docx", docx_bomb(1000)))

    html = response.content.decode()
    assert response.status_code == 400 and "PDF, JPEG" in html and "giải nén" not in html
    assert not Evidence.objects.exists()
