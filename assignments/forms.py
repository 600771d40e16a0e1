"""Forms: they parse and look up what was typed; the rules live in services.py.

Cadres, units and organisations are entered by their roster code (tens of thousands of rows: no
drop-down), so a form re-shows exactly what was typed when a rule refuses it. Every code or id is a
`units.fields.ScopedField`: resolved only inside the signed-in user's scope (`user=`), and outside
it refused with the message of an unknown code.
"""

from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.dates import DateInput
from common.forms import ModelMultipleChoiceField, MultipleFileField
from directives.models import Directive, DirectiveItem
from units.fields import ScopedField
from units.models import Cadre, PartyOrg, Unit

from .models import Agency, CadreKind, FieldContact, Petition, PetitionCategory
from .selectors import agencies_for, followed_units, petition_units
from .services import MAX_PHOTOS, agencies_answering, check_photo


class ScopedForm(forms.Form):
    """A form whose codes resolve inside `user`'s scope (`units.scope`): every `ScopedField` not
    narrowed further by the form itself."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            if isinstance(field, ScopedField):
                field.scope_to(user)


class AssignmentForm(ScopedForm):
    cadre = ScopedField(Cadre, label=_("Cadre code"), help_text=_("As in the roster, e.g. H836-0012."))
    unit = ScopedField(Unit, label=_("Unit code"))
    cadre_kind = forms.ChoiceField(
        label=_("Assigned as"),
        choices=[("", _("From the roster (level and position)"))] + list(CadreKind.choices),
        required=False,
    )
    duty = forms.CharField(label=_("Duty"), max_length=255, required=False, initial="Theo dõi, hỗ trợ")
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(label=_("To"), widget=DateInput(), required=False)
    decision_number = forms.CharField(label=_("Decision number"), max_length=60, required=False)
    assigned_by = ScopedField(PartyOrg, label=_("Assigned by (party organisation code)"), required=False)


class AssignmentEndForm(forms.Form):
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput())


class HandOverForm(ScopedForm):
    to_cadre = ScopedField(Cadre, label=_("New cadre code"))
    on = forms.DateField(label=_("From"), widget=DateInput())
    decision_number = forms.CharField(label=_("Decision number"), max_length=60, required=False)


def _item_label(item) -> str:
    """An item as the contact form lists it under its directive, with its status when not official."""
    status = "" if item.is_official else " · " + str(_("paraphrase"))
    text = item.key_phrase or (item.text[:100] + ("…" if len(item.text) > 100 else ""))
    return f"{item.code}. {text}{status}"


class PhotosMixin:
    """Photos (JPEG, PNG) checked by content and size as the form is validated, so a refused file
    is named next to the field with everything else kept; and the offline client's id."""

    def clean_photos(self):
        from django.core.exceptions import ValidationError

        files = self.cleaned_data.get("photos") or []
        if not files and self.fields["photos"].required:
            raise ValidationError(_("Choose at least one photo."))
        if len(files) > MAX_PHOTOS:
            raise ValidationError(
                _("At most %(count)d photos may be attached to one record.") % {"count": MAX_PHOTOS}
            )
        errors = []
        for upload in files:
            try:
                check_photo(upload)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return files


def photos_field():
    return MultipleFileField(label=_("Photos (JPEG or PNG)"), required=False, accept=".jpg,.jpeg,.png")


def client_id_field():
    # Made by the offline client (static/js/offline.js): a replayed submission stores once.
    return forms.UUIDField(required=False, widget=forms.HiddenInput)


class ContactForm(PhotosMixin, forms.Form):
    """The cadre's phone form: a minute's work. One petition may be added on the spot."""

    unit = ScopedField(Unit, label=_("Unit"), widget=forms.Select)
    contacted_on = forms.DateField(label=_("Date"), widget=DateInput())
    kind = forms.ChoiceField(label=_("Kind of contact"), choices=FieldContact.Kind.choices)
    directives = ModelMultipleChoiceField(
        label=_("Directives disseminated"),
        queryset=Directive.objects.order_by("-issued_on"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    items = ModelMultipleChoiceField(
        label=_("Content items disseminated"),
        queryset=DirectiveItem.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (on a phone: tap) to choose several; the item's directive is counted too."),
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
    photos = photos_field()
    client_id = client_id_field()

    def __init__(self, *args, user, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Offered: the cadre's units today. Accepted: any unit the cadre has followed (a contact may be
        # dated back); whether they followed it on that date is the service's rule (403).
        self.fields["unit"].limit_to(followed_units(user))
        self.fields["unit"].widget.choices = [
            (u.code, f"{u.name} – {u.parent.name}" if u.parent else u.name) for u in units
        ]
        self.fields["contacted_on"].initial = timezone.localdate()
        # The items grouped under their directive (one query); what is accepted is the queryset.
        groups = {}
        for item in DirectiveItem.objects.select_related("directive").order_by(
            "-directive__issued_on", "directive_id", "order", "pk"
        ):
            groups.setdefault(item.directive.symbol, []).append((item.pk, _item_label(item)))
        self.fields["items"].choices = list(groups.items())

    def clean(self):
        data = super().clean()
        # An item disseminated counts its directive as disseminated too.
        items = data.get("items") or []
        if items:
            data["directives"] = list(dict.fromkeys([*(data.get("directives") or []), *(i.directive for i in items)]))
        category, content = data.get("petition_category"), (data.get("petition_content") or "").strip()
        if content and not category:
            self.add_error("petition_category", _("Choose the category of the petition."))
        if category and not content:
            self.add_error("petition_content", _("Write what the people ask."))
        return data


class PetitionForm(PhotosMixin, ScopedForm):
    """A petition raised at a unit in the user's scope (a cadre's followed units are in it too)."""

    unit = ScopedField(Unit, label=_("Unit code (where raised)"))
    raised_on = forms.DateField(label=_("Date raised"), widget=DateInput())
    category = forms.ModelChoiceField(label=_("Category"), queryset=PetitionCategory.objects.all())
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 4}))
    photos = photos_field()
    client_id = client_id_field()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["unit"].limit_to(petition_units(user))
        # Its picker offers the same list (units.search.register_kind in assignments.apps).
        self.fields["unit"].widget.attrs["data-picker"] = reverse_lazy("units:pick", args=["don-vi-kien-nghi"])


class ForwardForm(forms.Form):
    agency = ScopedField(Agency, by="pk", label=_("Responsible agency"), widget=forms.Select)
    due_on = forms.DateField(
        label=_("Answer due"),
        widget=DateInput(),
        required=False,
        help_text=_("Empty: the deadline for the level."),
    )

    def __init__(self, *args, petition, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the agencies of its unit and the levels above it.
        self.fields["agency"].limit_to(agencies_answering(petition))


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


class PetitionFilterForm(ScopedForm):
    unit = ScopedField(Unit, label=_("Unit code (and everything under it)"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All"))] + list(Petition.Status.choices), required=False
    )
    # Only the agencies in the user's scope: another district's agencies are not theirs to filter by.
    agency = ScopedField(
        Agency, by="pk", scope=agencies_for, label=_("Agency"), widget=forms.Select, required=False
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    start = forms.DateField(label=_("Raised from"), widget=DateInput(), required=False)
    end = forms.DateField(label=_("Raised until"), widget=DateInput(), required=False)


class PhotoForm(PhotosMixin, forms.Form):
    photos = MultipleFileField(label=_("Add photos (JPEG or PNG)"), accept=".jpg,.jpeg,.png")
