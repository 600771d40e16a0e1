"""Form fields shared by the apps."""

from django import forms
from django.core.exceptions import ValidationError

# The widest primary key any supported database stores (a signed 64-bit integer).
_MAX_ID = 2**63 - 1


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, with posted ids the database cannot hold refused as invalid values.

    Django guards `pk=<huge>` but not `pk__in=[<huge>]`: SQLite raises OverflowError and PostgreSQL
    "integer out of range", both a 500 on a forged form."""

    def _check_values(self, value):
        if self.to_field_name is None:
            for pk in value if isinstance(value, list | tuple | set | frozenset) else ():
                text = str(pk).strip()
                if text.lstrip("-").isdigit() and abs(int(text)) > _MAX_ID:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                    )
        return super()._check_values(value)
