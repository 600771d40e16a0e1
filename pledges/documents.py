"""The review forms of HD 43-HD/BTCTW (2025) filled from the record, as DOCX and PDF on A4.

Form 01: the collective's review report; 2A: a cadre holding a leading post; 2B: an individual
without one; 2C: a member not working in the political system. The sections follow HD 43's order
(strengths and results; shortcomings and causes; remedying earlier shortcomings; explanations of
the issues raised; responsibility; measures; self-grade) and, under QĐ 366, the scoring sheet's
points as graded. The wording is fixed Vietnamese (a statutory document, not interface text).
Which forms a year has is the rule version's data (`grading.RuleVersion.forms`); only HD 43's are
generated.
"""

import io
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from common import documents as common_documents
from grading import engine as grading_engine

from .models import Evaluation, Grade, Period

HD43 = {
    "01": "BÁO CÁO KIỂM ĐIỂM TẬP THỂ",
    "2A": "BẢN KIỂM ĐIỂM CÁ NHÂN",
    "2B": "BẢN KIỂM ĐIỂM CÁ NHÂN",
    "2C": "BẢN KIỂM ĐIỂM ĐẢNG VIÊN",
}
SUBTITLE = {
    "01": "(Dùng cho tập thể lãnh đạo, quản lý và tổ chức đảng)",
    "2A": "(Dùng cho cá nhân là cán bộ lãnh đạo, quản lý)",
    "2B": "(Dùng cho cá nhân không giữ chức vụ lãnh đạo, quản lý)",
    "2C": "(Dùng cho đảng viên không làm việc trong hệ thống chính trị)",
}


class FormNotAvailable(Exception):
    pass


@dataclass
class ReviewDoc:
    code: str
    version_label: str
    forms_source: str
    issuer_parent: str
    issuer: str
    place_date: str
    title: str
    subtitle: str
    identity: list = field(default_factory=list)  # (label, value)
    sections: list = field(default_factory=list)  # (heading, [paragraphs])
    score_rows: list = field(default_factory=list)  # [criterion, max, points]
    signer: str = ""
    signer_name: str = ""


def default_form(review) -> str:
    if review.is_collective:
        return "01"
    from .rules import led_orgs

    return "2A" if led_orgs(review.cadre_id).exists() else "2B"


def build(review, code: str | None = None) -> ReviewDoc:
    """The form's content from the review, its shortcomings and remedies, and the year-end evaluation
    in force of the owner's commitment. Refused (FormNotAvailable) when the version in force at the
    year's end has no such form or it is not one of HD 43's."""
    version = grading_engine.version_for(date(review.year, 12, 31))
    code = _form_code(review, version, code)
    issuer_parent, issuer = _issuers(review)
    today = timezone.localdate()
    doc = ReviewDoc(
        code=code,
        version_label=version.label,
        forms_source=version.forms_source,
        issuer_parent=issuer_parent,
        issuer=issuer,
        place_date=f"ngày {today:%d} tháng {today:%m} năm {today:%Y}",
        title=f"{HD43[code]} NĂM {review.year}",
        subtitle=f"Mẫu {code} — {SUBTITLE[code]} ({version.forms_source}; {version.label})",
    )
    doc.identity = _identity(review)
    commitment_lines, evaluation = _commitment(review)
    doc.sections = _sections(review, commitment_lines, evaluation)
    doc.score_rows = _score_rows(evaluation)
    doc.signer, doc.signer_name = _signer(review)
    return doc


def _form_code(review, version, code: str | None) -> str:
    """The form asked for (or the review's own), if the version in force has it and it is HD 43's."""
    codes = [c for c, _t in version.forms]
    code = code or default_form(review)
    if code not in codes or code not in HD43:
        raise FormNotAvailable(
            f"{version.label}: mẫu “{code}” không có hoặc chưa được tạo tự động (mẫu của {version.forms_source}: "
            f"{', '.join(codes)})."
        )
    return code


def _issuers(review) -> tuple[str, str]:
    """(the committee above, the issuing body) in the header: a collective's report is issued by its
    organisation under its parent; an individual's under the organisation above their own."""
    org = review.org
    parent = org.parent.name if org.parent_id else ""
    if review.is_collective:
        return parent.upper(), org.name.upper()
    return "", (parent or org.name).upper()


def _identity(review) -> list:
    if review.is_collective:
        return []
    cadre = review.cadre
    return [
        ("Họ và tên", cadre.full_name),
        ("Ngày sinh", f"{cadre.birth_date:%d/%m/%Y}" if cadre.birth_date else ""),
        ("Chức vụ", cadre.position),
        ("Đơn vị công tác", cadre.work_unit.name if cadre.work_unit_id else ""),
        ("Sinh hoạt tại", review.org.name),
    ]


def _sections(review, commitment_lines, evaluation) -> list:
    """HD 43's seven sections in order; an empty one reads "Không có."."""
    shortcomings = list(review.shortcomings.prefetch_related("actions"))
    sections = [
        ("I. Ưu điểm, kết quả đạt được", [review.strengths, *commitment_lines]),
        (
            "II. Hạn chế, khuyết điểm và nguyên nhân",
            [f"- {s.description}" + (f" (Nguyên nhân: {s.cause})" if s.cause else "") for s in shortcomings],
        ),
        ("III. Kết quả khắc phục những hạn chế, khuyết điểm đã được cấp có thẩm quyền kết luận", [review.earlier_results]),
        (
            "IV. Giải trình những vấn đề được gợi ý kiểm điểm (nếu có)",
            [f"- {i.text}" for i in review.pressing_issues.all()],
        ),
        ("V. Làm rõ trách nhiệm của tập thể, cá nhân", [review.responsibility]),
        (
            "VI. Phương hướng, biện pháp khắc phục hạn chế, khuyết điểm",
            [
                f"- {a.description} (hoàn thành trước {a.due_on:%d/%m/%Y}; {a.get_status_display().lower()})"
                for s in shortcomings
                for a in s.actions.all()
            ],
        ),
        ("VII. Tự đánh giá, xếp loại chất lượng", _grade_lines(review, evaluation)),
    ]
    return [(h, [p for p in ps if p] or ["Không có."]) for h, ps in sections]


