"""The one form field for anything a form names by code or id: a cadre, a unit, a party
organisation, an agency.

A `ScopedField` resolves what was typed (a roster code in a text box) or chosen (an id in a
select) only among the records the signed-in user may name: `scope_to(user)` takes the scope
from `units.scope` (or the `scope` callable given for the model), `limit_to(queryset)` takes a
list the view has already narrowed through the scope module (a cell's members, the units a
cadre follows, the agencies answering a petition). Until it is bound it resolves nothing.
A record outside that list gets exactly the message of a code nobody has, so a refusal never
tells that the record exists, let alone whose it is.

It is a `ModelChoiceField`: with a text box (the default; tens of thousands of cadres, no
drop-down) or a select / checkboxes for short lists, working without JavaScript.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from common.forms import is_id

from .models import Cadre, PartyOrg, Unit
from .scope import cadre_q, org_q, unit_q

SCOPES = {
    Unit: lambda user: Unit.objects.filter(unit_q(user)),
    PartyOrg: lambda user: PartyOrg.objects.filter(org_q(user)),
    Cadre: lambda user: Cadre.objects.filter(cadre_q(user)),
}



def register_scope(model, scope):
    """Name the records of `model` a user may see (`scope(user)` -> queryset), for the apps' models
    that `units` cannot know (agencies, users): used by ScopedField and the admin's choices."""
    SCOPES[model] = scope


def scope_for(model):
    """`scope(user)` for `model`, or None for a model no scope rule covers."""
    return SCOPES.get(model)


# The models a code box can search by name (static/js/picker.js asks /don-vi/chon/<slug>/?q=). Without
# JavaScript the box stays a plain field taking a code.
PICKER_SLUGS = {Unit: "don-vi", PartyOrg: "to-chuc-dang", Cadre: "can-bo"}


NOT_FOUND = {
    Unit: _("No unit has the code %(code)s."),
    PartyOrg: _("No party organisation has the code %(code)s."),
    Cadre: _("No cadre has the code %(code)s."),
}
# Chosen from a list: an id that is not offered (unknown, or outside the list) reads the same.
NOT_LISTED = _("Choose one of the options listed.")


class ScopedField(forms.ModelChoiceField):
    """One record of `model`, by `by` ("code": typed; "pk": chosen from a list), in scope."""

    def __init__(self, model, *, by="code", scope=None, not_found=None, widget=None, max_length=40, **kwargs):
        if widget is None:
            widget = forms.TextInput(attrs={"maxlength": max_length})
        super().__init__(queryset=model._default_manager.none(), to_field_name=by, widget=widget, **kwargs)
        self.model, self.scope = model, scope or SCOPES.get(model)
        if by == "code" and model in PICKER_SLUGS and isinstance(self.widget, forms.TextInput):
            # A searchable picker over the same scope the code resolves in (`units.search`).
            self.widget.attrs.update(
                {
                    "data-picker": reverse_lazy("units:pick", args=[PICKER_SLUGS[model]]),
                    "data-picker-empty": _("Nothing found in your scope."),
                    "autocomplete": "off",
                }
            )
            if getattr(self.widget, "several_codes", False):
                self.widget.attrs["data-picker-multi"] = ""
        self.error_messages["invalid_choice"] = not_found or (
            NOT_FOUND.get(model, NOT_LISTED) if by == "code" else NOT_LISTED
        )

    @property
    def _by_id(self) -> bool:
        return (self.to_field_name or "pk") in ("pk", "id")

    def scope_to(self, user):
        """Resolve only among the records `user` may see."""
        if self.scope is None:
            raise TypeError(f"no scope for {self.model.__name__}: give the field scope= or use limit_to()")
        self.queryset = self.scope(user)
        return self

    def limit_to(self, queryset):
        """Resolve only inside `queryset`, already narrowed through the scope module."""
        if queryset.model is not self.model:
            raise TypeError(f"{queryset.model.__name__} rows for a {self.model.__name__} field")
        self.queryset = queryset
        return self

    def _not_found(self, value):
        return ValidationError(
            self.error_messages["invalid_choice"],
            code="invalid_choice",
            params={"code": value, "codes": value, "value": value},
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        if self._by_id and not is_id(value):
            raise self._not_found(value)
        try:
            return self.queryset.get(**{self.to_field_name or "pk": value})
        except (
            ValueError,
            TypeError,
            self.queryset.model.DoesNotExist,
            self.queryset.model.MultipleObjectsReturned,
        ):
            raise self._not_found(value) from None


class CodeListInput(forms.TextInput):
    """Several codes in one text box, separated by commas or semicolons (re-shown as typed)."""

    several_codes = True

    def format_value(self, value):
        if isinstance(value, (list, tuple)):
            value = ", ".join(str(v) for v in value)
        return super().format_value(value)


class ScopedMultipleField(ScopedField, forms.ModelMultipleChoiceField):
    """Several records, in scope: checkboxes by id, or codes in one text box (`CodeListInput`).
    Cleans to a list in the order given, without repeats; the message names every code not found."""

    def __init__(self, model, *, by="code", widget=None, **kwargs):
        if widget is None:
            widget = CodeListInput() if by == "code" else forms.CheckboxSelectMultiple()
        super().__init__(model, by=by, widget=widget, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace(";", ",").split(",")
        if not value:
            return []
        if not isinstance(value, (list, tuple)):
            raise ValidationError(self.error_messages["invalid_list"], code="invalid_list")
        wanted = list(dict.fromkeys(str(v).strip() for v in value if str(v).strip()))
        key = self.to_field_name or "pk"
        for v in wanted:
            self.validate_no_null_characters(v)
        if self._by_id and not all(is_id(v) for v in wanted):
            raise self._not_found(", ".join(v for v in wanted if not is_id(v)))
        try:
            found = {str(getattr(o, key)): o for o in self.queryset.filter(**{f"{key}__in": wanted})}
        except (ValueError, TypeError):
            raise self._not_found(", ".join(wanted)) from None
        missing = [v for v in wanted if v not in found]
        if missing:
            raise self._not_found(", ".join(missing))
        return [found[v] for v in wanted]

    def clean(self, value):
        objs = self.to_python(value)
        self.validate(objs)
        self.run_validators(objs)
        return objs
