"""Progress of long work somebody waits for (an import's check and write, an export): the phase
it is in and how far it got, kept in the cache so another request can read it while the work runs
in a worker or in the request itself.

`Progress(key)` is written by the work: `phase("checking", total=20000)`, then `advance(n)` (written
at most every `every` items, so 20,000 rows cost a few dozen cache writes), `finish()`. The page
reads it with `read(key)` and shows the phase's words and the counts; `phase_label` names them.

A page that starts work in the request itself (a synchronous export or upload check) sends a token
it made up (`jeton`, 32 hex digits, `units/static/units/work-progress.js`) and polls
`/don-vi/tien-do/<token>/` while it waits: `for_request` keys the token to the signed-in user, so
nobody reads another's progress.
"""

import re
import time

from django.utils.translation import gettext as _

from .cache import safe_get, safe_set

TIMEOUT = 6 * 3600
TOKEN_RE = re.compile(r"^[0-9a-f]{32}\Z")


def phase_label(phase: str) -> str:
    return {
        "queued": _("Waiting for the background worker"),
        "reading": _("Reading the file"),
        "checking": _("Checking the rows"),
        "comparing": _("Comparing with the stored data"),
        "writing": _("Writing the rows"),
        "finishing": _("Finishing"),
        "exporting": _("Writing the workbook"),
        "done": _("Done"),
    }.get(phase, phase)


class Progress:
    def __init__(self, key: str | None, *, every: int = 500, min_seconds: float = 0.5):
        self.key, self.every, self.min_seconds = key, every, min_seconds
        self.name, self.done, self.total, self.detail = "", 0, None, ""
        self._written_at, self._written_done = 0.0, 0

    def phase(self, name: str, *, total: int | None = None, done: int = 0, detail: str = ""):
        self.name, self.total, self.done, self.detail = name, total, done, detail
        self._write()

    def advance(self, n: int = 1):
        self.done += n
        if (
            self.done - self._written_done >= self.every
            or time.monotonic() - self._written_at > self.min_seconds
        ):
            self._write()

    def finish(self):
        self.phase("done", total=self.total, done=self.total or self.done)

    def state(self) -> dict:
        return {"phase": self.name, "done": self.done, "total": self.total, "detail": self.detail}

    def _write(self):
        self._written_at, self._written_done = time.monotonic(), self.done
        if self.key:
            safe_set(self.key, self.state(), timeout=TIMEOUT)


def read(key: str) -> dict | None:
    state = safe_get(key)
    if not isinstance(state, dict):
        return None
    total, done = state.get("total"), state.get("done") or 0
    return {
        **state,
        "label": phase_label(state.get("phase", "")),
        "percent": int(100 * done / total) if total else None,
    }


def token_key(user, token: str) -> str | None:
    if not token or not TOKEN_RE.match(token) or not getattr(user, "pk", None):
        return None
    return f"progress:{user.pk}:{token}"


def for_request(request) -> Progress:
    """The progress of work started by this request, under the page's token if it sent one
    (else written nowhere)."""
    token = request.POST.get("jeton") or request.GET.get("jeton") or ""
    return Progress(token_key(request.user, token))
