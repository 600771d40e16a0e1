"""Thin views: parse, check access through one helper per object kind, call a service or selector.

403 outside the user's scope, 404 for what does not exist; forms re-render with what was typed.
"""

import csv

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts import roles
from accounts.access import offered_to
from common.cache import cached_fragment, generations
from common.history import history_page
from common.http import XLSX, attachment
from common.views import back_with_errors, submit
from units.models import Unit
from units.scope import can_see_unit, unit_for

from . import selectors, services
from .forms import (
    AssignmentEndForm,
    AssignmentForm,
    ContactForm,
    ForwardForm,
    HandOverForm,
    PetitionFilterForm,
    PetitionForm,
    PhotoForm,
    StatusForm,
    VerdictForm,
)
from .models import Assignment, FieldContact, FieldPhoto, Petition

PAGE_SIZE = 50
# Petitions are long rows (content, unit, agency): 20 a page keeps a phone's page a few screens long.
PETITION_PAGE_SIZE = 20


def _unit_param(request, default=None):
    code = request.GET.get("unit", "").strip()
    if not code:
        return default
    return unit_for(request.user, code)


def _scope_root(user):
    """The unit a user's pages start from: their home unit, or the province for the office."""
    if user.home_unit_id:
        return user.home_unit
    if user.sees_everything:
        return Unit.objects.valid_on().filter(parent__isnull=True).order_by("code").first()
    return None


# --- who is offered which page (the views enforce these, the menus read them) ------------------


def can_see_coverage(user) -> bool:
    return bool(user.home_unit_id or user.sees_everything)


def has_work_page(user) -> bool:
    """A cadre's or an agency's page; everyone else with a scope is sent on to coverage."""
    return bool(user.cadre_id or can_see_coverage(user) or user.agencies.exists())


def can_assign_somewhere(user) -> bool:
    """services.can_assign for some unit: the office, or a leader with a home unit."""
    return bool(user.sees_everything or (user.has_role(roles.LEADER) and user.home_unit_id))


def can_raise_petitions(user) -> bool:
    """Those who may record a petition for some unit: whoever assigns there, or an assigned cadre."""
    return bool(can_assign_somewhere(user) or user.cadre_id)


# --- access helpers --------------------------------------------------------------------------
# `selectors.assignment_for`, `contact_for`, `petition_for` (units.scope.fetch).


# --- the cadre's page ------------------------------------------------------------------------


@login_required
@offered_to(has_work_page, gettext_lazy("This page is for cadres, agencies and those with a unit to follow."))
def my_page(request):
    """A cadre's units, recent contacts and petitions with their answers; others go to coverage."""
    user = request.user
    agencies = list(user.agencies.all())
    if not user.cadre_id and not agencies:
        return redirect("assignments:coverage")
    inbox = []
    if agencies:
        inbox = selectors.petitions_for(user).filter(
            agency__in=agencies, status__in=(Petition.Status.FORWARDED, Petition.Status.IN_PROGRESS)
        )[:30]
    today = timezone.localdate()

    def context():
        return {
            "user": user,
            "assignments": selectors.my_assignments(user),
            "contacts": FieldContact.objects.filter(cadre_id=user.cadre_id).select_related("unit")[:10]
            if user.cadre_id
            else [],
            "petitions": selectors.petitions_for(user).filter(raised_by_id=user.cadre_id)[:20]
            if user.cadre_id
            else Petition.objects.none(),
            "agencies": agencies,
            "inbox": inbox,
            "today": today,
        }

    if agencies:  # an agency's inbox changes with every forwarded petition: not cached
        body = render_to_string("assignments/_my_page.html", context(), request=request)
    else:
        # A cadre's page is theirs alone; kept until their contacts, petitions, notifications or
        # assignments (or the units) change, or the day does (overdue marks).
        gens = generations(f"cadre-{user.cadre_id}", f"user-{user.pk}", "units", "assignments", "petitions")
        body = cached_fragment(
            f"my-page:v1:{user.pk}:{today.isoformat()}:{':'.join(map(str, gens))}",
            "assignments/_my_page.html",
            context,
            settings.PERSONAL_PAGE_CACHE_SECONDS,
        )
    return render(request, "assignments/my_page.html", {"body": body})


