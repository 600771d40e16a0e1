"""Who may do what with a pledge, commitment or review, for one object already loaded.

The list pages filter with `units.scope.org_q` in SQL (selectors); these predicates answer the same
questions for one object and mirror those filters:

- *in scope*: the record's organisation lies in the user's scope (`org_q`);
- *owner*: the person themselves, or for a collective a user whose home organisation it is (or
  its secretary);
- *superior committee*: for a record counted toward organisation X, the users whose scope covers
  X's parent organisation (for the top organisation: only the provincial office).
"""

from units.models import PartyOrg


def org_in_scope(user, org: PartyOrg) -> bool:
    """The Python twin of `units.scope.org_q` for one organisation (its `unit` must be loaded)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.sees_everything:
        return True
    if user.home_org_id is not None and org.path.startswith(user.home_org.path):
        return True
    return bool(
        user.home_unit_id is not None
        and org.unit_id is not None
        and org.unit.path.startswith(user.home_unit.path)
    )


def is_owner(user, obj) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if obj.cadre_id is not None:
        return user.cadre_id is not None and user.cadre_id == obj.cadre_id
    return user.home_org_id == obj.org_id or (
        user.cadre_id is not None and user.cadre_id == obj.org.secretary_id
    )


def is_superior(user, org: PartyOrg) -> bool:
    """Whether `user` sits on the committee directly above `org` (or above it in the tree)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.sees_everything:
        return True
    if org.parent_id is None:
        return False
    return org_in_scope(user, org.parent)


def can_view(user, obj) -> bool:
    return is_owner(user, obj) or org_in_scope(user, obj.org)


def can_edit(user, obj) -> bool:
    """The owner edits their own record; the provincial office may correct any."""
    return is_owner(user, obj) or (getattr(user, "is_authenticated", False) and user.sees_everything)


def can_decide(user, obj) -> bool:
    """Approve/return a pledge, evaluate a commitment, moderate comments: the superior committee,
    never the owner themselves."""
    return is_superior(user, obj.org) and not (obj.cadre_id and user.cadre_id == obj.cadre_id)
