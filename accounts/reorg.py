"""What follows a reorganisation in accounts: users' home unit and home party organisation.

Found by `units.reorg.followers()` by module name. A user whose home unit (or organisation) is closed
moves to its successor, so they keep seeing their area; where the unit is split, they go to the
successor with the largest share and the preview asks the office to check; where it is abolished with
no successor, they keep the closed unit (and see nothing current) until the office decides.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from units.reorg import FollowerPreview

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
            if not succs:
                out.decisions.append(
                    _("%(user)s works within %(old)s, which has no successor: set their home unit by hand.")
                    % {"user": user.username, "old": closed.name}
                )
                continue
            out.moves.append(
                _("User %(user)s: %(old)s → %(new)s")
                % {"user": user.username, "old": closed.name, "new": succs[0].name}
            )
            if len(succs) > 1:
                out.decisions.append(
                    _("%(user)s worked within %(old)s, which is split: check that %(new)s is right.")
                    % {"user": user.username, "old": closed.name, "new": succs[0].name}
                )
    return out


def apply(ctx) -> dict:
    moved = 0
    for unit_id, succs in ctx.units.items():
        if succs:
            moved += User.objects.filter(home_unit_id=unit_id).update(home_unit_id=succs[0].pk)
    for org_id, succs in ctx.orgs.items():
        if succs:
            moved += User.objects.filter(home_org_id=org_id).update(home_org_id=succs[0].pk)
    return {"users_moved": moved}
