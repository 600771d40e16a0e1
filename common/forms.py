"""Form fields shared by the apps."""

from django import forms
from django.core.exceptions import ValidationError

MAX_ID = 2**63 - 1  # SQLite and PostgreSQL bigints; a longer number is no one's id (and SQLite raises)


def is_id(value) -> bool:
    """Whether `value` could be a row id: digits, within the database's integer range."""
    try:
        n = int(str(value).strip())
    except ValueError:
        return False
    return 0 < n <= MAX_ID


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, with posted ids the database cannot hold refused as invalid values.

    Django guards `pk=<huge>` but not `pk__in=[<huge>]`: SQLite raises OverflowError and PostgreSQL
    "integer out of range", both a 500 on a forged form."""

    def _check_values(self, value):
        if self.to_field_name is None:
            for pk in value if isinstance(value, list | tuple) else ():
                if not is_id(pk):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                    )
        return super()._check_values(value)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": kwargs.pop("accept", ".pdf,.jpg,.jpeg,.png")}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []
