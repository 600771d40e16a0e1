from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts import roles
from accounts.access import offered_to
from common.cache import cached_fragment, generations
from common.forms import is_id
from common.history import Source, history_page, part
from common.http import DOCX, PDF, attachment
from common.tasks import QUEUE_UNAVAILABLE
from units.models import Cadre, PartyOrg
from units.scope import can_see_org, org_q
from units.selectors import org_by_code

from . import documents, inputs, periods, rollup, selectors, services, structure
from .forms import (
    AnnouncementForm,
    MeetingDeleteForm,
    MeetingForm,
    MeetingPlanForm,
    OverrideForm,
    ReopenForm,
    TaskCloseForm,
    TaskForm,
)
from .models import (
    Announcement,
    Attendance,
    GradeOverride,
    Meeting,
    MeetingDocument,
    MeetingTask,
    OrgResult,
    Period,
    RollupRun,
)

STEPS = {
    "": gettext_lazy("Waiting for a worker"),
    "cells": gettext_lazy("Listing the cells"),
    "meetings": gettext_lazy("Counting meetings"),
    "attendance": gettext_lazy("Counting attendance"),
    "inputs": gettext_lazy("Reading petitions, pledges and commitments"),
    "grading": gettext_lazy("Suggesting grades"),
    "aggregating": gettext_lazy("Summing up the party tree"),
    "done": gettext_lazy("Done"),
}


def get_org_for(user, code) -> PartyOrg:
    """The access helper for organisations: 404 for an unknown code, 403 outside the user's scope."""
    org = org_by_code(code, "parent", "unit", "secretary")
    if org is None:
        raise Http404
    if not can_see_org(user, org):
        raise PermissionDenied
    return org


def get_cell_for(user, code) -> PartyOrg:
    org = get_org_for(user, code)
    if not org.is_cell:
        raise Http404
    return org


def get_period(code) -> Period:
    try:
        return periods.ensure(code)
    except periods.BadPeriodCode as exc:
        raise Http404 from exc


def _period_from(request) -> Period:
    code = request.GET.get("ky") or periods.code_for(timezone.localdate())
    return get_period(code)


@login_required
@offered_to(
    lambda user: bool(user.home_org_id or user.sees_everything),
    gettext_lazy("Cell meetings are shown for the party organisation you belong to; your account has none."),
)
def cell_index(request):
    user = request.user
    if user.has_role(roles.CELL_SECRETARY) and user.home_org_id and user.home_org.is_cell:
        return redirect("cells:cell", code=user.home_org.code)
    query = request.GET.get("q", "")
    page = Paginator(selectors.cells_in_scope(user, query=query), 50).get_page(request.GET.get("trang"))
    page.object_list = selectors.with_member_counts(page.object_list)
    return render(
        request,
        "cells/index.html",
        {"page": page, "q": query, "periods": periods.ensure_recent(4), "home_org": user.home_org},
    )


@login_required
def cell_page(request, code):
    cell = get_cell_for(request.user, code)
    period = _period_from(request)
    can_record = services.can_record(request.user, cell)
    # The page below the title (members, periods, lock, the calendar with the criteria's verdicts)
    # is kept as HTML until a meeting of the cell, its members, an announcement or the criteria
    # change; the day is in the key since months fall due with it.
    gens = generations(f"cell-{cell.pk}", "criteria", "units", "announcements")
    body = cached_fragment(
        f"cell-page:v2:{cell.pk}:{period.code}:{timezone.localdate().isoformat()}:{int(can_record)}:"
        + ":".join(map(str, gens)),
        "cells/_cell_body.html",
        lambda: {
            "cell": cell,
            "period": period,
            "calendar": selectors.calendar(cell, period),
            "periods": periods.ensure_recent(4),
            "can_record": can_record,
            "members": selectors.cell_members(cell).count(),
            "lock": services.period_lock(cell, period.starts_on),
            "planned": list(selectors.planned_meetings(cell)),
            "open_tasks": list(selectors.open_tasks(cell)),
        },
        settings.CALENDAR_CACHE_SECONDS,
    )
    return render(request, "cells/cell.html", {"cell": cell, "body": body})


