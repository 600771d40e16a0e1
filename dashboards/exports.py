"""A dashboard for the meeting: Excel (the numbers, one sheet per section) and PDF (A4, charts and
tables drawn with fpdf2's primitives, greys and direct labels so it prints on any office printer).

The PDF embeds DejaVu Sans (Debian's fonts-dejavu-core, as the cells announcement does; the folder
is settings.CELLS_PDF_FONT_DIR) for the Vietnamese glyphs.
"""

from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from common.numbers import number

from . import interpretations, presenters
from .selectors import Dashboard

FONT_DIR = Path(getattr(settings, "CELLS_PDF_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))

# Grey fills for the stacked grade bars (dark to light) and the single-series bars.
GREYS = [(40, 40, 40), (105, 105, 105), (170, 170, 170), (230, 230, 230)]


def title(board: Dashboard) -> str:
    period = board.period.name if board.period else "—"
    text = _("Dashboard of %(org)s, %(period)s") % {"org": board.org.name, "period": period}
    return f"{text} ({presenters.provisional_word()})" if board.provisional else text


def _cell(value):
    """Numbers stay numbers; an unavailable figure is the words "no data yet", never 0."""
    return presenters.unavailable() if value is None else value


def _text(value) -> str:
    """A figure as printed (decimal comma in Vietnamese), or "no data yet"."""
    return presenters.unavailable() if value is None else number(value)


def excel_bytes(board: Dashboard) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    for key, name, headers, rows in presenters.sections(board):
        ws = wb.create_sheet(title=name[:31])
        ws.append([title(board)] if key == "summary" else [name])
        if key == "summary" and presenters.status_text(board):
            ws["B1"] = presenters.status_text(board)
        ws["A1"].font = Font(bold=True)
        ws.append([])
        ws.append([str(h) for h in headers])
        for cell in ws[3]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append([_cell(v) for v in row])
        if not rows:
            ws.append([presenters.unavailable()])
        ws.freeze_panes = "A4"
        for i, header in enumerate(headers, start=1):
            width = max([len(str(header))] + [len(str(_cell(r[i - 1]))) for r in rows]) + 2
            ws.column_dimensions[get_column_letter(i)].width = min(max(width, 10), 60)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


class _Pdf:
    def __init__(self):
        from fpdf import FPDF

        pdf = FPDF(orientation="P", unit="mm", format="A4")
        pdf.set_margins(15, 15, 15)
        pdf.set_auto_page_break(True, margin=15)
        pdf.add_font("Sans", "", str(FONT_DIR / "DejaVuSans.ttf"))
        pdf.add_font("Sans", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        pdf.add_page()
        self.pdf = pdf
        self.width = pdf.w - pdf.l_margin - pdf.r_margin

    def heading(self, text, size=12):
        pdf = self.pdf
        if pdf.get_y() > pdf.h - 60:
            pdf.add_page()
        pdf.ln(3)
        pdf.set_font("Sans", "B", size)
        pdf.multi_cell(0, 7, text, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Sans", "", 9)

    def table(self, headers, rows, widths=None):
        from fpdf.fonts import FontFace

        pdf = self.pdf
        pdf.set_font("Sans", "", 8)
        # The table takes its cells' fill from the current colour: after a bar chart that is a dark
        # grey, and the figures would print black on it. Tables are black on white.
        pdf.set_fill_color(255, 255, 255)
        pdf.set_text_color(0, 0, 0)
        if not rows:
            pdf.cell(0, 6, presenters.unavailable(), new_x="LMARGIN", new_y="NEXT")
            return
        with pdf.table(
            col_widths=widths,
            headings_style=FontFace(emphasis="BOLD", fill_color=(225, 225, 225)),
            line_height=4.5,
            text_align="LEFT",
        ) as table:
            table.row([str(h) for h in headers])
            for row in rows:
                table.row([_text(v) for v in row])
        pdf.ln(2)

    def bars(self, labels, values, *, max_value=100, suffix="%"):
        """Horizontal bars, one per label, each with its value written beside it."""
        pdf = self.pdf
        label_w, bar_w, h = 60, self.width - 75, 6
        if pdf.get_y() + h * len(labels) > pdf.h - 20:
            pdf.add_page()
        pdf.set_font("Sans", "", 8)
        for label, value in zip(labels, values, strict=True):
            y = pdf.get_y()
            pdf.set_xy(pdf.l_margin, y)
            pdf.cell(label_w, h, str(label)[:40])
            x = pdf.l_margin + label_w
            pdf.set_draw_color(0, 0, 0)
            pdf.rect(x, y + 1, bar_w, h - 2)
            if value is not None:
                pdf.set_fill_color(*GREYS[1])
                pdf.rect(x, y + 1, bar_w * min(float(value), max_value) / max_value, h - 2, style="F")
            pdf.set_xy(x + bar_w + 1, y)
            pdf.cell(14, h, presenters.unavailable() if value is None else number(value, suffix))
            pdf.set_y(y + h)
        pdf.ln(2)

    def stacked(self, labels, series):
        """Stacked horizontal bars (the grades), greys from dark to light, counts written inside."""
        pdf = self.pdf
        label_w, bar_w, h = 60, self.width - 62, 6
        if pdf.get_y() + h * (len(labels) + 2) > pdf.h - 20:
            pdf.add_page()
        pdf.set_font("Sans", "", 7)
        # Legend
        x = pdf.l_margin
        for i, s in enumerate(series):
            pdf.set_fill_color(*GREYS[i])
            pdf.rect(x, pdf.get_y() + 1.5, 4, 3, style="DF")
            pdf.set_xy(x + 5, pdf.get_y())
            pdf.cell(38, 6, s["label"])
            x += 44
        pdf.ln(7)
        for row, label in enumerate(labels):
            y = pdf.get_y()
            pdf.set_xy(pdf.l_margin, y)
            pdf.cell(label_w, h, str(label)[:40])
            values = [s["data"][row] or 0 for s in series]
            total = sum(values)
            x = pdf.l_margin + label_w
            for i, value in enumerate(values):
                if not total or not value:
                    continue
                w = bar_w * value / total
                pdf.set_fill_color(*GREYS[i])
                pdf.rect(x, y + 0.5, w, h - 1, style="DF")
                if w > 5:
                    pdf.set_text_color(255, 255, 255) if i < 2 else pdf.set_text_color(0, 0, 0)
                    pdf.set_xy(x, y)
                    pdf.cell(w, h, str(value), align="C")
                    pdf.set_text_color(0, 0, 0)
                x += w
            pdf.set_y(y + h)
        pdf.ln(2)


def pdf_bytes(board: Dashboard, notes=()) -> bytes:
    """`notes`: the dashboard's interpretations (`interpretations.board_notes`), printed last."""
    doc = _Pdf()
    pdf = doc.pdf
    pdf.set_font("Sans", "B", 14)
    pdf.multi_cell(0, 8, title(board), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Sans", "", 8)
    pdf.cell(
        0,
        5,
        _("Printed %(day)s") % {"day": timezone.localtime().strftime("%d/%m/%Y %H:%M")},
        new_x="LMARGIN",
        new_y="NEXT",
    )
    if presenters.status_text(board):
        pdf.set_font("Sans", "B", 9)
        pdf.multi_cell(0, 5, presenters.status_text(board), new_x="LMARGIN", new_y="NEXT")
    data = presenters.charts(board)
    by_key = {key: (name, headers, rows) for key, name, headers, rows in presenters.sections(board)}

    name, headers, rows = by_key["summary"]
    doc.heading(name)
    doc.table(headers, rows, widths=(2, 1))

    name, headers, rows = by_key["grades"]
    doc.heading(name)
    if data["grades"]["labels"]:
        doc.stacked(data["grades"]["labels"], data["grades"]["series"])
    doc.table(headers, rows, widths=(4, 1, 1, 1, 1, 1))

    name, headers, rows = by_key["children"]
    doc.heading(name)
    doc.table(headers, rows, widths=(5, 2, 2, 2, 2, 2, 2, 2, 2, 2))

    name, headers, rows = by_key["weak"]
    doc.heading(name)
    doc.table(headers, rows, widths=(3, 3, 4))

    for key in ("coverage", "pledges"):
        name, headers, rows = by_key[key]
        doc.heading(name)
        chart = data[key]
        if chart["labels"]:
            doc.bars(chart["labels"], chart["series"][0]["data"])
        doc.table(headers, rows)

    name, headers, rows = by_key["trend"]
    doc.heading(name)
    doc.table(headers, rows)
    interpretations.pdf_section(doc, notes)
    return bytes(pdf.output())
