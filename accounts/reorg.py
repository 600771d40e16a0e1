"""What follows a reorganisation in accounts: users' home unit and home party organisation.

Found by `units.reorg.followers()` by module name. A user whose home unit (or organisation) is closed
moves to its successor when there is exactly one, so they keep seeing their area. Where the unit is
split or abolished (several successors, or none) they keep the closed unit, and see nothing current,
until the office chooses on the worklist (`units.worklist`, through `worklist()` / `settle()` below).
"""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.cache import bump
from common.history import update_with_history
from units.models import PartyOrg
from units.reorg import FollowerPreview
from units.worklist import PAGE, Row, Section, SettleRefused

from .models import User

label = gettext_lazy("Users' home units")


def _affected(ctx):
    return User.objects.filter(home_unit_id__in=list(ctx.units)) | User.objects.filter(
        home_org_id__in=list(ctx.orgs)
    )


def preview(ctx) -> FollowerPreview:
    out = FollowerPreview(label=str(label))
    for user in _affected(ctx).select_related("home_unit", "home_org").order_by("username"):
        for closed, succs in (
            (user.home_unit, ctx.units.get(user.home_unit_id)),
            (user.home_org, ctx.orgs.get(user.home_org_id)),
        ):
            if closed is None or succs is None:
                continue
            if len(succs) != 1:
                out.decisions.append(
                    _(
                        "%(user)s works within %(old)s, which has no single successor: choose their home unit "
                        "on the worklist."
                    )
                    % {"user": user.username, "old": closed.name}
                )
                continue
            out.moves.append(
                _("User %(user)s: %(old)s → %(new)s")
                % {"user": user.username, "old": closed.name, "new": succs[0].name}
            )
    return out


def apply(ctx) -> dict:
    moved = 0
    user = ctx.acting_user if getattr(ctx.acting_user, "pk", None) else None
    for unit_id, succs in ctx.units.items():
        if len(succs) == 1:
            moved += update_with_history(
                User.objects.filter(home_unit_id=unit_id), user=user, home_unit_id=succs[0].pk
            )
    for org_id, succs in ctx.orgs.items():
        if len(succs) == 1:
            moved += update_with_history(
                User.objects.filter(home_org_id=org_id), user=user, home_org_id=succs[0].pk
            )
    bump("accounts")  # bulk updates send no signals: signed-in users are reloaded (accounts.backends)
    return {"users_moved": moved}


# The worklist after the reorganisation (units.worklist) ----------------------------------------


def _users(wctx):
    return User.objects.filter(is_active=True).filter(
        Q(home_unit_id__in=list(wctx.closed_units)) | Q(home_org_id__in=list(wctx.closed_orgs))
    )


def _candidates(wctx, user) -> list:
    if user.home_unit_id in wctx.closed_units:
        return wctx.unit_choices(user.home_unit_id)
    org = wctx.closed_orgs.get(user.home_org_id)
    return [(o.unit.code, o.unit.name) for o in wctx.org_cand.get(org.pk, []) if o.unit_id] if org else []


def worklist(wctx) -> list:
    qs = _users(wctx)
    section = Section(
        key="users",
        title=_("Users whose home unit was closed"),
        help=_(
            "They see nothing current until they get an open home unit. Choose it; their home party "
            "organisation becomes the committee leading that unit when theirs was closed."
        ),
        columns=[_("User"), _("Name"), _("Home unit"), _("Home party organisation")],
        actions=[("move", _("Move to the chosen unit"), True)],
        total=qs.count(),
        target_label=_("Unit code"),
    )
    for user in qs.select_related("home_unit", "home_org").order_by("username")[:PAGE]:
        section.rows.append(
            Row(
                id=str(user.pk),
                cells=[
                    user.username,
                    user.get_full_name(),
                    user.home_unit.name if user.home_unit_id else "—",
                    user.home_org.name if user.home_org_id else "—",
                ],
                reason=_("closed on %(day)s with no single successor") % {"day": wctx.day_before.strftime("%d/%m/%Y")},
                candidates=_candidates(wctx, user),
            )
        )
    return [section]


def settle(wctx, section, action, targets, commit):
    if section != "users":
        return None
    if action != "move":
        raise SettleRefused([_("Unknown action.")])
    ids = [int(i) for i in targets if str(i).isdigit()]
    users = {str(u.pk): u for u in _users(wctx).filter(pk__in=ids).select_related("home_unit", "home_org")}
    problems = [
        _("User %(row)s no longer needs settling (their home unit is open).") % {"row": row}
        for row in targets
        if row not in users
    ]
    if problems:
        raise SettleRefused(problems)
    plans = _targets(wctx, users, targets)
    committees = {
        o.unit_id: o
        for o in PartyOrg.objects.filter(unit_id__in=[u.pk for _user, u in plans], valid_to__isnull=True)
        .exclude(kind__in=PartyOrg.CELL_KINDS)
        .order_by("-level")
    }
    changes = []
    for user, unit in plans:
        fields, line = _move(wctx, user, unit, committees.get(unit.pk))
        changes.append(line)
        if commit:
            update_with_history(User.objects.filter(pk=user.pk), **wctx.history(), **fields)
    if commit:
        bump("accounts")  # bulk updates send no signals: signed-in users are reloaded (accounts.backends)
    return changes


def _targets(wctx, users, targets) -> list[tuple]:
    """(user, the open unit named for them) for each user; refused whole if a code names none."""
    resolved, plans, problems = {}, [], []
    for row_id, user in users.items():
        code = (targets[row_id] or "").strip()
        try:
            unit = resolved[code] if code in resolved else wctx.target_unit(code)
        except SettleRefused as exc:
            problems.extend(f"{user.username}: {m}" for m in exc.messages)
            continue
        resolved[code] = unit
        plans.append((user, unit))
    if problems:
        raise SettleRefused(problems)
    return plans


def _move(wctx, user, unit, committee):
    """The fields that move `user` to `unit` (and to its committee when their organisation closed or
    was never set), and the line the preview shows."""
    fields = {"home_unit_id": unit.pk}
    line = _("%(user)s: home unit %(old)s → %(new)s") % {
        "user": user.username,
        "old": user.home_unit.name if user.home_unit_id else "—",
        "new": unit.name,
    }
    if (user.home_org_id is None or user.home_org_id in wctx.closed_orgs) and committee is not None:
        fields["home_org_id"] = committee.pk
        line += "; " + _("party organisation → %(org)s") % {"org": committee.name}
    return fields, line
