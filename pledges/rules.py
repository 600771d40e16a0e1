"""Who may do what with a pledge, commitment or review, for one object already loaded.

The list pages filter with `units.scope.org_q` in SQL (selectors); these predicates answer the same
questions for one object and mirror those filters:

- *in scope*: the record's organisation lies in the user's scope (`org_q`);
- *owner*: the person themselves, or for a collective a user whose home organisation it is (or
  its secretary);
- *superior committee*: the users whose scope covers the record's *approving organisation*
  (`approver_org`, below), the owner themselves excluded. The same rule decides who approves
  and returns a pledge, moderates its public comments, grades (and annuls the grade of) a work
  commitment, and follows up a review (progress, milestones, pressing issues).

The approving organisation (DOMAIN.md: "the directly superior committee decides"):

1. A collective's record (organisation X): X's parent. The root (the provincial committee) has
   no parent: its own record is decided by those whose scope covers the root, i.e. the
   provincial office and the provincial leaders (`sees_everything` or home at the province).
2. A person who is secretary or deputy secretary of one or more organisations: the parent of the
   highest of them (smallest level; the tree path breaks ties). A district secretary, whose
   ``party_org`` is the district's agency cell, is approved by the province, not by his own
   district; a commune secretary by the district; the provincial secretary, as in rule 1, by
   those covering the root. Every organisation the person leads or led counts, the open ones
   first (after a reorganisation the committee they now lead decides, not the closed one), so a
   past year's record keeps the approver it had as long as they lead nothing open.
3. Any other person: their own party organisation (``org``, their ``party_org`` when the record
   was made): a member's cell approves the member's pledge, and whoever's scope covers that cell
   (its commune, district, the office).

`approver_org_id_expression()` is the SQL twin used by the queues, so the queue shows exactly the
records `can_decide` allows.
"""

from django.db.models import Case, F, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce

from units.models import PartyOrg
from units.scope import can_see_org

# Open organisations first (then the latest closed), each group highest first.
LED_ORDER = (F("valid_to").desc(nulls_first=True), "level", "path")


def led_orgs(cadre_id):
    """Organisations the person is secretary or deputy secretary of, open ones first, highest first."""
    return PartyOrg.objects.filter(Q(secretary_id=cadre_id) | Q(deputy_secretary_id=cadre_id)).order_by(
        *LED_ORDER
    )


def approver_org(obj) -> PartyOrg:
    """The organisation whose committee decides on `obj` (see the module docstring); at most one
    query (for a person's record)."""
    if obj.cadre_id is None:
        org = obj.org
        return org.parent if org.parent_id else org
    top = led_orgs(obj.cadre_id).select_related("parent", "parent__unit", "unit").first()
    if top is None:
        return obj.org
    return top.parent if top.parent_id else top


def approver_org_id_expression(prefix: str = ""):
    """SQL expression giving the approving organisation's id for pledges/commitments/reviews
    (``prefix`` reaches the record, e.g. ``"pledge__"`` from a comment)."""
    top = (
        PartyOrg.objects.filter(
            Q(secretary_id=OuterRef(f"{prefix}cadre_id"))
            | Q(deputy_secretary_id=OuterRef(f"{prefix}cadre_id"))
        )
        .order_by(*LED_ORDER)
        .annotate(approver=Coalesce("parent_id", "pk"))
        .values("approver")[:1]
    )
    return Case(
        When(
            **{f"{prefix}cadre__isnull": True},
            then=Coalesce(F(f"{prefix}org__parent_id"), F(f"{prefix}org_id")),
        ),
        default=Coalesce(Subquery(top), F(f"{prefix}org_id")),
    )


def is_owner(user, obj) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if obj.cadre_id is not None:
        return user.cadre_id is not None and user.cadre_id == obj.cadre_id
    return user.home_org_id == obj.org_id or (
        user.cadre_id is not None and user.cadre_id == obj.org.secretary_id
    )


def is_superior(user, obj) -> bool:
    """Whether `user` sits on the committee that decides on `obj` (or above it in the tree)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.sees_everything:
        return True
    return can_see_org(user, approver_org(obj))


def can_view(user, obj) -> bool:
    return is_owner(user, obj) or can_see_org(user, obj.org)


def can_edit(user, obj) -> bool:
    """The owner edits their own record; the provincial office may correct any."""
    return is_owner(user, obj) or (getattr(user, "is_authenticated", False) and user.sees_everything)


def can_decide(user, obj) -> bool:
    """Approve/return a pledge, evaluate a commitment, moderate comments: the superior committee,
    never the owner themselves."""
    if obj.cadre_id and user.cadre_id == obj.cadre_id:
        return False
    return is_superior(user, obj)


def can_follow_up(user, review) -> bool:
    """Record progress on a review's remediation: its owner or its superior committee."""
    return can_edit(user, review) or is_superior(user, review)
