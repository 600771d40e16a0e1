"""HD 43's review forms (01 collective; 2A/2B/2C individual), filled from the record, as Word and PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect

from common.http import DOCX, PDF, attachment

from .. import documents as pledge_documents
from .. import selectors


def _review_document(request, pk):
    review = selectors.review_for(request.user, pk)
    code = request.GET.get("mau") or None
    try:
        return review, pledge_documents.build(review, code if code in pledge_documents.HD43 else code and "?")
    except pledge_documents.FormNotAvailable as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return review, None


def _file_name(review, doc, extension) -> str:
    return f"kiem-diem-{review.year}-mau-{doc.code}-{review.pk}.{extension}"


@login_required
def review_docx(request, pk):
    """HD 43's form for the review (01 collective; 2A/2B/2C individual, `?mau=`), filled from the record."""
    review, doc = _review_document(request, pk)
    if doc is None:
        return redirect("pledges:review", pk=review.pk)
    return attachment(pledge_documents.docx_bytes(doc), _file_name(review, doc, "docx"), DOCX)


@login_required
def review_pdf(request, pk):
    review, doc = _review_document(request, pk)
    if doc is None:
        return redirect("pledges:review", pk=review.pk)
    return attachment(pledge_documents.pdf_bytes(doc), _file_name(review, doc, "pdf"), PDF)
