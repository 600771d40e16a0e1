"""Writes on directive texts: the office replaces an item's paraphrase with the official wording and
confirms it. Every change is kept in the item's history (simple_history), with the way it came."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.text import nfc

from .models import DirectiveItem, Verification


def clean_official_text(text) -> str:
    text = nfc(str(text or "")).strip()
    if not text:
        raise ValidationError(_("The official text is empty."))
    return text


def replace_text(*, item: DirectiveItem, text: str, acting_user, reason: str) -> DirectiveItem:
    """Store `text` as the item's official wording, confirmed by `acting_user` now."""
    item.text = clean_official_text(text)
    item.verification = Verification.CONFIRMED
    item.confirmed_by = acting_user
    item.confirmed_at = timezone.now()
    item._change_reason = reason
    item.save()
    return item


@transaction.atomic
def replace_texts(*, rows, acting_user, reason: str) -> int:
    """All of a checked sheet's rows ((item, text) pairs), or none (one transaction)."""
    for item, text in rows:
        replace_text(item=item, text=text, acting_user=acting_user, reason=reason)
    return len(rows)
