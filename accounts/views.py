from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from units.models import Unit
from units.selectors import level_counts

from . import roles


@login_required
def home(request):
    """What this person can do, by role, and the size of their scope."""
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
    return render(request, "home.html", context)


def locked_out(request, credentials=None, *args, **kwargs):
    """What django-axes shows after too many failed sign-ins (HTTP 429)."""
    minutes = round(float(settings.AXES_COOLOFF_TIME) * 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