def _guest_choices(cell):
    """The cadres assigned to follow the cell's unit (assignments app); without that app, the cadres
    working in the units above it."""
    assigned = inputs.assigned_to(cell, on=timezone.localdate())
    if assigned is not None:
        return Cadre.objects.filter(pk__in=assigned).order_by("full_name")
    if cell.unit_id is None:
        units = [cell.parent.unit_id] if cell.parent and cell.parent.unit_id else []
    else:
        units = cell.unit.ancestor_ids()
    return Cadre.objects.filter(work_unit_id__in=units).exclude(cadre_level="").order_by("full_name")


def _meeting_form(request, cell, meeting=None):
    members = list(selectors.cell_members(cell))
    initial = {}
    if meeting is not None:
        initial = {
            "held_on": meeting.held_on,
            "kind": meeting.kind,
            "starts_at": meeting.starts_at,
            "ends_at": meeting.ends_at,
            "duration_minutes": meeting.duration_minutes,
            "place": meeting.place,
            "chair": meeting.chair_id,
            "recorder": meeting.recorder_id,
            "minutes": meeting.minutes,
            "discussion": meeting.discussion,
            "resolution": meeting.resolution,
            "votes_for": meeting.votes_for,
            "votes_against": meeting.votes_against,
            "votes_abstain": meeting.votes_abstain,
            "directives": [t.directive_id for t in meeting.topics.all() if t.directive_id and not t.item_id],
            "items": [t.item_id for t in meeting.topics.all() if t.item_id],
            "documents_posted_on": meeting.documents_posted_on,
            "topic_title": next((t.title for t in meeting.topics.all() if t.title), ""),
            "guests": [g.pk for g in meeting.guests.all()],
        }
        for a in meeting.attendance.all():
            initial[f"att_{a.member_id}"] = a.status
            initial[f"reason_{a.member_id}"] = a.reason
    data = request.POST if request.method == "POST" else None
    return MeetingForm(data, initial=initial, members=members, guest_choices=_guest_choices(cell))


def _save_meeting(request, cell, meeting=None):
    if request.method == "GET" and meeting is None:
        return render(
            request, "cells/meeting_form.html", {"cell": cell, "fields": _blank_meeting_fields(request, cell)}
        )
    form = _meeting_form(request, cell, meeting)
    was_planned = meeting is not None and meeting.is_planned
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.meeting_record(
                cell=cell,
                held_on=data["held_on"],
                kind=data["kind"],
                duration_minutes=data["duration_minutes"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                place=data["place"],
                chair=data["chair"],
                recorder=data["recorder"],
                minutes=data["minutes"],
                discussion=data["discussion"],
                resolution=data["resolution"],
                votes_for=data["votes_for"],
                votes_against=data["votes_against"],
                votes_abstain=data["votes_abstain"],
                directives=data["directives"],
                items=data["items"],
                documents_posted_on=data["documents_posted_on"],
                topic_title=data["topic_title"],
                guests=data["guests"],
                attendance=form.attendance(),
                acting_user=request.user,
                meeting=meeting,
                client_id=data.get("client_id"),
            )
        except ValidationError as exc:
            # Field errors by field; a plain one (the period is locked) above the form. The form
            # stays bound to what was typed.
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("The meeting of %(day)s is recorded.") % {"day": saved.held_on.strftime("%d/%m/%Y")},
            )
            if was_planned:  # on to its resolution's tasks
                return redirect("cells:meeting", code=cell.code, pk=saved.pk)
            return redirect(f"{cell_url(cell)}?ky={periods.code_for(saved.held_on)}")
    return render(request, "cells/meeting_form.html", {"cell": cell, "form": form, "meeting": meeting})


def _blank_meeting_fields(request, cell):
    """The empty meeting form's fields (members with their attendance radios, guests, directives),
    the same for every visit of the day: kept as HTML until the cell's members or assignments change.
    The CSRF token stays outside, in the page."""
    units, assignments = generations("units", "assignments")
    return cached_fragment(
        f"meeting-form:v2:{cell.pk}:{timezone.localdate().isoformat()}:{units}:{assignments}",
        "cells/_meeting_fields.html",
        lambda: {"form": _meeting_form(request, cell)},
        settings.CALENDAR_CACHE_SECONDS,
    )


