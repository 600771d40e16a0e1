"""Uploads that are zip files (.xlsx, .docx): refused by what they unpack to, before anything parses them.

A 1.5 MB workbook can inflate to 500 MB ("zip bomb"). `zip_refusal(data)` reads only the zip's central
directory (a few bytes per part) and returns a message when its parts together would unpack to more than `settings.UPLOAD_MAX_UNCOMPRESSED_BYTES`. The declared sizes are enough: Python's
zipfile never returns more than a part's declared size (a part that inflates beyond it fails its CRC
check), so nothing that passes this check can grow larger while it is read.
"""

import io
import zipfile

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

ZIP_MAGIC = b"PK\x03\x04"
DEFAULT_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024


def max_uncompressed_bytes() -> int:
    return getattr(settings, "UPLOAD_MAX_UNCOMPRESSED_BYTES", DEFAULT_MAX_UNCOMPRESSED_BYTES)


def zip_refusal(data: bytes) -> str | None:
    """The message refusing a zip whose parts unpack to more than the limit; None if it is within it.
    Raises zipfile.BadZipFile for a damaged zip (the caller says so in its own words)."""
    limit = max_uncompressed_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        total = sum(info.file_size for info in archive.infolist())
    if total <= limit:
        return None
    return _(
        "This file unpacks to %(size)s, more than the %(limit)s allowed (a compressed file that inflates "
        "this much is refused, so that it cannot exhaust the server). Nothing was saved. Split the data "
        "into smaller files, or open it in Excel or Word, save it again and upload it again."
    ) % {"size": filesizeformat(total), "limit": filesizeformat(limit)}


# --- files people attach (evidence, photos): recognised by content, bounded in size --------------

# (leading bytes, MIME type, extension we store under).
PDF = (b"%PDF-", "application/pdf", ".pdf")
JPEG = (b"\xff\xd8\xff", "image/jpeg", ".jpg")
PNG = (b"\x89PNG\r\n\x1a\n", "image/png", ".png")


def sniff(head: bytes, signatures) -> tuple[str, str] | None:
    for magic, mime, ext in signatures:
        if head.startswith(magic):
            return mime, ext
    return None


def check_attachment(upload, *, signatures, limit: int, bad_type_message: str) -> tuple[str, str]:
    """Validate one uploaded file: at most `limit` bytes, a zip refused by what it unpacks to (so a
    zip bomb is named as such whichever formats are accepted), then one of `signatures` by its first
    bytes, never by the name the browser sent. Returns (MIME type, extension) or raises
    ValidationError (codes too_large, zip_bomb, bad_type). `bad_type_message` has a %(name)s."""
    from django.core.exceptions import ValidationError

    if upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s; files may be at most %(limit)s.")
            % {"name": upload.name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(ZIP_MAGIC):
        try:
            refusal = zip_refusal(upload.read())
        except zipfile.BadZipFile:
            refusal = None  # not a readable zip: refused below as not one of the formats
        finally:
            upload.seek(0)
        if refusal:
            raise ValidationError(f"“{upload.name}”: {refusal}", code="zip_bomb")
    kind = sniff(head, signatures)
    if kind is None:
        raise ValidationError(bad_type_message % {"name": upload.name}, code="bad_type")
    return kind


def store_checked(model, upload, checked: tuple[str, str], *, stem: str, uploaded_by, **owner):
    """Save one checked upload as a row of `model` (evidence, a meeting document, a photo): a name of
    our own (a random token and the extension found by content), the uploaded name kept only as a
    label (NFC, 255 characters), its type and size, who uploaded it, and its owner fields."""
    import secrets

    from common.text import nfc

    mime, ext = checked
    row = model(
        token=secrets.token_hex(16),
        extension=ext,
        original_name=nfc(upload.name)[:255],
        content_type=mime,
        size=upload.size,
        uploaded_by=uploaded_by,
        **owner,
    )
    row.file.save(stem, upload, save=False)
    row.save()
    return row
