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
from common.numbers import number
from common.text import fold

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
    return _("n/a") if value is None else number(value, suffix)


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
            **_signature(announcement.signer_title),
            signer_name=announcement.signer_name,
        )


def _signature(typed: str) -> dict:
    """The lines above the signer's name. "T/M BAN THƯỜNG VỤ" is printed once: when the user
    typed it (or any "T/M …", "TM. …" line of their own) into "signing as", theirs is kept alone."""
    sign_for = _("ON BEHALF OF THE STANDING COMMITTEE")
    lines = [line.strip().upper() for line in (typed or "").splitlines() if line.strip()]
    first = fold(lines[0]).replace(" ", "") if lines else ""
    if first.startswith(("t/m", "tm.", "tm/")) or fold(sign_for).replace(" ", "") in first:
        return {"sign_for": lines[0], "signer_title": "\n".join(lines[1:])}
    return {"sign_for": sign_for, "signer_title": "\n".join(lines)}


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
    for line in doc.signer_title.splitlines():
        right.add_paragraph().add_run(line).bold = True
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
    for line in (doc.sign_for, *doc.signer_title.splitlines(), "", "", doc.signer_name):
        pdf.cell(half, 6, line, align="C", new_x="LEFT", new_y="NEXT")
    return bytes(pdf.output())


# ---------------------------------------------------------------------------------------------
# The minutes of a cell meeting (biên bản sinh hoạt chi bộ): A4 portrait, DOCX and PDF.


@dataclass
class Minutes:
    issuer_parent: str
    issuer: str
    place_date: str
    title: str
    subtitle: str
    # ("heading", text) | ("para", text) | ("table", headers, rows)
    blocks: list
    signatures: list[tuple[str, str]]  # (role, name): the recorder left, the chair right


def _names(rows) -> str:
    return ", ".join(rows) if rows else "—"


def build_minutes(meeting, *, attendance, agenda_tasks, tasks) -> Minutes:
    """The biên bản's content, in Vietnamese: cell, times, kind, chair and recorder, members present,
    excused and absent by name, guests, the agenda (topics and the open tasks reviewed), discussion,
    the resolution with its tasks, and the votes."""

    with translation.override("vi"):
        cell = meeting.cell
        day = meeting.held_on
        place_date = _("%(place)s, day %(d)s month %(m)s year %(y)s") % {
            "place": meeting.place or "",
            "d": f"{day:%d}",
            "m": f"{day:%m}",
            "y": f"{day:%Y}",
        }
        start = meeting.starts_at.strftime("%H:%M") if meeting.starts_at else "—"
        end = meeting.ends_at.strftime("%H:%M") if meeting.ends_at else "—"
        blocks = _minutes_people(meeting, attendance, start, end)
        blocks += _minutes_agenda(meeting, agenda_tasks)
        blocks += _minutes_proceedings(meeting)
        blocks += _minutes_resolution(meeting, tasks, end)
        return Minutes(
            issuer_parent=(cell.parent.name if cell.parent else "").upper(),
            issuer=cell.name.upper(),
            place_date=place_date,
            title=_("MINUTES"),
            subtitle=_("Meeting of the party cell: %(kind)s") % {"kind": meeting.get_kind_display().lower()},
            blocks=blocks,
            signatures=[
                (_("RECORDER"), meeting.recorder.full_name if meeting.recorder else ""),
                (_("CHAIR"), meeting.chair.full_name if meeting.chair else ""),
            ],
        )


def _minutes_people(meeting, attendance, start, end) -> list:
    """Time, place, kind, chair and recorder, the members present, excused and absent by name, guests."""
    from .models import Attendance

    day = meeting.held_on
    by_status = {status: [] for status in Attendance.Status.values}
    for a in attendance:
        name = a.member.full_name
        if a.status != Attendance.Status.PRESENT and a.reason:
            name = f"{name} ({a.reason})"
        by_status[a.status].append(name)
    blocks = [
        (
            "para",
            _("Time: from %(start)s to %(end)s on %(day)s (%(minutes)d minutes).")
            % {
                "start": start,
                "end": end,
                "day": day.strftime("%d/%m/%Y"),
                "minutes": meeting.duration_minutes,
            },
        ),
        ("para", _("Place: %(place)s") % {"place": meeting.place or "—"}),
        ("para", _("Kind of meeting: %(kind)s") % {"kind": meeting.get_kind_display()}),
        (
            "para",
            _("Chair: %(chair)s. Minutes taken by: %(recorder)s.")
            % {
                "chair": meeting.chair.full_name if meeting.chair else "—",
                "recorder": meeting.recorder.full_name if meeting.recorder else "—",
            },
        ),
        ("para", _("Members: %(n)d in all.") % {"n": len(attendance)}),
        (
            "para",
            _("Present (%(n)d): %(names)s")
            % {"n": len(by_status["present"]), "names": _names(by_status["present"])},
        ),
        (
            "para",
            _("Absent with reason (%(n)d): %(names)s")
            % {"n": len(by_status["excused"]), "names": _names(by_status["excused"])},
        ),
        (
            "para",
            _("Absent without reason (%(n)d): %(names)s")
            % {"n": len(by_status["absent"]), "names": _names(by_status["absent"])},
        ),
        (
            "para",
            _("Guests: %(names)s")
            % {
                "names": _names(
                    [f"{g.full_name}{f', {g.position}' if g.position else ''}" for g in meeting.guests.all()]
                )
            },
        ),
    ]
    return blocks