def cell_url(cell):
    return reverse("cells:cell", kwargs={"code": cell.code})


@login_required
def meeting_new(request, code):
    cell = get_cell_for(request.user, code)
    if not services.can_record(request.user, cell):
        raise PermissionDenied
    return _save_meeting(request, cell)


def get_meeting_for(user, code, pk) -> tuple[PartyOrg, Meeting]:
    cell = get_cell_for(user, code)
    meeting = get_object_or_404(
        Meeting.objects.select_related("chair", "recorder", "recorded_by").prefetch_related(
            "topics__directive", "topics__item__directive", "guests", "attendance__member", "documents"
        ),
        pk=pk,
        cell=cell,
    )
    meeting.cell = cell  # fetched with its parent by the access helper
    return cell, meeting


@login_required
def meeting_edit(request, code, pk):
    cell, meeting = get_meeting_for(request.user, code, pk)
    if not services.can_record(request.user, cell):
        raise PermissionDenied
    return _save_meeting(request, cell, meeting)


def _meeting_context(request, cell, meeting, **extra):
    can_record = services.can_record(request.user, cell)
    verdict, criteria = (None, None) if meeting.is_planned else selectors.meeting_verdict(meeting)
    context = {
        "cell": cell,
        "meeting": meeting,
        "attendance": sorted(meeting.attendance.all(), key=lambda a: a.member.full_name),
        "can_record": can_record,
        "agenda_tasks": list(selectors.agenda_tasks(meeting)),
        "tasks": list(meeting.tasks.select_related("owner", "closed_by")),
        "documents": list(meeting.documents.all()),
        "close_form": TaskCloseForm(),
        "verdict": verdict,
        "criteria": criteria,
        # A published period locks the meeting: neither correcting nor deleting is offered.
        "lock": services.period_lock(cell, meeting.held_on),
        "delete_form": MeetingDeleteForm(),
    }
    if can_record and not meeting.is_planned and "task_form" not in extra:
        context["task_form"] = TaskForm(members=selectors.cell_members(cell))
    context.update(extra)
    return context


@login_required
def meeting_page(request, code, pk):
    """A meeting, with its quality verdict against the criteria in force on its date."""
    cell, meeting = get_meeting_for(request.user, code, pk)
    return render(request, "cells/meeting.html", _meeting_context(request, cell, meeting))


def _plan_form(request, cell, meeting=None):
    if request.method == "POST":
        return MeetingPlanForm(request.POST, request.FILES)
    if meeting is None:
        initial = {"planned_on": services.proposed_date(cell)}
    else:
        initial = {
            "planned_on": meeting.held_on,
            "kind": meeting.kind,
            "starts_at": meeting.starts_at,
            "duration_minutes": meeting.duration_minutes,
            "place": meeting.place,
            "directives": [t.directive_id for t in meeting.topics.all() if t.directive_id and not t.item_id],
            "items": [t.item_id for t in meeting.topics.all() if t.item_id],
            "topic_title": next((t.title for t in meeting.topics.all() if t.title), ""),
        }
    return MeetingPlanForm(initial=initial)


