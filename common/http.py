"""Downloads: every export and document leaves through here."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def attachment(body, filename: str, content_type: str, response_class=HttpResponse):
    """A response the browser saves as `filename` (Django quotes and encodes the name)."""
    response = response_class(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
