"""Interpretations on dashboards: who may read, write, answer, edit and delete, and the reads behind
the dashboard page, the interpretations page and the PDF.

- Read and answer: anyone who may see the organisation (`units.scope.org_q`), not only the leaders
  who read the dashboard itself: the commune's people answer the province's note on their commune.
- Write a note: those who read dashboards (leaders and the office), on an organisation in scope.
- Edit and delete: the author only, while the organisation is still in their scope. Deleting is
  soft (`deleted_at`): the text stays in the history.

Every read and write checks the scope again (an organisation or a note outside it: 403, unknown:
404). Notes are read from the primary database, never the replica (a note just written must show
at once), and kept apart from the dashboard's cached body: `notes_for_board` caches an
organisation's notes for `DASHBOARD_CACHE_SECONDS` under the generation `interpretations-<org id>`,
which every save bumps on commit, so a hit costs no query and a new note or answer shows at the next
request. What differs per reader (the author's edit links, the CSRF token) is rendered live. A
board's notes cost two queries when built (notes with their authors, answers with theirs), whatever
their number.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from cells import periods as cell_periods
from common.cache import cached, generations
from units.scope import can_see_org, org_q

from . import selectors
from .models import Interpretation


def generation(org_id) -> str:
    return f"interpretations-{org_id}"


def can_write(user) -> bool:
    """Leaders and the office write notes (the same people who read dashboards)."""
    from .views import can_read_dashboards

    return can_read_dashboards(user)


def visible(user):
    """The notes and answers `user` may read: on organisations in their scope."""
    return Interpretation.objects.filter(org_q(user, "org__"))


def get_own_note(user, pk) -> Interpretation:
    """A note the user wrote (to edit or delete it): 403 for someone else's."""
    note = selectors.note_for(user, pk)
    if note.author_id != user.pk:
        raise PermissionDenied(_("Only the author may change or delete this note."))
    return note


def board_notes(org, period) -> list[Interpretation]:
    """The notes on one dashboard (organisation and period), oldest first, each with `answers`
    (oldest first). A deleted note stays listed (as deleted) only while it has answers. Two queries."""
    if period is None:
        return []
    answers = Prefetch(
        "replies",
        queryset=Interpretation.objects.filter(deleted_at__isnull=True).select_related("author"),
        to_attr="answers",
    )
    notes = (
        Interpretation.objects.filter(org=org, period=period, parent__isnull=True)
        .select_related("author")
        .prefetch_related(answers)
    )
    return [n for n in notes if n.deleted_at is None or n.answers]


def period_for(code):
    """The period asked for (`?ky=`), else the latest computed one; 404 for a malformed or unknown code."""
    if code:
        try:
            cell_periods.bounds(code)
        except cell_periods.BadPeriodCode as exc:
            raise Http404(str(exc)) from exc
    period = selectors.pick_period(code, [] if code else selectors.computed_periods(1))
    if code and period is None:
        raise Http404
    return period


def notes_for_board(org, period_code):
    """(period, its notes) of a dashboard, cached until a note of `org` changes (see above)."""
    (gen,) = generations(generation(org.pk))
    key = f"interpretations:v1:{org.pk}:{period_code or '-'}:g{gen}"

    def build():
        period = period_for(period_code)
        return period, board_notes(org, period)

    return cached(key, build, settings.DASHBOARD_CACHE_SECONDS)


def _clean_text(text: str) -> str:
    from common.text import nfc

    text = nfc(text or "").strip()
    if not text:
        raise ValidationError(_("Write the note before sending it."), code="empty")
    return text


@transaction.atomic
def note_write(*, user, org, period, target, text) -> Interpretation:
    if not can_write(user) or not can_see_org(user, org):
        raise PermissionDenied
    return Interpretation.objects.create(
        org=org, period=period, target=target, text=_clean_text(text), author=user
    )


@transaction.atomic
def note_answer(*, user, parent, text) -> Interpretation:
    parent = (
        Interpretation.objects.select_for_update(of=("self",)).select_related("org", "org__unit").get(pk=parent.pk)
    )
    if parent.parent_id is not None or parent.deleted_at is not None or not can_see_org(user, parent.org):
        raise ValidationError(_("This note no longer exists or is outside your scope: your answer was not sent."))
    return Interpretation.objects.create(
        org=parent.org,
        period_id=parent.period_id,
        target=parent.target,
        parent=parent,
        text=_clean_text(text),
        author=user,
    )


@transaction.atomic
def note_edit(*, user, note, text, target=None) -> Interpretation:
    note = get_own_note(user, note.pk)
    note.text = _clean_text(text)
    if target and note.parent_id is None:
        note.target = target
    note.edited_at = timezone.now()
    note.save()
    return note


@transaction.atomic
def note_delete(*, user, note) -> Interpretation:
    note = get_own_note(user, note.pk)
    note.deleted_at = timezone.now()
    note.save()
    return note


def author_name(user) -> str:
    return user.get_full_name() or user.username


def pdf_section(doc, notes) -> None:
    """The notes and their answers at the end of the dashboard's PDF (`exports._Pdf`)."""
    if not notes:
        return
    pdf = doc.pdf
    doc.heading(_("Interpretations"))
    labels = dict(Interpretation.Target.choices)
    for note in notes:
        pdf.set_x(pdf.l_margin)
        pdf.set_font("Sans", "B", 9)
        when = timezone.localtime(note.created_at).strftime("%d/%m/%Y")
        pdf.multi_cell(
            0,
            5,
            f"{labels.get(note.target, note.target)} · {author_name(note.author)} · {when}",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.set_font("Sans", "", 9)
        text = _("(deleted by its author)") if note.deleted_at else note.text
        pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
        for answer in note.answers:
            pdf.set_x(pdf.l_margin + 8)
            when = timezone.localtime(answer.created_at).strftime("%d/%m/%Y")
            pdf.set_font("Sans", "B", 8)
            pdf.multi_cell(0, 4.5, f"↳ {author_name(answer.author)} · {when}", new_x="LMARGIN", new_y="NEXT")
            pdf.set_x(pdf.l_margin + 8)
            pdf.set_font("Sans", "", 8)
            pdf.multi_cell(0, 4.5, answer.text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
