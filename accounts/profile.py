"""A person's own page: who they are in the roster (party data), their roles and scope, the units
they follow, their pledges and work commitments. Only ever the signed-in user's own records."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from assignments.models import Assignment
from pledges.models import Commitment, Pledge

from . import roles


@login_required
def profile(request):
    user = request.user
    cadre = None
    assignments = pledges = commitments = []
    if user.cadre_id:
        from units.models import Cadre

        cadre = Cadre.objects.select_related("work_unit", "party_org").get(pk=user.cadre_id)
        today = timezone.localdate()
        assignments = list(
            Assignment.objects.filter(cadre=cadre).select_related("unit").order_by("-starts_on", "pk")
        )
        for a in assignments:
            a.is_open = a.ends_on is None or a.ends_on >= today
        pledges = list(
            Pledge.objects.filter(cadre=cadre)
            .select_related("org", "current_version", "published_version")
            .order_by("-year", "pk")
        )
        commitments = list(
            Commitment.objects.filter(cadre=cadre).select_related("org").order_by("-year", "pk")
        )
    names = user.role_names
    return render(
        request,
        "accounts/profile.html",
        {
            "cadre": cadre,
            "role_labels": [roles.LABELS[r] for r in roles.ALL if r in names],
            "assignments": assignments,
            "pledges": pledges,
            "commitments": commitments,
        },
    )
