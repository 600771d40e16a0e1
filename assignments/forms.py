"""Forms: they parse and look up what was typed; the rules live in services.py.

Cadres, units and organisations are entered by their roster code (tens of thousands of rows: no
drop-down), so a form re-shows exactly what was typed when a rule refuses it.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.dates import DateInput
from directives.models import Directive
from units.models import Cadre, PartyOrg, Unit

from .models import Agency, CadreKind, FieldContact, Petition, PetitionCategory
from .selectors import agencies_for
from .services import agencies_answering


def _lookup(model, field, code, message):
    code = (code or "").strip()
    if not code:
        return None
    try:
        return model.objects.get(**{field: code})
    except model.DoesNotExist as exc:
        raise forms.ValidationError(message % {"code": code}) from exc


class AssignmentForm(forms.Form):
    cadre = forms.CharField(
        label=_("Cadre code"), max_length=40, help_text=_("As in the roster, e.g. H836-0012.")
    )
    unit = forms.CharField(label=_("Unit code"), max_length=40)
    cadre_kind = forms.ChoiceField(
        label=_("Assigned as"),
        choices=[("", _("From the roster (level and position)"))] + list(CadreKind.choices),
        required=False,
    )
    duty = forms.CharField(label=_("Duty"), max_length=255, required=False, initial="Theo dõi, hỗ trợ")
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(label=_("To"), widget=DateInput(), required=False)
    decision_number = forms.CharField(label=_("Decision number"), max_length=60, required=False)
    assigned_by = forms.CharField(
        label=_("Assigned by (party organisation code)"), max_length=40, required=False
    )

    def clean_cadre(self):
        return _lookup(Cadre, "code", self.cleaned_data["cadre"], _("No cadre has the code %(code)s."))

    def clean_unit(self):
        return _lookup(Unit, "code", self.cleaned_data["unit"], _("No unit has the code %(code)s."))

    def clean_assigned_by(self):
        return _lookup(
            PartyOrg,
            "code",
            self.cleaned_data["assigned_by"],
            _("No party organisation has the code %(code)s."),
        )


class AssignmentEndForm(forms.Form):
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput())


class HandOverForm(forms.Form):
    to_cadre = forms.CharField(label=_("New cadre code"), max_length=40)
    on = forms.DateField(label=_("From"), widget=DateInput())
    decision_number = forms.CharField(label=_("Decision number"), max_length=60, required=False)

    def clean_to_cadre(self):
        return _lookup(Cadre, "code", self.cleaned_data["to_cadre"], _("No cadre has the code %(code)s."))


class ContactForm(forms.Form):
    """The cadre's phone form: a minute's work. One petition may be added on the spot."""

    unit = forms.CharField(label=_("Unit"), max_length=40, widget=forms.Select)
    contacted_on = forms.DateField(label=_("Date"), widget=DateInput())
    kind = forms.ChoiceField(label=_("Kind of contact"), choices=FieldContact.Kind.choices)
    directives = forms.ModelMultipleChoiceField(
        label=_("Directives disseminated"),
        queryset=Directive.objects.order_by("-issued_on"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    disseminated = forms.CharField(
        label=_("What was disseminated (items, free text)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    attended_cell_meeting = forms.BooleanField(label=_("I attended the cell meeting there"), required=False)
    opinions = forms.CharField(
        label=_("Opinions raised"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    petition_category = forms.ModelChoiceField(
        label=_("Petition: category"), queryset=PetitionCategory.objects.all(), required=False
    )
    petition_content = forms.CharField(
        label=_("Petition: what the people ask"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        # The choices are the cadre's own units; a posted code outside them is checked by the service
        # (403), so any code is accepted here.
        self.fields["unit"].widget.choices = [
            (u.code, f"{u.name} – {u.parent.name}" if u.parent else u.name) for u in units
        ]
        self.fields["contacted_on"].initial = timezone.localdate()

    def clean_unit(self):
        code = self.cleaned_data["unit"]
        return _lookup(Unit, "code", code, _("No unit has the code %(code)s."))

    def clean(self):
        data = super().clean()
        category, content = data.get("petition_category"), (data.get("petition_content") or "").strip()
        if content and not category:
            self.add_error("petition_category", _("Choose the category of the petition."))
        if category and not content:
            self.add_error("petition_content", _("Write what the people ask."))
        return data


class PetitionForm(forms.Form):
    unit = forms.CharField(label=_("Unit code (where raised)"), max_length=40)
    raised_on = forms.DateField(label=_("Date raised"), widget=DateInput())
    category = forms.ModelChoiceField(label=_("Category"), queryset=PetitionCategory.objects.all())
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 4}))

    def clean_unit(self):
        return _lookup(Unit, "code", self.cleaned_data["unit"], _("No unit has the code %(code)s."))


class ForwardForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Responsible agency"), queryset=Agency.objects.filter(is_active=True).select_related("unit")
    )
    due_on = forms.DateField(
        label=_("Answer due"),
        widget=DateInput(),
        required=False,
        help_text=_("Empty: the deadline for the level."),
    )

    def __init__(self, *args, petition=None, **kwargs):
        super().__init__(*args, **kwargs)
        if petition is not None:  # only the agencies of its unit and the levels above it
            self.fields["agency"].queryset = agencies_answering(petition)


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[
            (Petition.Status.IN_PROGRESS, Petition.Status.IN_PROGRESS.label),
            (Petition.Status.ANSWERED, Petition.Status.ANSWERED.label),
            (Petition.Status.RESOLVED, Petition.Status.RESOLVED.label),
            (Petition.Status.RETURNED, Petition.Status.RETURNED.label),
        ],
    )
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    reason = forms.CharField(
        label=_("Reason for returning"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    redirect_to = forms.CharField(label=_("Where to turn instead"), max_length=255, required=False)


class VerdictForm(forms.Form):
    satisfied = forms.TypedChoiceField(
        label=_("Do the people consider it resolved?"),
        choices=[("yes", _("Yes, resolved")), ("no", _("No, not resolved"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )


class PetitionFilterForm(forms.Form):
    unit = forms.CharField(label=_("Unit code (and everything under it)"), max_length=40, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All"))] + list(Petition.Status.choices), required=False
    )
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.all(), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    start = forms.DateField(label=_("Raised from"), widget=DateInput(), required=False)
    end = forms.DateField(label=_("Raised until"), widget=DateInput(), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the agencies in the user's scope: another district's agencies are not theirs to filter by.
        self.fields["agency"].queryset = agencies_for(user)

    def clean_unit(self):
        return _lookup(Unit, "code", self.cleaned_data["unit"], _("No unit has the code %(code)s."))
