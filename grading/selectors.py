"""Reads of the grading app, held to the user's scope (units.scope)."""

from units.scope import can_see_org, fetch

from .models import Discipline


def _on_org_in_scope(user, discipline) -> bool:
    return can_see_org(user, discipline.org)


def discipline_for(user, pk) -> Discipline:
    """The access helper for disciplinary decisions: 404 unknown, 403 on an organisation outside the scope."""
    return fetch(Discipline.objects.select_related("org__unit", "cadre"), _on_org_in_scope, user, pk=pk)
