from django import template
from django.utils.translation import gettext as _

from common.numbers import number

register = template.Library()


@register.filter
def fig(value, suffix=""):
    """A figure, or "no data yet" when its source is unavailable (never shown as zero)."""
    if value is None:
        return _("no data yet")
    return number(value, suffix)


@register.filter
def ratio(part, whole):
    """ "5/6", or "no data yet" when either side is unavailable."""
    if part is None or whole is None:
        return _("no data yet")
    return f"{part}/{whole}"