def _plan(request, cell, meeting=None):
    if not services.can_record(request.user, cell):
        raise PermissionDenied
    form = _plan_form(request, cell, meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.meeting_plan(
                cell=cell,
                planned_on=data["planned_on"],
                kind=data["kind"],
                starts_at=data["starts_at"],
                duration_minutes=data["duration_minutes"],
                place=data["place"],
                directives=data["directives"],
                items=data["items"],
                topic_title=data["topic_title"],
                files=data["files"],
                acting_user=request.user,
                meeting=meeting,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("The meeting of %(day)s is planned.") % {"day": saved.held_on.strftime("%d/%m/%Y")},
            )
            return redirect("cells:meeting", code=cell.code, pk=saved.pk)
    open_tasks = list(selectors.open_tasks(cell))
    return render(
        request,
        "cells/meeting_plan.html",
        {"cell": cell, "form": form, "meeting": meeting, "open_tasks": open_tasks},
    )


@login_required
def meeting_plan(request, code):
    """Plan the cell's next meeting (the day the rules fix proposed)."""
    return _plan(request, get_cell_for(request.user, code))


@login_required
def meeting_replan(request, code, pk):
    cell, meeting = get_meeting_for(request.user, code, pk)
    if not meeting.is_planned:
        raise Http404
    return _plan(request, cell, meeting)


@login_required
def meeting_document(request, code, pk, doc):
    """One document of a meeting, to users who may see the cell (the access helper's 404/403)."""
    cell, meeting = get_meeting_for(request.user, code, pk)
    document = get_object_or_404(MeetingDocument, pk=doc, meeting=meeting)
    response = FileResponse(
        document.file.open("rb"), content_type=document.content_type, filename=document.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _minutes(request, code, pk):
    cell, meeting = get_meeting_for(request.user, code, pk)
    if meeting.is_planned:
        raise Http404
    doc = documents.build_minutes(
        meeting,
        attendance=sorted(meeting.attendance.all(), key=lambda a: a.member.full_name),
        agenda_tasks=list(selectors.agenda_tasks(meeting)),
        tasks=list(meeting.tasks.select_related("owner")),
    )
    return cell, meeting, doc


@login_required
def meeting_docx(request, code, pk):
    cell, meeting, doc = _minutes(request, code, pk)
    return attachment(
        documents.minutes_docx_bytes(doc), f"bien-ban-{cell.code}-{meeting.held_on:%Y%m%d}.docx", DOCX
    )


@login_required
def meeting_pdf(request, code, pk):
    cell, meeting, doc = _minutes(request, code, pk)
    return attachment(
        documents.minutes_pdf_bytes(doc), f"bien-ban-{cell.code}-{meeting.held_on:%Y%m%d}.pdf", PDF
    )


@login_required
@require_POST
def task_add(request, code, pk):
    cell, meeting = get_meeting_for(request.user, code, pk)
    if not services.can_record(request.user, cell):
        raise PermissionDenied
    form = TaskForm(request.POST, members=selectors.cell_members(cell))
    if form.is_valid():
        data = form.cleaned_data
        try:
            task = services.task_add(
                meeting=meeting,
                title=data["title"],
                owner=data["owner"],
                deadline=data["deadline"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Task added: %(task)s") % {"task": task.title})
            return redirect("cells:meeting", code=cell.code, pk=meeting.pk)
    return render(
        request, "cells/meeting.html", _meeting_context(request, cell, meeting, task_form=form), status=400
    )


def get_task_for(user, code, pk) -> tuple[PartyOrg, MeetingTask]:
    cell = get_cell_for(user, code)
    return cell, get_object_or_404(
        MeetingTask.objects.select_related("meeting", "owner", "cell"), pk=pk, cell=cell
    )


@login_required
@require_POST
def task_close(request, code, pk):
    cell, task = get_task_for(request.user, code, pk)
    if not services.can_record(request.user, cell):
        raise PermissionDenied
    form = TaskCloseForm(request.POST)
    back = request.POST.get("tiep", "")
    target = task.meeting
    if is_id(back):  # the meeting page it was closed from (one of the cell's own)
        target = Meeting.objects.filter(cell=cell, pk=int(back)).first() or task.meeting
    if form.is_valid():
        try:
            services.task_close(
                task=task,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Task closed: %(task)s") % {"task": task.title})
    else:
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
    return redirect("cells:meeting", code=cell.code, pk=target.pk)


@login_required
def task_history(request, code, pk):
    cell, task = get_task_for(request.user, code, pk)
    return history_page(
        request,
        Source(task.history.all(), exclude=("cell", "meeting")),
        title=f"{cell.name} · {task.title}",
        back_url=reverse("cells:meeting", kwargs={"code": cell.code, "pk": task.meeting_id}),
    )


@login_required
@require_POST
def meeting_delete(request, code, pk):
    """Delete a meeting recorded by mistake, with a reason; it stays in the cell's history."""
    cell, meeting = get_meeting_for(request.user, code, pk)
    if not services.can_record(request.user, cell):
        raise PermissionDenied
    form = MeetingDeleteForm(request.POST)
    if form.is_valid():
        held_on, kind = meeting.held_on, meeting.get_kind_display()
        try:
            services.meeting_delete(
                meeting=meeting, acting_user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("The meeting of %(day)s (%(kind)s) is deleted; it stays in the history.")
                % {"day": held_on.strftime("%d/%m/%Y"), "kind": kind},
            )
            return redirect("cells:cell", code=cell.code)
    return render(
        request, "cells/meeting.html", _meeting_context(request, cell, meeting, delete_form=form), status=400
    )


@login_required
def meeting_history(request, code, pk):
    cell, meeting = get_meeting_for(request.user, code, pk)
    names = dict(Cadre.objects.filter(party_org=cell).values_list("pk", "full_name"))
    return history_page(
        request,
        Source(meeting.history.all()),
        # Each member's mark: its creation, each correction (before -> after), its removal.
        Source(
            Attendance.history.filter(meeting_id=meeting.pk),
            label=lambda row: part(Attendance, names.get(row.member_id, f"#{row.member_id}")),
            exclude=("meeting", "member"),
        ),
        title=f"{cell.name} · {meeting.get_kind_display()} {meeting.held_on:%d/%m/%Y}",
        back_url=reverse("cells:meeting", kwargs={"code": cell.code, "pk": meeting.pk}),
    )


def _meeting_label(row):
    kind = dict(Meeting.Kind.choices).get(row.kind, row.kind)
    return part(Meeting, f"{kind} {row.held_on:%d/%m/%Y}")


@login_required
def cell_history(request, code):
    """Every change of the cell's meetings, deleted ones included (they stay in the history)."""
    cell = get_cell_for(request.user, code)

    def link(row):  # the office restores a deleted meeting from its history in the administration
        if row.history_type == "-" and request.user.sees_everything:
            return reverse("admin:cells_meeting_history", args=[row.id])
        return ""

    return history_page(
        request,
        Source(Meeting.history.filter(cell_id=cell.pk), label=_meeting_label, exclude=("cell",), link=link),
        title=cell.name,
        back_url=cell_url(cell),
        deleted_hint=_(
            "A deleted meeting stays in this history with what it recorded; the provincial office can "
            "restore it from the meeting's history in the administration."
        ),
    )


def can_start_rollup(user) -> bool:
    """The office and leaders start a rollup (it recomputes the whole province's period)."""
    return user.sees_everything or user.has_role(roles.LEADER)


def _default_org(user) -> PartyOrg | None:
    if user.home_org_id:
        return user.home_org
    if user.sees_everything:
        return PartyOrg.objects.valid_on().filter(parent__isnull=True).order_by("path").first()
    return None


@login_required
def results_page(request, period_code):
    period = get_period(period_code)
    code = request.GET.get("to-chuc")
    org = get_org_for(request.user, code) if code else _default_org(request.user)
    if org is None:
        raise PermissionDenied
    period = Period.objects.select_related("current_run").get(pk=period.pk)
    own = OrgResult.objects.filter(run_id=period.current_run_id, org=org).first()
    latest = period.runs.select_related("started_by").first()
    return render(
        request,
        "cells/results.html",
        {
            "period": period,
            "org": org,
            "own": own,
            "children": selectors.child_results(request.user, period, org),
            "run": period.current_run,
            "latest": latest,
            "step": STEPS.get(latest.step, latest.step) if latest else "",
            "can_start": can_start_rollup(request.user),
            "announcement": Announcement.objects.filter(org=org, period=period).first(),
            "can_announce": not org.is_cell and services.can_decide(request.user, org),
            "periods": periods.ensure_recent(4),
        },
    )


@login_required
def results_progress(request, period_code):
    period = get_period(period_code)
    run = period.runs.first()
    if run is None:
        return JsonResponse({"status": None})
    return JsonResponse(
        {
            "status": run.status,
            "progress": run.progress,
            "step": str(STEPS.get(run.step, run.step)),
            "provisional": run.provisional,
        }
    )


@login_required
@require_POST
def rollup_start(request, period_code):
    period = get_period(period_code)
    user = request.user
    if not can_start_rollup(user):
        raise PermissionDenied
    try:
        run = services.rollup_start(period=period, acting_user=user)
    except services.RollupAlreadyRunning:
        messages.error(
            request,
            _("The results of %(period)s are being computed already: wait for that run to finish.")
            % {"period": period.name},
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if run.status == RollupRun.Status.FAILED:  # the queue refused it
            messages.error(request, QUEUE_UNAVAILABLE)
        elif run.provisional:
            messages.warning(
                request,
                _("%(period)s is not over yet: the results are provisional, counted up to %(day)s.")
                % {"period": period.name, "day": run.as_of.strftime("%d/%m/%Y")},
            )
        else:
            messages.success(
                request, _("The computation of %(period)s has started.") % {"period": period.name}
            )
    url = reverse("cells:results", kwargs={"period_code": period.code})
    code = request.POST.get("to-chuc", "")
    # Read straight from the POST (no form to refuse it): a NUL would fail in PostgreSQL.
    target = PartyOrg.objects.filter(org_q(user), code=code).first() if "\x00" not in code else None
    return redirect(f"{url}?{urlencode({'to-chuc': target.code})}" if target else url)


def _announcement_context(request, org, period, announcement, **extra):
    period = Period.objects.select_related("current_run").get(pk=period.pk)
    rows = selectors.cell_results_under(period, org)
    own = OrgResult.objects.filter(run_id=period.current_run_id, org=org).first()
    context = {
        "org": org,
        "period": period,
        "announcement": announcement,
        "rows": rows,
        "own": own,
        "form": AnnouncementForm(instance=announcement),
        "reopen_form": ReopenForm(),
        "override_form": OverrideForm(),
        "run": period.current_run,
        "grading_version": rollup.grading_version(period),
        "cap_count": services.cap_count(period, org, rows=rows) if period.current_run_id else None,
        "reopenings": announcement.reopenings.select_related("reopened_by") if announcement.pk else [],
    }
    context.update(extra)
    # Offer only what would be accepted: publishing needs final results; a grade cannot change
    # while a committee above has published the period for these cells (services refuse both).
    run = period.current_run
    context["may_publish"] = run is not None and not run.provisional
    lock = services.period_lock(org, period.ends_on) if context.get("can_decide") else None
    context["locked_above"] = lock if lock is not None and lock.org_id != org.pk else None
    return context


def _announcement(org, period):
    return Announcement.objects.filter(org=org, period=period).first() or Announcement(
        org=org, period=period, title=services.default_title(org, period)
    )


def get_announcement_for(user, period_code, org_code):
    period = get_period(period_code)
    org = get_org_for(user, org_code)
    if org.is_cell:
        raise Http404
    return org, period, _announcement(org, period)


@login_required
def announcement_page(request, period_code, org_code):
    org, period, announcement = get_announcement_for(request.user, period_code, org_code)
    can_decide = services.can_decide(request.user, org)
    extra = {"can_decide": can_decide}
    if request.method == "POST":
        if not can_decide:
            raise PermissionDenied
        form = AnnouncementForm(request.POST, instance=announcement)
        if form.is_valid():
            try:
                services.announcement_save(
                    org=org,
                    period=period,
                    acting_user=request.user,
                    **{name: form.cleaned_data[name] for name in form.Meta.fields},
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("The announcement is saved."))
                return redirect("cells:announcement", period_code=period.code, org_code=org.code)
        extra["form"] = form
        context = _announcement_context(request, org, period, announcement, **extra)
        context["form"] = form
        return render(request, "cells/announcement.html", context)
    return render(
        request, "cells/announcement.html", _announcement_context(request, org, period, announcement, **extra)
    )


@login_required
@require_POST
def announcement_publish(request, period_code, org_code):
    org, period, announcement = get_announcement_for(request.user, period_code, org_code)
    if not services.can_decide(request.user, org):
        raise PermissionDenied
    try:
        if announcement.pk is None:
            announcement = services.announcement_save(org=org, period=period, acting_user=request.user)
        services.announcement_publish(announcement=announcement, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Published. Meetings of %(period)s under %(org)s are now locked.")
            % {"period": period.name, "org": org.name},
        )
    return redirect("cells:announcement", period_code=period.code, org_code=org.code)


@login_required
@require_POST
def announcement_reopen(request, period_code, org_code):
    org, period, announcement = get_announcement_for(request.user, period_code, org_code)
    if not services.can_decide(request.user, org):
        raise PermissionDenied
    form = ReopenForm(request.POST)
    if form.is_valid() and announcement.pk:
        try:
            services.announcement_reopen(
                announcement=announcement, reason=form.cleaned_data["reason"], acting_user=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The period is reopened; the reason is recorded."))
            return redirect("cells:announcement", period_code=period.code, org_code=org.code)
    context = _announcement_context(request, org, period, announcement, can_decide=True)
    context["reopen_form"] = form
    return render(request, "cells/announcement.html", context, status=400)


@login_required
@require_POST
def grade_override(request, period_code, org_code, cell_code):
    org, period, announcement = get_announcement_for(request.user, period_code, org_code)
    cell = get_cell_for(request.user, cell_code)
    if not structure.under_on(cell, org, period.ends_on):  # on the period's tree
        raise Http404
    if not OrgResult.objects.filter(run_id=period.current_run_id, org=cell).exists():
        # Nothing suggested to change (not computed for this period): the page has no row to show
        # the form and its messages in.
        messages.error(
            request,
            _("%(cell)s has no computed result for %(period)s: there is no suggested grade to change.")
            % {"cell": cell.name, "period": period.name},
        )
        return redirect("cells:announcement", period_code=period.code, org_code=org.code)
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            services.grade_override(
                org=cell,
                committee=org,
                period=period,
                grade=form.cleaned_data["grade"],
                reason=form.cleaned_data["reason"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The grade of %(cell)s is recorded.") % {"cell": cell.name})
            return redirect("cells:announcement", period_code=period.code, org_code=org.code)
    context = _announcement_context(request, org, period, announcement, can_decide=True)
    context.update(override_form=form, override_cell=cell)
    return render(request, "cells/announcement.html", context, status=400)


@login_required
def announcement_history(request, period_code, org_code):
    """Changes of the announcement and of the grades the committee decided for its cells."""
    org, period, announcement = get_announcement_for(request.user, period_code, org_code)
    return history_page(
        request,
        Source(
            Announcement.history.filter(org_id=org.pk, period_id=period.pk),
            label=lambda r: part(Announcement),
            exclude=("org", "period"),
        ),
        Source(
            GradeOverride.history.filter(period_id=period.pk, org__path__startswith=org.path).select_related(
                "org"
            ),
            label=lambda r: part(GradeOverride, r.org.name),
            exclude=("org", "period"),
        ),
        title=f"{announcement.title} ({period.code})",
        back_url=reverse("cells:announcement", kwargs={"period_code": period.code, "org_code": org.code}),
    )


def _document(request, period_code, org_code):
    org, period, announcement = get_announcement_for(request.user, period_code, org_code)
    period = Period.objects.select_related("current_run").get(pk=period.pk)
    if period.current_run_id is None:
        raise Http404
    rows = selectors.cell_results_under(period, org)
    own = OrgResult.objects.filter(run_id=period.current_run_id, org=org).first()
    return org, period, documents.build(announcement, rows, own)


@login_required
def announcement_docx(request, period_code, org_code):
    org, period, doc = _document(request, period_code, org_code)
    return attachment(documents.docx_bytes(doc), f"thong-bao-{org.code}-{period.code}.docx", DOCX)


@login_required
def announcement_pdf(request, period_code, org_code):
    org, period, doc = _document(request, period_code, org_code)
    return attachment(documents.pdf_bytes(doc), f"thong-bao-{org.code}-{period.code}.pdf", PDF)
