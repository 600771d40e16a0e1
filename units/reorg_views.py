"""The provincial office's reorganisation page: describe a merge (or a move, a rename) -> preview
everything that will move and what needs a decision -> confirm. Nothing is written before the
confirmation; the confirmation re-checks the whole plan inside its transaction."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
