"""Evidence files: PDF, JPEG or PNG, recognised by their first bytes (never by the name the
browser sent), and no larger than `settings.PLEDGE_EVIDENCE_MAX_BYTES`. A zip (a .docx or .xlsx
report) is first checked for what it unpacks to (`common.uploads`), so a zip bomb is refused as such
before anything could open it, whichever formats are accepted. The checks themselves are
`common.uploads.check_attachment`, shared with the photos of field contacts and petitions."""

from django.conf import settings
from django.utils.translation import gettext as _

from common.uploads import JPEG, PDF, PNG, check_attachment
from common.uploads import sniff as _sniff

# The three formats the issue allows.
SIGNATURES = (PDF, JPEG, PNG)
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


def max_bytes() -> int:
    return getattr(settings, "PLEDGE_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES)


def sniff(head: bytes) -> tuple[str, str] | None:
    return _sniff(head, SIGNATURES)


def check_evidence(upload) -> tuple[str, str]:
    """Validate one uploaded file; returns (MIME type, extension) or raises ValidationError."""
    return check_attachment(
        upload,
        signatures=SIGNATURES,
        limit=max_bytes(),
        bad_type_message=_("“%(name)s” is not a PDF, JPEG or PNG file (checked by its content, not its name)."),
    )