def _score_rows(evaluation) -> list:
    if evaluation is None:
        return []
    return [
        [s.criterion.title, grading_engine.num(s.criterion.max_points), grading_engine.num(s.points)]
        for s in evaluation.scores.all()
    ]


def _signer(review) -> tuple[str, str]:
    if review.is_collective:
        org = review.org
        return "T/M " + org.name.upper(), org.secretary.full_name if org.secretary_id else ""
    return "NGƯỜI TỰ KIỂM ĐIỂM", review.cadre.full_name


def _commitment(review):
    from .models import Commitment

    owner = {"cadre": review.cadre_id} if review.cadre_id else {"org": review.org_id, "cadre": None}
    commitment = Commitment.objects.filter(year=review.year, **owner).prefetch_related("items").first()
    if commitment is None:
        return [], None
    lines = []
    for item in commitment.items.all():
        if item.completed_on is None:
            state = "chưa báo cáo kết quả"
        elif item.completed_on <= item.deadline:
            state = f"hoàn thành đúng hạn {item.completed_on:%d/%m/%Y}" + (", vượt mức" if item.exceeded else "")
        else:
            state = f"hoàn thành trễ hạn {item.completed_on:%d/%m/%Y}"
        lines.append(f"- {item.task} (hạn {item.deadline:%d/%m/%Y}): {state}.")
    evaluation = (
        Evaluation.objects.active()
        .filter(commitment=commitment, period=Period.YEAR_END)
        .prefetch_related("scores__criterion")
        .select_related("version")
        .first()
    )
    return lines, evaluation


def _grade_lines(review, evaluation):
    lines = []
    if review.self_grade:
        lines.append(f"Tự xếp loại: {Grade(review.self_grade).label}.")
    if evaluation is not None:
        score = f", {grading_engine.num(evaluation.score)} điểm" if evaluation.score is not None else ""
        lines.append(
            f"Cấp có thẩm quyền xếp loại: {Grade(evaluation.grade).label}{score} (theo {evaluation.version_label})."
        )
    return lines


def docx_bytes(doc: ReviewDoc) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    d = common_documents.docx_document()
    common_documents.docx_party_header(
        d, issuer_parent=doc.issuer_parent, issuer=doc.issuer, number="", place_date=doc.place_date
    )
    for text, bold in ((doc.title, True), (doc.subtitle, False)):
        p = d.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(text).bold = bold
    for label, value in doc.identity:
        d.add_paragraph(f"{label}: {value}")
    for heading, paragraphs in doc.sections:
        d.add_paragraph().add_run(heading).bold = True
        for para in paragraphs:
            d.add_paragraph(para).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if heading.startswith("VII") and doc.score_rows:
            table = d.add_table(rows=1, cols=3)
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, ("Tiêu chí", "Điểm tối đa", "Điểm"), strict=True):
                cell.paragraphs[0].add_run(text).bold = True
            for row in doc.score_rows:
                for cell, text in zip(table.add_row().cells, row, strict=True):
                    cell.text = text
    foot = d.add_table(rows=1, cols=2)
    right = foot.rows[0].cells[1]
    right.paragraphs[0].add_run(doc.signer).bold = True
    right.add_paragraph()
    right.add_paragraph()
    right.add_paragraph().add_run(doc.signer_name).bold = True
    for p in right.paragraphs:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def pdf_bytes(doc: ReviewDoc) -> bytes:
    from fpdf.fonts import FontFace

    pdf = common_documents.pdf_document(orientation="P")
    half = common_documents.pdf_party_header(
        pdf, issuer_parent=doc.issuer_parent, issuer=doc.issuer, number="", place_date=doc.place_date
    )
    pdf.set_font("Serif", "B", 13)
    pdf.multi_cell(0, 7, doc.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Serif", "I", 10)
    pdf.multi_cell(0, 5, doc.subtitle, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Serif", "", 11)
    for label, value in doc.identity:
        pdf.multi_cell(0, 6, f"{label}: {value}", new_x="LMARGIN", new_y="NEXT")
    for heading, paragraphs in doc.sections:
        pdf.ln(2)
        pdf.set_font("Serif", "B", 11)
        pdf.multi_cell(0, 6, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Serif", "", 11)
        for para in paragraphs:
            pdf.multi_cell(0, 6, para, align="J", new_x="LMARGIN", new_y="NEXT")
        if heading.startswith("VII") and doc.score_rows:
            pdf.set_font("Serif", "", 9)
            with pdf.table(col_widths=(120, 25, 25), headings_style=FontFace(emphasis="BOLD"), line_height=5) as table:
                table.row(["Tiêu chí", "Điểm tối đa", "Điểm"])
                for row in doc.score_rows:
                    table.row(row)
            pdf.set_font("Serif", "", 11)
    pdf.ln(6)
    pdf.set_x(pdf.l_margin + half)
    pdf.set_font("Serif", "B", 11)
    for line in (doc.signer, "", "", doc.signer_name):
        pdf.cell(half, 6, line, align="C", new_x="LEFT", new_y="NEXT")
    return bytes(pdf.output())
