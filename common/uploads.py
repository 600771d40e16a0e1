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
