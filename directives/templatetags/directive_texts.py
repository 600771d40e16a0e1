"""How a directive item is shown wherever it is used (pledge actions, review shortcomings, meeting
topics, field contacts, the directive page): its code, and whether its text is the official wording
confirmed by the office or a paraphrase, and how far that paraphrase was verified.

    {% load directive_texts %}
    {% item_status item %}          the status badge alone
    {% item_ref item %}             symbol, code, key phrase (or the start of the text) and the badge
"""

from django import template
from django.utils.translation import gettext_lazy as _

from directives.models import Verification

register = template.Library()

SHORT_LABELS = {
    Verification.CONFIRMED: _("Official text"),
    Verification.FOUND: _("Paraphrase, sourced"),
    Verification.PARTIAL: _("Paraphrase, partly verified"),
    Verification.UNCERTAIN: _("Paraphrase, not verified"),
}


def status_context(item) -> dict:
    return {
        "verification": item.verification,
        "label": SHORT_LABELS.get(item.verification, item.get_verification_display()),
        "title": item.get_verification_display(),
    }


@register.inclusion_tag("directives/_item_status.html")
def item_status(item):
    return status_context(item)


@register.inclusion_tag("directives/_item_ref.html")
def item_ref(item, with_symbol=True):
    """The item's directive must be loaded with it (select_related / prefetch "…__directive")."""
    return {"item": item, "with_symbol": with_symbol, **status_context(item)}
