"""Finding units, party organisations and cadres by name or code, diacritic-insensitive
(`common.text.fold` on both sides: `search_text` is folded when saved), only among the records the
user may name (`units.fields.scope_for`, the same scope the forms resolve codes in). Used by the
pickers' JSON endpoint and the search page."""

from common.text import search_words

from .fields import scope_for
from .models import Cadre, PartyOrg, Unit

# URL slug -> model, for /don-vi/chon/<kind>/ and the search page's tabs.
KINDS = {"don-vi": Unit, "to-chuc-dang": PartyOrg, "can-bo": Cadre}
SLUGS = {model: slug for slug, model in KINDS.items()}
# Slug -> scope(user) for pickers whose field resolves in a list of its own (`register_kind`).
SCOPES = {}
LIMIT = 20


def register_kind(slug: str, model, scope):
    """A picker over `scope(user)` (a queryset of `model`, built through units.scope), for a field the
    form narrows or widens with `limit_to` — e.g. the units a cadre follows outside their commune."""
    KINDS[slug] = model
    SCOPES[slug] = scope


def find(model, user, query: str, *, limit: int = LIMIT, open_only: bool = True, scope=None):
    """Up to `limit` records of `model` in `user`'s scope whose name or code holds every word of
    `query` (folded), open ones only unless `open_only` is False. One query; an empty term finds
    nothing (a picker opens on typing, a search page on a term)."""
    words = search_words(query or "")
    if not words:
        return []
    qs = (scope or scope_for(model))(user)
    for word in words:
        qs = qs.filter(search_text__contains=word)
    if model is Cadre:
        qs = qs.select_related("work_unit", "party_org").order_by("full_name", "code")
    else:
        if open_only:
            qs = qs.valid_on()
        qs = qs.select_related("parent").order_by("level", "name", "code")
    return list(qs[:limit])


def label(obj) -> str:
    """What a picker shows under the name: where the record sits."""
    if isinstance(obj, Cadre):
        parts = [obj.position, obj.work_unit.name if obj.work_unit_id else ""]
    else:
        parts = [obj.get_kind_display(), obj.parent.name if obj.parent_id else ""]
    return " · ".join(str(p) for p in parts if p)


def as_json(obj) -> dict:
    name = obj.full_name if isinstance(obj, Cadre) else obj.name
    return {"code": obj.code, "name": name, "detail": label(obj)}
