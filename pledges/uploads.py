"""Evidence files: PDF, JPEG or PNG, recognised by their first bytes (never by the name the
browser sent), and no larger than `settings.PLEDGE_EVIDENCE_MAX_BYTES`. A zip (a .docx or .xlsx
report) is first checked for what it unpacks to (`common.uploads`), so a zip bomb is refused as such
before anything could open it, whichever formats are accepted."""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from common.uploads import ZIP_MAGIC, zip_refusal

# (leading bytes, MIME type, extension we store under). The three formats the issue allows.
SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
)
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


def max_bytes() -> int:
    return getattr(settings, "PLEDGE_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES)


def sniff(head: bytes) -> tuple[str, str] | None:
    for magic, mime, ext in SIGNATURES:
        if head.startswith(magic):
            return mime, ext
    return None


def check_evidence(upload) -> tuple[str, str]:
    """Validate one uploaded file; returns (MIME type, extension) or raises ValidationError."""
    limit = max_bytes()
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
    kind = sniff(head)
    if kind is None:
        raise ValidationError(
            _("“%(name)s” is not a PDF, JPEG or PNG file (checked by its content, not its name).")
            % {"name": upload.name},
            code="bad_type",
        )
    return kind
