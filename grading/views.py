"""The rule versions as the office and graders read them, and the discipline records."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.history import Source, history_page
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
    form = DisciplineForm(user=request.user) if can_record else None
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        form = DisciplineForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.discipline_record(acting_user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The disciplinary measure is recorded."))
                return redirect("grading:disciplines")
    page = Paginator(_disciplines(request.user), 50).get_page(request.GET.get("trang"))
    return render(
        request,
        "grading/disciplines.html",
        {"page": page, "form": form, "can_record": can_record, "annul_form": AnnulDisciplineForm()},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def discipline_annul(request, pk):
    discipline = selectors.discipline_for(request.user, pk)
    form = AnnulDisciplineForm(request.POST)
    if form.is_valid():
        try:
            services.discipline_annul(discipline=discipline, reason=form.cleaned_data["reason"], acting_user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The measure is annulled; it stays in the record."))
    else:
        messages.error(request, _("Give the reason for annulling the measure."))
    return redirect("grading:disciplines")


@login_required
def discipline_history(request, pk):
    discipline = selectors.discipline_for(request.user, pk)
    return history_page(
        request,
        Source(discipline.history.all()),
        title=f"{discipline} — {discipline.cadre.full_name}",
        back_url=reverse("grading:disciplines"),
    )
