"""The announcement of results as a Party document: DOCX (python-docx) and PDF (fpdf2).

Layout of a Party document: issuing body top left with its number, "ĐẢNG CỘNG SẢN VIỆT NAM" and
place and date top right, the title, the body, the table of every cell's result, the reporting
rate, recipients bottom left and the signature block bottom right. Always in Vietnamese.
The PDF embeds DejaVu Serif (Debian's fonts-dejavu-core; path in settings.CELLS_PDF_FONT_DIR).
"""

import io
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from common import documents as common_documents

FONT_DIR = common_documents.FONT_DIR


@dataclass
class Doc:
    issuer_parent: str
    issuer: str
    number: str
    place_date: str
    title: str
    body: list[str]
    headers: list[str]
    rows: list[list[str]]
    summary: str
    recipients: list[str]
    sign_for: str
    signer_title: str
    signer_name: str


def _fmt(value, suffix=""):
    return (
        _("n/a")
        if value is None
        else f"{value:g}{suffix}"
        if isinstance(value, float)
        else f"{value}{suffix}"
    )


def build(announcement, rows, org_result) -> Doc:
    """The document's content, in Vietnamese, from the announcement and the cells' results."""
    with translation.override("vi"):
        org = announcement.org
        day = announcement.issued_on
        place_date = (
            _("%(place)s, day %(d)s month %(m)s year %(y)s")
            % {"place": announcement.place or "", "d": f"{day:%d}", "m": f"{day:%m}", "y": f"{day:%Y}"}
            if day
            else ""
        )
        table = []
        for n, row in enumerate(rows, start=1):
            notes = []
            if row.is_weak:
                notes.append(_("weak; responsible: %(names)s") % {"names": row.responsible or "—"})
            if row.override:
                notes.append(
                    _("grade decided by the committee: %(reason)s") % {"reason": row.override.reason}
                )
            table.append(
                [
                    str(n),
                    row.org.name,
                    row.org.parent.name if row.org.parent else "",
                    f"{row.meetings_held}/{row.meetings_due}",
                    f"{row.thematic_held}/{row.thematic_due}",
                    _fmt(row.attendance_pct, "%"),
                    _fmt(float(row.score)) if row.score is not None else _("n/a"),
                    str(dict(_grades()).get(row.final_grade, "")),
                    "; ".join(notes),
                ]
            )
        summary = ""
        if org_result is not None:
            summary = _(
                "%(cells)d cells; regular meetings held %(held)d of %(due)d; attendance %(att)s; "
                "cells that recorded every meeting on time: %(ontime)d of %(cells)d (%(rate)s)."
            ) % {
                "cells": org_result.cell_count,
                "held": org_result.meetings_held,
                "due": org_result.meetings_due,
                "att": _fmt(org_result.attendance_pct, "%"),
                "ontime": org_result.cells_reported_on_time,
                "rate": _fmt(org_result.reporting_pct, "%"),
            }
        return Doc(
            issuer_parent=(org.parent.name if org.parent else "").upper(),
            issuer=org.name.upper(),
            number=_("No. %(number)s") % {"number": announcement.number} if announcement.number else "",
            place_date=place_date,
            title=announcement.title,
            body=[p for p in announcement.body.splitlines() if p.strip()],
            headers=[
                _("No."),
                _("Party cell"),
                _("Under"),
                _("Meetings"),
                _("Thematic"),
                _("Attendance"),
                _("Score"),
                _("Grade"),
                _("Notes"),
            ],
            rows=table,
            summary=summary,
            recipients=[r for r in announcement.recipients.splitlines() if r.strip()],
            sign_for=_("ON BEHALF OF THE STANDING COMMITTEE"),
            signer_title=announcement.signer_title.upper(),
            signer_name=announcement.signer_name,
        )


def _grades():
    from .models import Grade

    return Grade.choices


def docx_bytes(doc: Doc) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    d = common_documents.docx_document(landscape=True)
    common_documents.docx_party_header(
        d, issuer_parent=doc.issuer_parent, issuer=doc.issuer, number=doc.number, place_date=doc.place_date
    )

    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run(_title_word()).bold = True
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run(doc.title).bold = True
    for para in doc.body:
        d.add_paragraph(para).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    table = d.add_table(rows=1, cols=len(doc.headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, doc.headers, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for row in doc.rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    if doc.summary:
        d.add_paragraph(doc.summary)

    foot = d.add_table(rows=1, cols=2)
    left, right = foot.rows[0].cells
    run = left.paragraphs[0].add_run(_recipients_word())
    run.bold, run.italic = True, True
    for r in doc.recipients:
        left.add_paragraph(f"- {r}")
    right.paragraphs[0].add_run(doc.sign_for).bold = True
    right.add_paragraph().add_run(doc.signer_title).bold = True
    right.add_paragraph()
    right.add_paragraph()
    right.add_paragraph().add_run(doc.signer_name).bold = True
    for p in right.paragraphs:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _title_word():
    with translation.override("vi"):
        return _("ANNOUNCEMENT")


def _recipients_word():
    with translation.override("vi"):
        return _("Recipients:")


def pdf_bytes(doc: Doc) -> bytes:
    from fpdf.fonts import FontFace

    pdf = common_documents.pdf_document(orientation="L")
    half = common_documents.pdf_party_header(
        pdf, issuer_parent=doc.issuer_parent, issuer=doc.issuer, number=doc.number, place_date=doc.place_date
    )
    pdf.set_font("Serif", "B", 14)
    pdf.cell(0, 8, _title_word(), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Serif", "B", 12)
    pdf.multi_cell(0, 6, doc.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Serif", "", 11)
    for para in doc.body:
        pdf.multi_cell(0, 6, para, align="J", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    pdf.ln(2)
    pdf.set_font("Serif", "", 9)
    widths = (10, 55, 45, 20, 18, 20, 15, 40, 39)
    with pdf.table(
        col_widths=widths, headings_style=FontFace(emphasis="BOLD"), line_height=5, text_align="LEFT"
    ) as table:
        table.row(doc.headers)
        for row in doc.rows:
            table.row(row)
    pdf.ln(3)
    pdf.set_font("Serif", "", 11)
    if doc.summary:
        pdf.multi_cell(0, 6, doc.summary, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    top = pdf.get_y()
    pdf.set_font("Serif", "B", 11)
    pdf.cell(half, 6, _recipients_word(), new_x="LEFT", new_y="NEXT")
    pdf.set_font("Serif", "", 10)
    for r in doc.recipients:
        pdf.multi_cell(half, 5, f"- {r}", new_x="LEFT", new_y="NEXT")
    pdf.set_xy(pdf.l_margin + half, top)
    pdf.set_font("Serif", "B", 11)
    for line in (doc.sign_for, doc.signer_title, "", "", doc.signer_name):
        pdf.cell(half, 6, line, align="C", new_x="LEFT", new_y="NEXT")
    return bytes(pdf.output())