# --- coverage --------------------------------------------------------------------------------


@login_required
@offered_to(can_see_coverage, gettext_lazy("Coverage is shown for a unit you work in; you have none."))
def coverage_page(request):
    """Coverage under a unit: per level, per child unit, units without a cadre, loads, endings."""
    unit = _unit_param(request, default=_scope_root(request.user))
    if unit is None:
        raise PermissionDenied
    today = timezone.localdate()
    can_assign = services.can_assign(request.user, unit)
    # The figures' GROUP BYs cover every unit under the province: kept as HTML for
    # COVERAGE_CACHE_SECONDS, rebuilt at once after a change (see selectors.coverage_key).
    figures = cached_fragment(
        f"{selectors.coverage_key(unit, on=today)}:{int(can_assign)}",
        "assignments/_coverage_figures.html",
        lambda: {"unit": unit, "can_assign": can_assign, **selectors.coverage_figures(unit, on=today)},
        settings.COVERAGE_CACHE_SECONDS,
    )
    return render(
        request,
        "assignments/coverage.html",
        {
            "unit": unit,
            "breadcrumb": list(Unit.objects.ancestors_of(unit)),
            "figures": figures,
            "can_assign": can_assign,
        },
    )


# --- assignments -----------------------------------------------------------------------------


@login_required
def assignment_list(request):
    unit = _unit_param(request, default=_scope_root(request.user))
    active = request.GET.get("active", "1") == "1"
    qs = selectors.assignments_for(
        request.user,
        unit=unit,
        active_on=timezone.localdate() if active else None,
        cadre_code=request.GET.get("cadre", "").strip(),
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    totals = qs.order_by().aggregate(assignments=Count("pk"), persons=Count("cadre", distinct=True))
    return render(
        request,
        "assignments/assignment_list.html",
        {
            "page": page,
            "unit": unit,
            "active": active,
            "cadre": request.GET.get("cadre", ""),
            "totals": totals,
        },
    )


@login_required
@offered_to(
    can_assign_somewhere,
    gettext_lazy("Only the provincial office and leaders assign cadres to follow units."),
)
def assignment_create(request):
    form = AssignmentForm(
        request.POST or None,
        initial={"starts_on": timezone.localdate(), "unit": request.GET.get("unit", "")},
        user=request.user,
    )
    return submit(
        request,
        form,
        lambda data: services.assignment_create(
            cadre=data["cadre"],
            unit=data["unit"],
            cadre_kind=data["cadre_kind"],
            duty=data["duty"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            decision_number=data["decision_number"],
            assigned_by=data["assigned_by"],
            acting_user=request.user,
        ),
        success=lambda assignment: (
            _("%(cadre)s now follows %(unit)s.") % {"cadre": assignment.cadre, "unit": assignment.unit}
        ),
        then=lambda assignment: reverse("assignments:assignment_detail", args=[assignment.pk]),
        invalid=lambda form: render(request, "assignments/assignment_form.html", {"form": form}),
    )


@login_required
def assignment_detail(request, pk):
    assignment = selectors.assignment_for(request.user, pk)
    history = (
        Assignment.objects.filter(unit=assignment.unit)
        .select_related("cadre")
        .order_by("-starts_on", "-pk")[:20]
    )
    return render(
        request,
        "assignments/assignment_detail.html",
        {
            "assignment": assignment,
            "history": history,
            "end_form": AssignmentEndForm(initial={"ends_on": timezone.localdate()}),
            "handover_form": HandOverForm(initial={"on": timezone.localdate()}, user=request.user),
            "can_assign": services.can_assign(request.user, assignment.unit),
            "contacts": assignment.contacts.order_by("-contacted_on")[:10],
        },
    )


@login_required
def assignment_history(request, pk):
    assignment = selectors.assignment_for(request.user, pk)
    return history_page(
        request,
        assignment,
        title=f"{assignment.cadre.full_name} → {assignment.unit.name}",
        back_url=reverse("assignments:assignment_detail", args=[pk]),
    )


@login_required
@require_POST
def assignment_end(request, pk):
    assignment = selectors.assignment_for(request.user, pk)
    return submit(
        request,
        AssignmentEndForm(request.POST),
        lambda data: services.assignment_end(
            assignment=assignment, ends_on=data["ends_on"], acting_user=request.user
        ),
        success=lambda _result: (
            _("The assignment ends on %(date)s.") % {"date": assignment.ends_on.strftime("%d/%m/%Y")}
        ),
        then=reverse("assignments:assignment_detail", args=[pk]),
        invalid=lambda form: _refused_on_detail(
            request, assignment, end_form=form, handover_form=HandOverForm(user=request.user)
        ),
    )


def _refused_on_detail(request, assignment, **forms):
    """The assignment page again with the refused form (what was typed and why), status 400."""
    context = {"assignment": assignment, **forms, "can_assign": True}
    return render(request, "assignments/assignment_detail.html", context, status=400)


@login_required
@require_POST
def assignment_hand_over(request, pk):
    assignment = selectors.assignment_for(request.user, pk)
    return submit(
        request,
        HandOverForm(request.POST, user=request.user),
        lambda data: services.assignment_hand_over(
            assignment=assignment,
            to_cadre=data["to_cadre"],
            on=data["on"],
            decision_number=data["decision_number"],
            acting_user=request.user,
        ),
        success=lambda successor: _("The unit passes to %(cadre)s.") % {"cadre": successor.cadre},
        then=lambda successor: reverse("assignments:assignment_detail", args=[successor.pk]),
        invalid=lambda form: _refused_on_detail(
            request, assignment, end_form=AssignmentEndForm(), handover_form=form
        ),
    )


# --- field contacts --------------------------------------------------------------------------


@login_required
@offered_to(
    lambda user: bool(user.cadre_id),
    gettext_lazy("Field contacts are recorded by cadres, with the cadre record of their account."),
)
def contact_create(request):
    """The cadre's phone form. A unit they do not follow on that date: 403, nothing saved."""
    if request.method == "GET" and "unit" not in request.GET:
        return render(
            request, "assignments/contact_form.html", {"fields": _blank_contact_fields(request.user)}
        )
    own = [a.unit for a in selectors.my_assignments(request.user)]
    initial = {"unit": request.GET.get("unit", own[0].code if own else "")}
    form = ContactForm(
        request.POST or None, request.FILES or None, user=request.user, units=own, initial=initial
    )
    return submit(
        request,
        form,
        lambda data: _record_contact(data, request.user),
        success=lambda contact: _("Contact with %(unit)s recorded.") % {"unit": contact.unit.name},
        then=lambda contact: reverse("assignments:contact_detail", args=[contact.pk]),
        invalid=lambda form: render(request, "assignments/contact_form.html", {"form": form, "units": own}),
    )


def _record_contact(data, user):
    """The contact, the petition typed with it, and its photos (not again for a replayed post)."""
    petitions = []
    if data["petition_content"].strip():
        petitions.append((data["petition_category"], data["petition_content"]))
    contact = services.contact_record(
        unit=data["unit"],
        contacted_on=data["contacted_on"],
        kind=data["kind"],
        directives=data["directives"],
        items=data["items"],
        disseminated=data["disseminated"],
        attended_cell_meeting=data["attended_cell_meeting"],
        opinions=data["opinions"],
        petitions=petitions,
        acting_user=user,
        client_id=data["client_id"],
    )
    if data["photos"] and not getattr(contact, "replayed", False):
        services.photos_attach(files=data["photos"], acting_user=user, contact=contact)
    return contact


def _blank_contact_fields(user):
    """The cadre's empty contact form (their units, today's date, the directives): the same all day,
    kept as HTML until their assignments or the units change. The CSRF token stays in the page."""
    today = timezone.localdate()

    def context():
        own = [a.unit for a in selectors.my_assignments(user, on=today)]
        form = ContactForm(user=user, units=own, initial={"unit": own[0].code if own else ""})
        return {"form": form, "units": own}

    units, assignments = generations("units", "assignments")
    return cached_fragment(
        f"contact-form:v2:{user.cadre_id}:{today.isoformat()}:{units}:{assignments}",
        "assignments/_contact_fields.html",
        context,
        settings.PERSONAL_PAGE_CACHE_SECONDS,
    )


@login_required
def contact_list(request):
    unit = _unit_param(request)
    qs = selectors.contacts_for(request.user, unit=unit)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "assignments/contact_list.html", {"page": page, "unit": unit})


@login_required
def contact_detail(request, pk):
    contact = selectors.contact_for(request.user, pk)
    return render(
        request,
        "assignments/contact_detail.html",
        {
            "contact": contact,
            "directives": contact.directives.all(),
            "items": contact.items.select_related("directive").order_by("directive_id", "order", "pk"),
            "petitions": contact.petitions.select_related("category", "agency"),
            "photos": contact.photos.all(),
            "photo_form": PhotoForm() if _may_attach(request.user, contact) else None,
            "photo_action": reverse("assignments:contact_photo_add", args=[contact.pk]),
        },
    )


# --- photos (contacts and petitions) ---------------------------------------------------------------


def _may_attach(user, owner) -> bool:
    return user.sees_everything or owner.recorded_by_id == user.pk


def _photos_post(request, owner, back, **kind):
    url = reverse(back, args=[owner.pk])
    return submit(
        request,
        PhotoForm(request.POST, request.FILES),
        lambda data: services.photos_attach(files=data["photos"], acting_user=request.user, **kind),
        success=lambda stored: _("%(count)d photo(s) attached.") % {"count": len(stored)},
        then=url,
        invalid=back_with_errors(request, url, joined=True),
    )


@login_required
@require_POST
def contact_photo_add(request, pk):
    contact = selectors.contact_for(request.user, pk)
    return _photos_post(request, contact, "assignments:contact_detail", contact=contact)


@login_required
@require_POST
def petition_photo_add(request, pk):
    petition = selectors.petition_for(request.user, pk)
    return _photos_post(request, petition, "assignments:petition_detail", petition=petition)


@login_required
def photo(request, pk):
    """Serve one photo to whoever may read the contact or petition it belongs to (403 otherwise)."""
    found = get_object_or_404(
        FieldPhoto.objects.only("contact_id", "petition_id", "file", "content_type", "original_name"), pk=pk
    )
    if found.contact_id:
        selectors.contact_for(request.user, found.contact_id)
    else:
        selectors.petition_for(request.user, found.petition_id)
    response = FileResponse(
        found.file.open("rb"), content_type=found.content_type, filename=found.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


# --- petitions -------------------------------------------------------------------------------

EXPORT_COLUMNS = [
    ("pk", gettext_lazy("No.")),
    ("raised_on", gettext_lazy("Date raised")),
    ("unit", gettext_lazy("Unit")),
    ("parent", gettext_lazy("Under")),
    ("category", gettext_lazy("Category")),
    ("content", gettext_lazy("Content")),
    ("status", gettext_lazy("Status")),
    ("agency", gettext_lazy("Responsible agency")),
    ("due_on", gettext_lazy("Answer due")),
    ("answered_on", gettext_lazy("Date answered")),
    ("overdue", gettext_lazy("Overdue")),
    ("answer", gettext_lazy("Answer")),
    ("people", gettext_lazy("Resolved in the people's view")),
]


def _export_row(p, today):
    def d(value):
        return value.strftime("%d/%m/%Y") if value else ""

    people = {True: _("Yes"), False: _("No"), None: ""}[p.people_satisfied]
    return [
        p.pk,
        d(p.raised_on),
        p.unit.name,
        p.unit.parent.name if p.unit.parent else "",
        p.category.name,
        p.content,
        p.get_status_display(),
        p.agency.name if p.agency else "",
        d(p.due_on),
        d(p.answered_on),
        _("Yes") if p.is_overdue(today) else "",
        p.answer,
        people,
    ]


class _Echo:
    def write(self, value):
        return value


def _export(qs, fmt, today):
    headers = [str(label) for _key, label in EXPORT_COLUMNS]
    stamp = today.strftime("%Y%m%d")
    if fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet(_("Petitions"))
        ws.append(headers)
        for p in qs.iterator(chunk_size=2000):
            ws.append(_export_row(p, today))
        response = attachment(b"", f"kien-nghi-{stamp}.xlsx", XLSX)
        wb.save(response)
        return response
    writer = csv.writer(_Echo())

    def rows():
        yield "\ufeff" + writer.writerow(headers)  # BOM: Excel opens UTF-8 Vietnamese correctly
        for p in qs.iterator(chunk_size=2000):
            yield writer.writerow(_export_row(p, today))

    return attachment(
        rows(), f"kien-nghi-{stamp}.csv", "text/csv; charset=utf-8", response_class=StreamingHttpResponse
    )


@login_required
def petition_list(request):
    """Petitions in scope, filtered by unit subtree, status, agency, overdue and period; exportable."""
    today = timezone.localdate()
    form = PetitionFilterForm(request.GET or None, user=request.user)
    filters = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["unit"] is not None and not can_see_unit(request.user, data["unit"]):
            raise PermissionDenied
        filters = {k: data[k] for k in ("unit", "status", "agency", "overdue", "start", "end")}
    qs = selectors.petitions_for(request.user, today=today, **filters)
    fmt = request.GET.get("export")
    if fmt in ("csv", "xlsx"):
        return _export(qs, fmt, today)
    page = Paginator(qs, PETITION_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    return render(
        request,
        "assignments/petition_list.html",
        {"form": form, "page": page, "today": today, "query": query.urlencode()},
    )


@login_required
@offered_to(
    can_raise_petitions,
    gettext_lazy("Petitions are recorded by the office, leaders and the cadres assigned to a unit."),
)
def petition_create(request):
    """A unit the user may not record for: the form again, with the reason and what was typed."""
    form = PetitionForm(
        request.POST or None,
        request.FILES or None,
        initial={"raised_on": timezone.localdate(), "unit": request.GET.get("unit", "")},
        user=request.user,
    )
    return submit(
        request,
        form,
        lambda data: _record_petition(data, request.user),
        success=lambda petition: _("Petition #%(id)s recorded.") % {"id": petition.pk},
        then=lambda petition: reverse("assignments:petition_detail", args=[petition.pk]),
        invalid=lambda form: render(request, "assignments/petition_form.html", {"form": form}),
    )


def _record_petition(data, user):
    """The petition and its photos (not again for a replayed post); a unit the user may not record
    for is refused beside the unit field."""
    try:
        petition = services.petition_create(
            unit=data["unit"],
            category=data["category"],
            content=data["content"],
            raised_on=data["raised_on"],
            acting_user=user,
            client_id=data["client_id"],
        )
    except PermissionDenied as exc:
        message = _(
            "You may not record petitions for %(unit)s: only the cadres assigned to follow it on "
            "that date, its leaders and the provincial office may."
        ) % {"unit": data["unit"].name}
        raise ValidationError({"unit": message}) from exc
    if data["photos"] and not getattr(petition, "replayed", False):
        services.photos_attach(files=data["photos"], acting_user=user, petition=petition)
    return petition


def _petition_context(request, petition, **forms):
    user = request.user
    context = {
        "petition": petition,
        "events": petition.events.select_related("by"),
        "today": timezone.localdate(),
        "can_forward": petition.status in (Petition.Status.NEW, Petition.Status.RETURNED)
        and services.can_forward(user, petition),
        "can_handle": petition.agency_id
        and petition.status in (Petition.Status.FORWARDED, Petition.Status.IN_PROGRESS)
        and (user.sees_everything or services.is_agency_member(user, petition.agency_id)),
        "can_verdict": petition.status in Petition.ANSWERED_STATES
        and (services.is_raiser(user, petition) or user.sees_everything),
    }
    # A refused action re-shows its own form (with the message and what was typed), even when the
    # petition's status no longer offers it.
    for key, flag in (
        ("forward_form", "can_forward"),
        ("status_form", "can_handle"),
        ("verdict_form", "can_verdict"),
    ):
        if key in forms:
            context[flag] = True
    context["forward_form"] = forms.get("forward_form") or ForwardForm(petition=petition)
    context["status_form"] = forms.get("status_form") or StatusForm()
    context["verdict_form"] = forms.get("verdict_form") or VerdictForm()
    return context


@login_required
def petition_detail(request, pk):
    petition = selectors.petition_for(request.user, pk)
    context = _petition_context(request, petition)
    context.update(
        photos=petition.photos.all(),
        photo_form=PhotoForm() if _may_attach(request.user, petition) else None,
        photo_action=reverse("assignments:petition_photo_add", args=[petition.pk]),
    )
    return render(request, "assignments/petition_detail.html", context)


@login_required
def petition_history(request, pk):
    petition = selectors.petition_for(request.user, pk)
    return history_page(
        request,
        petition,
        title=_("Petition #%(id)s") % {"id": petition.pk},
        back_url=reverse("assignments:petition_detail", args=[pk]),
    )


def _petition_action(request, pk, form_class, form_key, action, said=None):
    """`said(petition, data)`: what the confirmation says was done (the new status by default)."""
    petition = selectors.petition_for(request.user, pk)
    form = form_class(request.POST, **({"petition": petition} if form_class is ForwardForm else {}))

    def done(result):
        done = result if isinstance(result, Petition) else petition
        what = said(done, form.cleaned_data) if said else done.get_status_display()
        return _("Petition #%(id)s: %(status)s.") % {"id": done.pk, "status": what}

    def refused(form):
        petition.refresh_from_db()
        return render(
            request,
            "assignments/petition_detail.html",
            _petition_context(request, petition, **{form_key: form}),
            status=400,
        )

    return submit(
        request,
        form,
        lambda data: action(petition, data),
        success=done,
        then=reverse("assignments:petition_detail", args=[pk]),
        invalid=refused,
    )


@login_required
@require_POST
def petition_forward(request, pk):
    return _petition_action(
        request,
        pk,
        ForwardForm,
        "forward_form",
        lambda p, d: services.petition_forward(
            petition=p, agency=d["agency"], due_on=d["due_on"], acting_user=request.user
        ),
    )


@login_required
@require_POST
def petition_status(request, pk):
    return _petition_action(
        request,
        pk,
        StatusForm,
        "status_form",
        lambda p, d: services.petition_change_status(
            petition=p,
            to_status=d["status"],
            answer=d["answer"],
            reason=d["reason"],
            redirect_to=d["redirect_to"],
            acting_user=request.user,
        ),
    )


@login_required
@require_POST
def petition_verdict(request, pk):
    return _petition_action(
        request,
        pk,
        VerdictForm,
        "verdict_form",
        lambda p, d: services.petition_record_verdict(
            petition=p, satisfied=d["satisfied"], acting_user=request.user
        ),
        # The people's view, not the agency's status ("Đã trả lời" read as if nothing was recorded).
        said=lambda p, d: (
            _("the people consider it resolved")
            if d["satisfied"]
            else _("the people do not consider it resolved")
        ),
    )


@login_required
def agency_page(request):
    """Each agency's figures: routed, answered on time / late, overdue, resolved in the people's view."""
    user = request.user
    form = PetitionFilterForm(request.GET or None, user=request.user)
    start = end = None
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    agency_ids = (
        None if user.sees_everything else set(selectors.agencies_for(user).values_list("pk", flat=True))
    )
    rows = selectors.agency_figures(agency_ids, start=start, end=end)
    return render(request, "assignments/agencies.html", {"rows": rows, "form": form})