def _minutes_agenda(meeting, agenda_tasks) -> list:
    """I. The topics, then the open tasks of earlier resolutions reviewed."""
    blocks = [("heading", _("I. AGENDA"))]
    topics = list(meeting.topics.all())
    for n, topic in enumerate(topics, start=1):
        parts = [
            p
            for p in (
                topic.directive.symbol if topic.directive else "",
                str(topic.item.code) if topic.item else "",
                topic.title,
            )
            if p
        ]
        blocks.append(("para", f"{n}. {' — '.join(parts)}"))
    if agenda_tasks:
        blocks.append(("para", _("Review of the tasks of earlier resolutions:")))
        blocks.append(
            (
                "table",
                [_("No."), _("Task"), _("Owner"), _("Deadline"), _("Status")],
                [
                    [
                        str(n),
                        t.title,
                        t.owner.full_name,
                        t.deadline.strftime("%d/%m/%Y"),
                        t.get_status_display(),
                    ]
                    for n, t in enumerate(agenda_tasks, start=1)
                ],
            )
        )
    if not topics and not agenda_tasks:
        blocks.append(("para", "—"))
    return blocks


def _minutes_proceedings(meeting) -> list:
    blocks = []
    blocks.append(("heading", _("II. PROCEEDINGS")))
    for text in (meeting.minutes, meeting.discussion):
        blocks += [("para", p) for p in text.splitlines() if p.strip()]
    if not (meeting.minutes or meeting.discussion):
        blocks.append(("para", "—"))
    return blocks


def _minutes_resolution(meeting, tasks, end) -> list:
    """III. The resolution, its tasks, the votes and the closing line."""
    blocks = []
    blocks.append(("heading", _("III. RESOLUTION")))
    blocks += [("para", p) for p in meeting.resolution.splitlines() if p.strip()]
    if tasks:
        blocks.append(
            (
                "table",
                [_("No."), _("Task"), _("Owner"), _("Deadline")],
                [
                    [str(n), t.title, t.owner.full_name, t.deadline.strftime("%d/%m/%Y")]
                    for n, t in enumerate(tasks, start=1)
                ],
            )
        )
    if not meeting.resolution and not tasks:
        blocks.append(("para", "—"))
    votes = (meeting.votes_for, meeting.votes_against, meeting.votes_abstain)
    blocks.append(
        (
            "para",
            _("Votes: %(for)s for, %(against)s against, %(abstain)s abstaining.")
            % {
                "for": "—" if votes[0] is None else votes[0],
                "against": "—" if votes[1] is None else votes[1],
                "abstain": "—" if votes[2] is None else votes[2],
            }
            if any(v is not None for v in votes)
            else _("Votes: not recorded."),
        )
    )
    if meeting.ends_at:
        blocks.append(("para", _("The meeting ended at %(end)s the same day.") % {"end": end}))
    return blocks


def minutes_docx_bytes(doc: Minutes) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    d = common_documents.docx_document()  # A4 portrait
    common_documents.docx_party_header(
        d, issuer_parent=doc.issuer_parent, issuer=doc.issuer, number="", place_date=doc.place_date
    )
    for text in (doc.title, doc.subtitle):
        p = d.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(text).bold = True
    for block in doc.blocks:
        if block[0] == "heading":
            d.add_paragraph().add_run(block[1]).bold = True
        elif block[0] == "para":
            d.add_paragraph(block[1]).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        else:
            _kind, headers, rows = block
            table = d.add_table(rows=1, cols=len(headers))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, headers, strict=True):
                cell.paragraphs[0].add_run(text).bold = True
            for row in rows:
                for cell, text in zip(table.add_row().cells, row, strict=True):
                    cell.text = text
    foot = d.add_table(rows=1, cols=len(doc.signatures))
    for cell, (role, name) in zip(foot.rows[0].cells, doc.signatures, strict=True):
        cell.paragraphs[0].add_run(role).bold = True
        cell.add_paragraph()
        cell.add_paragraph()
        cell.add_paragraph().add_run(name).bold = True
        for p in cell.paragraphs:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def minutes_pdf_bytes(doc: Minutes) -> bytes:
    from fpdf.fonts import FontFace

    pdf = common_documents.pdf_document()  # A4 portrait
    common_documents.pdf_party_header(
        pdf, issuer_parent=doc.issuer_parent, issuer=doc.issuer, number="", place_date=doc.place_date
    )
    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_font("Serif", "B", 14)
    pdf.cell(0, 7, doc.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Serif", "B", 11)
    pdf.multi_cell(0, 6, doc.subtitle, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    for block in doc.blocks:
        if block[0] == "heading":
            pdf.ln(1)
            pdf.set_font("Serif", "B", 11)
            pdf.multi_cell(0, 6, block[1], new_x="LMARGIN", new_y="NEXT")
        elif block[0] == "para":
            pdf.set_font("Serif", "", 11)
            pdf.multi_cell(0, 6, block[1], align="J", new_x="LMARGIN", new_y="NEXT")
        else:
            _kind, headers, rows = block
            pdf.set_font("Serif", "", 9)
            widths = (10, width - 10 - 40 - 22 - 22, 40, 22, 22)[: len(headers)]
            if len(headers) == 4:
                widths = (10, width - 10 - 40 - 22, 40, 22)
            with pdf.table(
                col_widths=widths, headings_style=FontFace(emphasis="BOLD"), line_height=5, text_align="LEFT"
            ) as table:
                table.row(headers)
                for row in rows:
                    table.row(row)
            pdf.ln(2)
    pdf.ln(6)
    top = pdf.get_y()
    col = width / len(doc.signatures)
    for n, (role, name) in enumerate(doc.signatures):
        pdf.set_xy(pdf.l_margin + n * col, top)
        pdf.set_font("Serif", "B", 11)
        for line in (role, "", "", name):
            pdf.cell(col, 6, line, align="C", new_x="LEFT", new_y="NEXT")
    return bytes(pdf.output())
