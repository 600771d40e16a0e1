"""Numbers as people read them: the decimal separator of the active language (Vietnamese: a comma,
"91,6"), on pages, in DOCX and PDF documents and in what exports display as text.

Python's f"{x:g}" always writes a point; every figure shown to people goes through `number()`.
Spreadsheets keep numbers as numbers (Excel shows them in the reader's own locale).
"""

from decimal import Decimal

from django.utils.formats import get_format


def number(value, suffix: str = "", places: int = 2) -> str:
    """`value` with at most `places` decimals, trailing zeros dropped, and the language's decimal
    separator: number(91.6, "%") == "91,6%" in Vietnamese. Integers and other values as str()."""
    if isinstance(value, float | Decimal) and not isinstance(value, bool):
        text = f"{float(value):.{places}f}".rstrip("0").rstrip(".") if places else f"{float(value):.0f}"
        if text in ("-0", ""):
            text = "0"
        text = text.replace(".", str(get_format("DECIMAL_SEPARATOR")))
    else:
        text = str(value)
    return f"{text}{suffix}"
