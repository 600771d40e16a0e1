from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from units.models import Unit
from units.selectors import level_counts

from . import lockouts, roles
from .access import offered_to


def home_context(request) -> dict:
    """What this person can do, by role, and the size of their scope (the page at `/` is
    notifications.views.home, which puts what waits on them first)."""
    user = request.user
    home_unit = user.home_unit
    context = {
        "roles": [roles.LABELS[name] for name in roles.ALL if user.has_role(name)],
        "is_office": user.sees_everything,
        "is_leader": user.has_role(roles.LEADER),
        "is_cadre": user.has_role(roles.CADRE),
        "is_cell_secretary": user.has_role(roles.CELL_SECRETARY),
        "home_unit": home_unit,
        "counts": [
            (Unit.LEVEL_NAMES.get(level, level), n)
            for level, n in (level_counts(home_unit) if home_unit else {}).items()
        ],
    }
    return context



def locked_out(request, credentials=None, *args, **kwargs):
    """What django-axes shows after too many failed sign-ins (HTTP 429)."""
    minutes = round(float(settings.AXES_COOLOFF_TIME) * 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


@login_required
@offered_to(lockouts.can_manage, gettext_lazy("Only the provincial office can see and lift sign-in lockouts."))
@require_http_methods(["GET", "POST"])
def lockout_list(request):
    """The provincial office's page of current sign-in lockouts, lifted one by one or in bulk."""
    if request.method == "POST":
        keys = request.POST.getlist("one") or request.POST.getlist("chosen")
        if not keys:
            messages.error(request, _("Choose at least one lockout to lift."))
        else:
            lifted = lockouts.lift(keys, acting_user=request.user)
            if lifted:
                messages.success(
                    request,
                    ngettext(
                        "Unlocked %(count)d sign-in: %(names)s.",
                        "Unlocked %(count)d sign-ins: %(names)s.",
                        len(lifted),
                    )
                    % {"count": len(lifted), "names": ", ".join(lock.username for lock in lifted)},
                )
            else:
                messages.error(request, _("Nothing to unlock: the lockout has already ended or been lifted."))
        return redirect("accounts:lockouts")
    return render(
        request,
        "accounts/lockouts.html",
        {"lockouts": lockouts.current(), "lifts": lockouts.recent_lifts()},
    )
