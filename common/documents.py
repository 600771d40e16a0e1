"""Party documents on A4, shared by the apps that print them (cells' announcement, the HD 43
review forms of pledges): python-docx for DOCX, fpdf2 for PDF with DejaVu Serif embedded
(Debian's fonts-dejavu-core; path in settings.CELLS_PDF_FONT_DIR).

Layout of a Party document: the issuing body top left with its number, "ĐẢNG CỘNG SẢN VIỆT NAM" and
place and date top right, then the title; the signature block bottom right.
"""

from pathlib import Path

from django.conf import settings

FONT_DIR = Path(getattr(settings, "CELLS_PDF_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))
PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
# A4 in EMU-free units python-docx accepts (Cm) and in mm for fpdf2.
A4_CM = (21.0, 29.7)


def docx_document(*, landscape=False, margin_cm=2.0, font_size=13):
    """A new python-docx Document on A4 (python-docx's default template is US Letter)."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    d = Document()
    section = d.sections[0]
    width, height = Cm(A4_CM[0]), Cm(A4_CM[1])
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = width, height
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(margin_cm))
    style = d.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(font_size)
    return d


def docx_party_header(d, *, issuer_parent: str, issuer: str, number: str, place_date: str):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    head = d.add_table(rows=1, cols=2)
    left, right = head.rows[0].cells
    left.paragraphs[0].add_run(issuer_parent)
    left.add_paragraph().add_run(issuer).bold = True
    left.add_paragraph("*")
    left.add_paragraph(number)
    run = right.paragraphs[0].add_run(PARTY)
    run.bold, run.underline = True, True
    right.add_paragraph().add_run(place_date).italic = True
    for cell in (left, right):
        for p in cell.paragraphs:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER


def pdf_document(*, orientation="P"):
    from fpdf import FPDF

    pdf = FPDF(orientation=orientation, unit="mm", format="A4")
    pdf.set_margins(20, 15, 15)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_font("Serif", "", str(FONT_DIR / "DejaVuSerif.ttf"))
    pdf.add_font("Serif", "B", str(FONT_DIR / "DejaVuSerif-Bold.ttf"))
    pdf.add_font("Serif", "I", str(FONT_DIR / "DejaVuSerif-Italic.ttf"))
    pdf.add_page()
    return pdf


def pdf_party_header(pdf, *, issuer_parent: str, issuer: str, number: str, place_date: str):
    half = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    top = pdf.get_y()
    pdf.set_font("Serif", "", 11)
    pdf.multi_cell(half, 6, issuer_parent, align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font("Serif", "B", 11)
    pdf.multi_cell(half, 6, issuer, align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font("Serif", "", 11)
    pdf.multi_cell(half, 6, "*", align="C", new_x="LEFT", new_y="NEXT")
    pdf.multi_cell(half, 6, number, align="C", new_x="LEFT", new_y="NEXT")
    bottom = pdf.get_y()
    pdf.set_xy(pdf.l_margin + half, top)
    pdf.set_font("Serif", "B", 12)
    pdf.cell(half, 6, PARTY, align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font("Serif", "I", 11)
    pdf.cell(half, 8, place_date, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(bottom, pdf.get_y()) + 6)
    return half
