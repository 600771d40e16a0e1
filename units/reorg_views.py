"""The provincial office's reorganisation page: describe a merge (or a move, a rename) -> preview
everything that will move and what needs a decision -> confirm. Nothing is written before the
confirmation; the confirmation re-checks the whole plan inside its transaction."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import worklist
from .fields import ScopedField, ScopedMultipleField
from .import_views import office_only
from .models import Reorganisation, Unit
from .reorg import ReorgRefused, apply_batch, merge_batch, plan_batch
from .resources import DMYDateWidget

HISTORY = 20  # reorganisations listed on the page


class DMYDateField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return DMYDateWidget().clean(value)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None


class MergeForm(forms.Form):
    sources = ScopedMultipleField(
        Unit,
        label=gettext_lazy("Codes of the units to merge"),
        help_text=gettext_lazy("Two or more codes, separated by commas, e.g. 29116, 29119, 29122."),
        not_found=gettext_lazy("No unit has the code(s) %(codes)s."),
    )
    code = forms.CharField(label=gettext_lazy("Code of the new unit"), max_length=40)
    name = forms.CharField(label=gettext_lazy("Name of the new unit"), max_length=255)
    kind = forms.ChoiceField(label=gettext_lazy("Type"), choices=Unit.Kind.choices, initial=Unit.Kind.COMMUNE)
    parent = ScopedField(
        Unit,
        label=gettext_lazy("Code of the parent unit"),
        not_found=gettext_lazy("No unit has the parent code %(code)s."),
    )
    effective_on = DMYDateField(
        label=gettext_lazy("Effective date"),
        help_text=gettext_lazy("dd/mm/yyyy: the first day of the new unit."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("sources", "parent"):
            field = self.fields[name].scope_to(user)
            field.limit_to(field.queryset.select_related("parent"))

    def clean_sources(self):
        units = self.cleaned_data["sources"]  # in the order typed, without repeats
        if len(units) < 2:
            raise ValidationError(_("A merge needs at least two units."))
        return units

    def batch(self):
        d = self.cleaned_data
        return merge_batch(
            sources=d["sources"],
            code=d["code"].strip(),
            name=d["name"],
            kind=d["kind"],
            parent=d["parent"],
            effective_on=d["effective_on"],
        )


@office_only
def reorg_page(request):
    """GET: the form and the history. POST `preview`: the plan; POST `confirm`: apply it."""
    plan = None
    form = MergeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            if "confirm" in request.POST:
                record = apply_batch(form.batch(), acting_user=request.user)
                messages.success(
                    request,
                    _("Reorganisation applied from %(day)s: %(title)s.")
                    % {"day": record.effective_on.strftime("%d/%m/%Y"), "title": record.title},
                )
                return redirect("units:detail", code=form.cleaned_data["code"].strip())
            plan = plan_batch(form.batch(), acting_user=request.user)
        except ReorgRefused as exc:
            for message in exc.messages:
                form.add_error(None, message)
    history = Reorganisation.objects.select_related("created_by")[:HISTORY]
    return render(
        request,
        "units/reorg_page.html",
        {"form": form, "plan": plan, "lines": plan.lines() if plan else None, "history": history},
    )


def _posted_targets(request) -> dict:
    """{row id: target code} for the selected rows: the row's own code box, else the code for all
    selected rows, else the row's chosen suggestion."""
    common = request.POST.get("target", "").strip()
    out = {}
    for row_id in request.POST.getlist("row"):
        typed = request.POST.get(f"code_{row_id}", "").strip()
        out[row_id] = typed or common or request.POST.get(f"choice_{row_id}", "").strip()
    return out


def _settlements(record, sections) -> list:
    """The recorded settlements, newest first, with their list's title and a local dd/mm/yyyy time."""
    titles = {s.key: s.title for s in sections}
    actions = {(s.key, key): label for s in sections for key, label, _needs in s.actions}
    out = []
    for entry in reversed((record.summary or {}).get("settlements", [])[-HISTORY:]):
        at = datetime.datetime.fromisoformat(entry["at"])
        out.append(
            entry
            | {
                "title": titles.get(entry["section"], entry["section"]),
                "action": actions.get((entry["section"], entry["action"]), entry["action"]),
                "at": timezone.localtime(at),
            }
        )
    return out


@office_only
def worklist_page(request, pk):
    """"Việc cần làm sau sắp xếp": GET the lists; POST a bulk settlement — preview first, then
    `confirm` (re-checked and written in one transaction)."""
    record = get_object_or_404(Reorganisation.objects.select_related("created_by"), pk=pk)
    preview = errors = None
    posted = {}
    if request.method == "POST":
        section, action = request.POST.get("section", ""), request.POST.get("action", "")
        targets = _posted_targets(request)
        posted = {"section": section, "action": action, "targets": targets, "common": request.POST.get("target", "")}
        try:
            commit = "confirm" in request.POST
            changes = worklist.settle(record, request.user, section=section, action=action, targets=targets, commit=commit)
            if commit:
                messages.success(
                    request, _("Settled %(n)s row(s); recorded with your name and the time.") % {"n": len(targets)}
                )
                return redirect("units:worklist", pk=record.pk)
            preview = changes
        except worklist.SettleRefused as exc:
            errors = exc.messages
    _wctx, sections = worklist.sections(record, request.user)
    for section in sections:
        chosen = posted.get("targets", {}) if posted.get("section") == section.key else {}
        for row in section.rows:
            row.selected = row.id in chosen
            row.chosen = chosen.get(row.id, "")
    return render(
        request,
        "units/worklist.html",
        {
            "record": record,
            "sections": sections,
            "preview": preview,
            "errors": errors,
            "posted": posted,
            "settlements": _settlements(record, sections),
        },
    )
