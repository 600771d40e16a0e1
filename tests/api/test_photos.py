"""Photos on field contacts and petitions (issue 17, item 7): the checks of evidence files (size,
content sniffing, zip bombs), on the pages and through the API, and served only within scope."""

import datetime
import io
import uuid
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from assignments.models import FieldContact, FieldPhoto, Petition
from tests.assignments.factories import category

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 200
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200


def photo(name="anh.jpg", data=JPEG):
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def _contact_post(client, **extra):
    data = {
        "unit": "A1-1-1",
        "contacted_on": timezone.localdate().isoformat(),
        "kind": "visit",
        "disseminated": "Quán triệt Chỉ thị 05 tại tổ.",
        **extra,
    }
    return client.post(reverse("assignments:contact_create"), data)


def test_a_contact_with_photos_from_the_page(client, tree, cadre_a1, group_assignment):
    client.force_login(cadre_a1)
    response = _contact_post(client, photos=[photo(), photo("b.png", PNG)])
    assert response.status_code == 302
    contact = FieldContact.objects.get()
    assert sorted(contact.photos.values_list("content_type", flat=True)) == ["image/jpeg", "image/png"]
    page = client.get(reverse("assignments:contact_detail", args=[contact.pk]))
    shown = client.get(reverse("assignments:photo", args=[contact.photos.first().pk]))
    assert shown.status_code == 200 and shown["X-Content-Type-Options"] == "nosniff"
    assert reverse("assignments:photo", args=[contact.photos.first().pk]) in page.content.decode()


def test_a_file_that_is_not_a_photo_is_refused_by_content_and_the_text_stays(client, tree, cadre_a1, group_assignment):
    client.force_login(cadre_a1)
    response = _contact_post(client, photos=[photo("anh.jpg", b"%PDF-1.4 not a photo")])
    assert response.status_code == 200
    body = response.content.decode()
    assert "không phải ảnh JPEG hoặc PNG" in body
    assert "Quán triệt Chỉ thị 05 tại tổ." in body
    assert FieldContact.objects.count() == 0 and FieldPhoto.objects.count() == 0


def test_a_photo_over_the_limit_is_refused(settings, client, tree, cadre_a1, group_assignment):
    settings.FIELD_PHOTO_MAX_BYTES = 100
    client.force_login(cadre_a1)
    response = _contact_post(client, photos=[photo()])
    assert "tối đa" in response.content.decode()
    assert FieldContact.objects.count() == 0


def test_a_zip_bomb_is_named_as_such(settings, client, tree, cadre_a1, group_assignment):
    settings.UPLOAD_MAX_UNCOMPRESSED_BYTES = 1000
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.xml", b"0" * 100_000)
    client.force_login(cadre_a1)
    response = _contact_post(client, photos=[photo("anh.jpg", buffer.getvalue())])
    assert "giải nén" in response.content.decode()
    assert FieldContact.objects.count() == 0


def test_another_districts_user_cannot_see_the_photo(client, tree, cadre_a1, cadre_b1, group_assignment):
    client.force_login(cadre_a1)
    _contact_post(client, photos=[photo()])
    ph = FieldPhoto.objects.get()
    client.force_login(cadre_b1)
    assert client.get(reverse("assignments:photo", args=[ph.pk])).status_code == 403
    assert client.get(reverse("assignments:photo", args=[ph.pk + 100])).status_code == 404


def test_photos_added_later_on_the_petition_page(client, tree, leader_a):
    client.force_login(leader_a)
    client.post(
        reverse("assignments:petition_create"),
        {"unit": "A1", "raised_on": timezone.localdate().isoformat(), "category": category().pk, "content": "Xin sửa cống."},
    )
    petition = Petition.objects.get()
    response = client.post(reverse("assignments:petition_photo_add", args=[petition.pk]), {"photos": [photo()]})
    assert response.status_code == 302
    assert petition.photos.count() == 1


def test_photos_through_the_api(api_as, tree, cadre_a1, cadre_b1, group_assignment):
    api = api_as(cadre_a1)
    stored = api.post(
        "/contacts",
        {
            "client_id": str(uuid.uuid4()),
            "unit": "A1-1-1",
            "contacted_on": timezone.localdate().isoformat(),
            "disseminated": "Phổ biến.",
        },
    ).json()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api.key}"}
    ok = api.client.post(f"/api/v1/contacts/{stored['id']}/photos", {"files": [photo()]}, **headers)
    assert ok.status_code == 201, ok.content
    assert ok.json()[0]["content_type"] == "image/jpeg"
    bad = api.client.post(f"/api/v1/contacts/{stored['id']}/photos", {"files": [photo("x.jpg", b"GIF89a")]}, **headers)
    assert bad.status_code == 422 and bad.json()["code"] == "invalid"
    assert "JPEG" in bad.json()["detail"]
    other = api_as(cadre_b1)
    denied = other.client.post(
        f"/api/v1/contacts/{stored['id']}/photos", {"files": [photo()]}, HTTP_AUTHORIZATION=f"Bearer {other.key}"
    )
    assert denied.status_code == 403
    assert FieldPhoto.objects.count() == 1


# --- the forms' client id (the offline client sends through them too) ------------------------------


def test_the_contact_form_sent_twice_with_one_client_id_stores_once(client, tree, cadre_a1, group_assignment):
    client.force_login(cadre_a1)
    cid = str(uuid.uuid4())
    first = _contact_post(client, client_id=cid, photos=[photo()])
    again = _contact_post(client, client_id=cid, photos=[photo()])
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    assert FieldContact.objects.count() == 1 and FieldPhoto.objects.count() == 1


def test_the_contact_form_for_a_unit_closed_meanwhile_says_so_and_keeps_the_text(
    client, tree, cadre_a1, group_assignment
):
    group = tree["A1-1-1"]
    group.valid_to = timezone.localdate() - datetime.timedelta(days=2)
    group.save()
    client.force_login(cadre_a1)
    response = _contact_post(client, client_id=str(uuid.uuid4()))
    body = response.content.decode()
    assert response.status_code == 200
    assert "đã kết thúc hoạt động" in body and "Quán triệt Chỉ thị 05 tại tổ." in body
    assert FieldContact.objects.count() == 0
