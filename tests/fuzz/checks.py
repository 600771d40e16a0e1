"""What every fuzzed submission must satisfy, checked through the real views with the test client.

- no 500 (status < 500);
- nothing a user typed comes back as raw HTML (the injection markers never appear unescaped);
- refused: the affected models' rows are exactly as before (no partial write, no in-place change),
  and a re-shown form carries a Vietnamese message and what was typed;
- accepted: exactly the expected new rows, every stored text NFC without NUL, and the page it leads
  to renders the text escaped.
"""

import html
import re
import unicodedata
from pathlib import Path

from django.db import models as dj_models
from django.utils.html import escape

from .strategies import RAW_MARKERS

VIETNAMESE_LETTER = re.compile(
    "[àáảãạăắằẳẵặâấầẩẫậèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵđ]", re.IGNORECASE
)
ERRORLIST = re.compile(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', re.S)
MESSAGE = re.compile(r'<li class="msg-(?:error|warning)">(.*?)</li>', re.S)
REFUSED = re.compile(r'<li class="msg-error">', re.S)
LI = re.compile(r"<li[^>]*>(.*?)</li>", re.S)
TAG = re.compile(r"<[^>]+>")


def _english_prefixes():
    """The start (up to the first placeholder) of every English msgid of the product's catalogue:
    an error text starting with one was not translated."""
    po = Path(__file__).resolve().parents[2] / "locale/vi/LC_MESSAGES/django.po"
    prefixes = set()
    for match in re.finditer(r'^msgid "(.+)"$', po.read_text(encoding="utf-8"), re.M):
        head = re.split(r"%|\{", match.group(1))[0].strip()
        if len(head) >= 12:
            prefixes.add(head)
    # Django's own form messages (translated by Django's catalogue when the language is active).
    prefixes.update(
        [
            "This field is required",
            "Enter a valid",
            "Ensure this value",
            "Select a valid choice",
            "Enter a whole number",
            "Enter a number",
            "Null characters are not allowed",
        ]
    )
    return tuple(sorted(prefixes))


ENGLISH = _english_prefixes()


def is_html(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


def body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def assert_safe(response):
    """No 500, and no injection marker rendered raw in an HTML page."""
    assert response.status_code < 500, response.status_code
    if is_html(response):
        content = body(response)
        for marker in RAW_MARKERS:
            assert marker not in content, f"{marker!r} rendered unescaped"
        return content
    return ""


def error_texts(content: str) -> list[str]:
    """The form errors and error/warning messages of a page, as text."""
    found = []
    for block in ERRORLIST.findall(content):
        found += LI.findall(block)
    found += MESSAGE.findall(content)
    return [html.unescape(TAG.sub("", t)).strip() for t in found if t.strip()]


def assert_vietnamese_errors(content: str, typed=()):
    """At least one error, each in Vietnamese (what the user typed is left out of the judgement)."""
    errors = error_texts(content)
    assert errors, "refused without a message"
    for error in errors:
        rest = error
        for value in sorted((str(v) for v in typed if v), key=len, reverse=True):
            for variant in {value, value.strip(), unicodedata.normalize("NFC", value).strip()}:
                if variant:
                    rest = rest.replace(variant, "")
        assert not rest.startswith(ENGLISH), f"untranslated message: {error[:200]!r}"
        assert VIETNAMESE_LETTER.search(rest), f"message not in Vietnamese: {error[:200]!r}"


def assert_echoed(content: str, typed: dict):
    """What was typed is back in the re-shown form (escaped), in Unicode NFC: posted text is read as
    NFC (common.middleware.NormalisePostedTextMiddleware), the same text as typed. Values with
    carriage returns or NUL are skipped: the browser and the multipart encoding change those."""
    # The form renderer's escape writes ' and " as &#39; and &#34;.
    content = content.replace("&#39;", "&#x27;").replace("&#34;", "&quot;")
    for name, value in typed.items():
        if not isinstance(value, str) or not value.strip() or re.search(r"[\x00\r]", value):
            continue
        shown = escape(unicodedata.normalize("NFC", value)) if "password" not in name else escape(value)
        assert shown in content, f"{name}: what was typed is not shown again"


def text_fields(model):
    return [
        f.attname
        for f in model._meta.concrete_fields
        if isinstance(f, (dj_models.CharField, dj_models.TextField))
    ]


def state(models) -> dict:
    """Every row of the given models (for the "nothing changed" check)."""
    return {m: list(m.objects.order_by("pk").values_list()) for m in models}


def counts(models) -> dict:
    return {m: m.objects.count() for m in models}


def assert_nfc(models):
    for model in models:
        names = text_fields(model)
        if not names:
            continue
        for row in model.objects.values_list("pk", *names):
            for name, value in zip(names, row[1:], strict=True):
                if isinstance(value, str):
                    assert "\x00" not in value, f"{model.__name__}.{name} #{row[0]} stores NUL"
                    assert unicodedata.is_normalized("NFC", value), (
                        f"{model.__name__}.{name} #{row[0]} is not NFC: {value[:80]!r}"
                    )


class Submission:
    """One fuzzed request through a real view.

    `models`: what the view may write; `created`: the expected new rows per model when accepted
    (a dict or a callable of the response); `typed`: field -> value to find again when refused;
    `form`: a refused submission re-shows a form with messages (False: the view only redirects).
    """

    def __init__(self, client, user=None, *, models=(), typed=None, form=True):
        self.client = client
        self.user = user
        self.models = list(models)
        self.typed = typed or {}
        self.form = form

    def _login(self):
        if self.user is None:
            self.client.logout()
        else:
            self.client.force_login(self.user)

    def post(self, url, data, *, created=None, **extra):
        return self.send("post", url, data, created=created, **extra)

    def get(self, url, data=None, **extra):
        self._login()
        response = self.client.get(url, data or {}, **extra)
        assert_safe(response)
        return response

    def send(self, method, url, data, *, created=None, **extra):
        self._login()
        before = state(self.models)
        before_counts = {m: len(rows) for m, rows in before.items()}
        response = getattr(self.client, method)(url, data, **extra)
        content = assert_safe(response)
        self.accepted = False
        if response.status_code in (301, 302):
            page = self.client.get(response.url)
            followed = assert_safe(page)
            self.accepted = not REFUSED.search(followed)
            if not self.accepted:
                assert_vietnamese_errors(followed, self.typed.values())
        if not self.accepted:
            assert state(self.models) == before, "refused, but rows were written or changed"
            if self.form and response.status_code in (200, 400) and content:
                assert_vietnamese_errors(content, self.typed.values())
                assert_echoed(content, self.typed)
        else:
            assert_nfc(self.models)
            if created is not None:
                expected = created(response) if callable(created) else created
                after = counts(self.models)
                for model, n in expected.items():
                    assert after[model] - before_counts[model] == n, (
                        f"{model.__name__}: {n} new rows expected"
                    )
        self.response = response
        return response
