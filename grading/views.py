"""The rule versions as the office and graders read them, and the discipline records."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.history import Source, history_page
from common.views import submit
from units.scope import org_q

from . import selectors, services
from .forms import AnnulDisciplineForm, DisciplineForm
from .models import Cap, Discipline, RuleVersion


@login_required
def rules_page(request):
    """Every rule version with its dates, cycles, forms, scoring sheets, conditions, and the caps."""
    versions = RuleVersion.objects.prefetch_related("sheets__criteria", "conditions").order_by("effective_from")
    return render(request, "grading/rules.html", {"versions": versions, "caps": Cap.objects.order_by("effective_from")})


def _disciplines(user):
    return Discipline.objects.filter(org_q(user, "org__")).select_related("cadre", "org", "recorded_by")


@login_required
def discipline_list(request):
    can_record = services.can_record(request.user)

    def page(form, status=400):
        rows = Paginator(_disciplines(request.user), 50).get_page(request.GET.get("trang"))
        context = {"page": rows, "form": form, "can_record": can_record, "annul_form": AnnulDisciplineForm()}
        return render(request, "grading/disciplines.html", context, status=status)

    if request.method != "POST":
        return page(DisciplineForm(user=request.user) if can_record else None, status=200)
    if not can_record:
        raise PermissionDenied
    return submit(
        request,
        DisciplineForm(request.POST, user=request.user),
        lambda data: services.discipline_record(acting_user=request.user, **data),
        success=_("The disciplinary measure is recorded."),
        then="grading:disciplines",
        invalid=page,
    )


@login_required
@require_POST
def discipline_annul(request, pk):
    discipline = selectors.discipline_for(request.user, pk)

    def refused(form):
        if "reason" in form.errors:  # no reason given (the form's check, or the service's)
            messages.error(request, _("Give the reason for annulling the measure."))
        if form.non_field_errors():  # any other refusal of the service
            messages.error(request, " ".join(form.non_field_errors()))
        return redirect("grading:disciplines")

    return submit(
        request,
        AnnulDisciplineForm(request.POST),
        lambda data: services.discipline_annul(discipline=discipline, reason=data["reason"], acting_user=request.user),
        success=_("The measure is annulled; it stays in the record."),
        then="grading:disciplines",
        invalid=refused,
    )


@login_required
def discipline_history(request, pk):
    discipline = selectors.discipline_for(request.user, pk)
    return history_page(
        request,
        Source(discipline.history.all()),
        title=f"{discipline} — {discipline.cadre.full_name}",
        back_url=reverse("grading:disciplines"),
    )
