"""Views of the interpretations: the notes of one dashboard (organisation and period) for anyone in
its scope, writing (leaders and the office), answering, editing and deleting one's own, the history.

Thin: access and writes are `dashboards.interpretations`; the dashboard page shows the same include
(`dashboards/_interpretations.html`) below its cached body, built for each request.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.history import history_page
from units.scope import org_for

from . import interpretations as interp
from . import selectors
from .forms import AnswerForm, EditForm, NoteForm
from .models import Interpretation

FROM_DASHBOARD = "tong-hop"


def board_context(request, org, period_code, *, origin="", note_form=None, answer_form=None) -> dict:
    """What `dashboards/_interpretations.html` shows: the notes with an answer form each (the bound
    one that failed, where it names a note listed), and the form for a new note (leaders)."""
    user = request.user
    period, notes = interp.notes_for_board(org, period_code)
    stray = answer_form
    for note in notes:
        note.answer_form = AnswerForm(initial={"parent": note.pk}, auto_id=f"id_a{note.pk}_%s")
        if answer_form is not None and note.deleted_at is None and answer_form.data.get("parent") == str(note.pk):
            note.answer_form, stray = answer_form, None
        note.mine = note.author_id == user.pk
        for answer in note.answers:
            answer.mine = answer.author_id == user.pk
    may_write = period is not None and interp.can_write(user)
    if may_write and note_form is None:
        note_form = NoteForm(initial={"ky": period.code})
    return {
        "interp": {
            "org": org,
            "period": period,
            "notes": notes,
            "may_write": may_write,
            "note_form": note_form if may_write else None,
            "stray_answer": stray,
            "origin": origin,
            "action": reverse("dashboards:interpretations", args=[org.code]) + (f"?ky={period.code}" if period else ""),
        }
    }


def _back(request, org, period, anchor=""):
    query = urlencode({"ky": period.code}) if period else ""
    if request.POST.get("tu") == FROM_DASHBOARD and interp.can_write(request.user):
        url = reverse("dashboards:org", args=[org.code])
    else:
        url = reverse("dashboards:interpretations", args=[org.code])
    return redirect(f"{url}?{query}{anchor}" if query else f"{url}{anchor}")


@login_required
def interpretations_page(request, code):
    org = org_for(request.user, code)
    period_code = request.GET.get("ky") or None
    note_form = answer_form = None
    if request.method == "POST":
        user = request.user
        if "parent" in request.POST:
            notes = interp.visible(user).filter(org=org, parent__isnull=True, deleted_at__isnull=True)
            answer_form = AnswerForm(request.POST, notes=notes)
            if answer_form.is_valid():
                try:
                    answer = interp.note_answer(
                        user=user, parent=answer_form.cleaned_data["parent"], text=answer_form.cleaned_data["text"]
                    )
                except ValidationError as exc:
                    answer_form.add_error(None, exc)
                else:
                    messages.success(request, _("Your answer was sent."))
                    return _back(request, org, answer.period, f"#y-{answer.parent_id}")
        else:
            if not interp.can_write(user):
                raise PermissionDenied(_("Only leaders and the provincial office write notes."))
            note_form = NoteForm(request.POST)
            if note_form.is_valid():
                data = note_form.cleaned_data
                note = interp.note_write(
                    user=user, org=org, period=data["ky"], target=data["target"], text=data["text"]
                )
                messages.success(request, _("Your note was saved."))
                return _back(request, org, note.period, f"#y-{note.pk}")
    # Sent from the dashboard and refused: the corrected form goes back there too.
    origin = FROM_DASHBOARD if request.POST.get("tu") == FROM_DASHBOARD else ""
    context = board_context(request, org, period_code, origin=origin, note_form=note_form, answer_form=answer_form)
    if origin and interp.can_write(request.user):
        context["dashboard_url"] = reverse("dashboards:org", args=[org.code]) + (f"?ky={period_code}" if period_code else "")
    status = 400 if (note_form and note_form.errors) or (answer_form and answer_form.errors) else 200
    return render(request, "dashboards/interpretations.html", context, status=status)


def _note_page(note):
    url = reverse("dashboards:interpretations", args=[note.org.code])
    return f"{url}?ky={note.period.code}#y-{note.parent_id or note.pk}"


@login_required
def interpretation_edit(request, pk):
    note = interp.get_own_note(request.user, pk)
    if request.method == "POST":
        form = EditForm(request.POST)
        if form.is_valid():
            interp.note_edit(user=request.user, note=note, text=form.cleaned_data["text"])
            messages.success(request, _("Your note was saved."))
            return redirect(_note_page(note))
    else:
        form = EditForm(initial={"text": note.text})
    status = 400 if form.errors else 200
    return render(request, "dashboards/interpretation_edit.html", {"note": note, "form": form}, status=status)


@login_required
@require_POST
def interpretation_delete(request, pk):
    note = interp.get_own_note(request.user, pk)
    interp.note_delete(user=request.user, note=note)
    messages.success(request, _("The note was deleted; it stays in its history."))
    return redirect(_note_page(note))


@login_required
def interpretation_history(request, pk):
    note = selectors.note_for(request.user, pk, deleted=True)
    labels = dict(Interpretation.Target.choices)
    return history_page(
        request,
        note,
        title=f"{note.org.name} · {note.period.code} · {labels.get(note.target, note.target)}",
        back_url=_note_page(note),
    )
