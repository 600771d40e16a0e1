"""A forged id no database integer can hold is refused as an invalid choice, never a 500.

Django guards `pk=<huge>` but not `pk__in=[<huge>]` (SQLite: OverflowError; PostgreSQL: integer out
of range), so every multiple choice over model rows in the project goes through
`common.forms.ModelMultipleChoiceField` (or `units.fields.ScopedMultipleField`, which checks the same)."""

import pytest
from django import forms
from django.utils import translation

from common.forms import ModelMultipleChoiceField
from directives.models import Directive
from tests.forms import project_form_classes
from units.fields import ScopedMultipleField


def test_every_multiple_choice_over_rows_refuses_ids_beyond_the_database():
    plain = [
        f"{cls.__module__}.{cls.__qualname__}.{name}"
        for cls in project_form_classes()
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.ModelMultipleChoiceField)
        and not isinstance(field, ModelMultipleChoiceField | ScopedMultipleField)
    ]
    assert plain == []


@pytest.mark.django_db
def test_a_huge_id_is_an_invalid_value_with_a_vietnamese_message():
    directive = Directive.objects.order_by("pk").first()
    field = ModelMultipleChoiceField(queryset=Directive.objects.all())
    assert list(field.clean([str(directive.pk)])) == [directive]
    with translation.override("vi"), pytest.raises(forms.ValidationError) as refused:
        field.clean([str(directive.pk), "9" * 40])
    assert refused.value.messages == [f"“{'9' * 40}” không phải là giá trị hợp lệ."]
