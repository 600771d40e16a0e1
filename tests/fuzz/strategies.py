"""Hypothesis strategies for the bad-input sweep: what people (and bots) type into forms.

Random Unicode (combining marks, NFD Vietnamese, right-to-left, zero-width, NUL and control
characters; surrogates cannot be in a str), huge strings (100k characters), impossible dates, SQL
and HTML/JS injection, out-of-range numbers and wrong choices.
"""

import datetime
import os
import unicodedata

from hypothesis import HealthCheck, Phase
from hypothesis import settings as fuzz_settings
from hypothesis import strategies as st

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
JS_URL = "javascript:alert(1)"
# What must never reach a page unescaped.
RAW_MARKERS = (SCRIPT, "<img src=x onerror=alert(1)>", 'href="javascript:')

INJECTIONS = [
    SCRIPT,
    IMG,
    JS_URL,
    "'; DROP TABLE units_unit; --",
    "1 OR 1=1",
    "' OR '1'='1",
    "1; SELECT pg_sleep(5)--",
    "nul\x00byte",
    "%(name)s {{ request }} {% debug %} %s %d",
    "\u202e\u200b\u200c\u200d\ufeff",
    "مرحبا שלום \u202bRTL\u202c",
    "Đường đal xuống cấp \U0001f600",
    "../../etc/passwd",
    "\r\n\t\x0b\x0c",
]
VIETNAMESE = [
    "Bến Tre",
    "Xã Mỹ Hòa",
    "Nguyễn Thị Thủy",
    "Chi bộ Ấp 1",
    "Đường giao thông nông thôn xuống cấp",
    "Kiến nghị sửa cầu",
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
]


def nfd(value: str) -> str:
    return unicodedata.normalize("NFD", value)


HUGE = [
    "x" * 100_000,
    "ắ" * 100_000,
    nfd("Nguyễn ") * 15_000,  # NFD: the letters arrive decomposed, as some phones send them
    SCRIPT * 4_000,
    "' OR '" * 20_000,
]

unicode_text = st.one_of(
    st.text(max_size=200),  # every code point but surrogates: NUL, controls, unassigned...
    st.text(st.characters(categories=["Mn", "Me"]), max_size=20),  # combining marks alone
    st.text(st.characters(categories=["Cc", "Cf", "Zl", "Zp"]), max_size=20),  # controls, ZW, RTL marks
    st.sampled_from(VIETNAMESE).map(nfd),
    st.lists(st.sampled_from(VIETNAMESE + INJECTIONS), min_size=1, max_size=4).map(" ".join),
)
text = st.one_of(
    unicode_text,
    st.sampled_from(INJECTIONS),
    st.sampled_from(HUGE),
    st.just(""),
)
# A short text (codes, names, numbers typed as text): what fits a CharField(max_length=40).
short_text = st.one_of(
    st.text(max_size=30), st.sampled_from(INJECTIONS), st.sampled_from(VIETNAMESE).map(nfd)
)

BAD_DATES = [
    "31/02/2026",
    "30/02/2026",
    "29/02/2025",
    "00/13/0000",
    "00/00/0000",
    "32/01/2026",
    "9999-99-99",
    "2026-02-30",
    "0000-00-00",
    "-0001-01-01",
    "-1/01/2026",
    "01/01/-2026",
    "01/01/10000",
    "99/99/9999",
    "1e309",
    "hôm nay",
    "today",
    "9" * 40,
    "2026-13-01",
    "١٢/٠٣/٢٠٢٦",  # Arabic-Indic digits
    "",
]
GOOD_DATES = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2100, 12, 31))
dates = st.one_of(
    st.sampled_from(BAD_DATES),
    st.text(max_size=20),
    GOOD_DATES.map(lambda d: d.isoformat()),
    GOOD_DATES.map(lambda d: d.strftime("%d/%m/%Y")),
    st.dates(min_value=datetime.date(1, 1, 1)).map(lambda d: d.isoformat()),
)
# Dates inside the cast's working year: the ones a valid submission needs.
year_dates = st.dates(min_value=datetime.date(2026, 1, 1), max_value=datetime.date(2026, 12, 31)).map(
    lambda d: d.isoformat()
)

BAD_NUMBERS = [
    "-1",
    "0",
    "9" * 40,
    "-" + "9" * 40,
    "NaN",
    "nan",
    "inf",
    "-inf",
    "1e309",
    "1e-309",
    "1.5",
    "0x10",
    "١٢",
    "",
    " 5 ",
    "1_000",
    "+-1",
    "2" * 5000,
]
numbers = st.one_of(
    st.sampled_from(BAD_NUMBERS),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.integers(min_value=0, max_value=200).map(str),
    st.text(max_size=10),
)
times = st.one_of(
    st.sampled_from(["25:61", "-1:00", "12:00", "07:30", "24:00", "noon", ""]), st.text(max_size=8)
)


def choice(valid, *, also=()):
    """A valid choice or garbage: an unknown value, an id of another scope (`also`), a text."""
    return st.one_of(
        st.sampled_from(list(valid)),
        st.sampled_from(list(also) or [""]),
        short_text,
        numbers,
    )


FUZZ = fuzz_settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    # FUZZ_NO_SHRINK=1: report the first failing example as found (shrinking a world-sized
    # example can take a minute).
    phases=[p for p in Phase if not (os.environ.get("FUZZ_NO_SHRINK") and p is Phase.shrink)],
)
FEW = fuzz_settings(FUZZ, max_examples=10)
