from django import template

from common.numbers import number
from dashboards.presenters import unavailable

register = template.Library()


@register.filter
def val(value, suffix=""):
    """A figure, or "no data yet" when its source is unavailable (never shown as zero)."""
    if value is None:
        return unavailable()
    return number(value, suffix)


@register.filter
def is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
