"""Writes of the cells app. Each is atomic, takes the acting user, and enforces the rules stated in
its docstring; tasks are enqueued only after commit."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from common.text import nfc
from common.uploads import store_checked
from units.models import Cadre, PartyOrg

from . import criteria as criteria_versions
from . import inputs, periods, structure
from .models import (
    Announcement,
    Attendance,
    GradeOverride,
    Meeting,
    MeetingDocument,
    MeetingTask,
    MeetingTopic,
    Period,
    PeriodReopening,
    RollupRun,
)
from .signals import meeting_planned


class PeriodPublished(ValidationError):
    """A rollup of a period whose results a committee has published (they are fixed until reopened)."""


def refuse_if_published(period: Period):
    """Published results are never recomputed: raise PeriodPublished (a Vietnamese message) if a
    committee has published `period`. Reopening (with a recorded reason) is the way to recompute."""
    lock = published(period)
    if lock is not None:
        raise PeriodPublished(
            _(
                "The results of %(period)s were published by %(org)s: they cannot be computed again "
                "unless that committee reopens the period, giving its reason."
            )
            % {"period": period.code, "org": lock.org.name}
        )


class RollupAlreadyRunning(Exception):
    def __init__(self, run):
        super().__init__(f"A rollup of {run.period_id} is already running (run {run.pk}).")
        self.run = run


def _ancestor_paths(path: str) -> list[str]:
    parts = path.split(".")[:-1]
    return [".".join(parts[: i + 1]) + "." for i in range(len(parts))]


def period_lock(cell: PartyOrg, day: date) -> Announcement | None:
    """The published announcement that locks `day` for `cell`, if any: one issued for the period
    containing `day` by an organisation on the cell's path — both paths as they were on the
    period's last day (`cells.structure`), so a later reorganisation that re-parents the cell or
    closes the committee keeps the lock. Two queries; ancestors from the path string."""
    ends_on = periods.bounds(periods.code_for(day))[1]
    cell_path = structure.org_path_on(cell, ends_on)
    return (
        Announcement.objects.filter(status=Announcement.Status.PUBLISHED, period__code=periods.code_for(day))
        .annotate(org_path=structure.path_on(ends_on, org="org_id", path="org__path"))
        .filter(org_path__in=_ancestor_paths(cell_path))
        .select_related("org", "period")
        .first()
    )


def published(period: Period) -> Announcement | None:
    """A published announcement of `period` (whose results are therefore fixed), if any."""
    return (
        Announcement.objects.filter(period=period, status=Announcement.Status.PUBLISHED)
        .select_related("org")
        .order_by("org__path")
        .first()
    )


def _check_not_locked(cell, day):
    lock = period_lock(cell, day)
    if lock is not None:
        raise ValidationError(
            _(
                "The results of %(period)s were published by %(org)s: meetings dated in it can no longer "
                "be changed unless that committee reopens the period."
            )
            % {"period": lock.period.code, "org": lock.org.name}
        )


def _validate_meeting(
    *, cell, held_on, duration_minutes, attendance, members, today, starts_at=None, ends_at=None, votes=()
):
    errors = {}
    if held_on > today:
        errors["held_on"] = _("A meeting cannot be dated in the future (%(day)s).") % {
            "day": held_on.strftime("%d/%m/%Y")
        }
    elif cell.valid_from and held_on < cell.valid_from:
        errors["held_on"] = _("%(cell)s was only established on %(day)s: the meeting cannot be earlier.") % {
            "cell": cell.name,
            "day": cell.valid_from.strftime("%d/%m/%Y"),
        }
    elif cell.valid_to and held_on > cell.valid_to:
        errors["held_on"] = _("%(cell)s ceased on %(day)s: the meeting cannot be later.") % {
            "cell": cell.name,
            "day": cell.valid_to.strftime("%d/%m/%Y"),
        }
    if duration_minutes is None or duration_minutes <= 0:
        errors["duration_minutes"] = _("Give the length of the meeting in minutes.")
    if starts_at and ends_at and ends_at <= starts_at:
        errors["ends_at"] = _("The meeting cannot end (%(end)s) before it starts (%(start)s).") % {
            "end": ends_at.strftime("%H:%M"),
            "start": starts_at.strftime("%H:%M"),
        }
    present = sum(1 for status, _reason in attendance.values() if status == Attendance.Status.PRESENT)
    cast = sum(v or 0 for v in votes)
    if cast > present:
        errors["votes_for"] = _("%(cast)d votes were counted but only %(present)d members were present.") % {
            "cast": cast,
            "present": present,
        }
    unknown = set(attendance) - set(members)
    if len(attendance) > len(members) or unknown:
        errors["__all__"] = _(
            "The attendance lists %(listed)d people but %(cell)s has %(members)d members: "
            "only the cell's own members can be marked."
        ) % {"listed": len(attendance), "cell": cell.name, "members": len(members)}
    elif set(members) - set(attendance):
        errors["__all__"] = _("Mark every member of the cell as present, absent with reason or absent.")
    if errors:
        raise ValidationError(errors)


def _write_meeting_parts(meeting, *, directives, items, topic_title, guests, attendance, acting_user=None):
    _write_topics(meeting, directives=directives, items=items, topic_title=topic_title)
    meeting.guests.set(guests)
    _write_attendance(meeting, attendance, acting_user)


def _write_topics(meeting, *, directives, items, topic_title):
    """The meeting's topics, replaced: one per item (with its directive), one per other directive (a
    directive whose item is chosen is not a second topic), else the title alone."""
    MeetingTopic.objects.filter(meeting=meeting).delete()
    item_directives = {i.directive_id for i in items}
    topics = [
        MeetingTopic(meeting=meeting, directive=d, title=topic_title)
        for d in directives
        if d.pk not in item_directives
    ]
    topics += [
        MeetingTopic(meeting=meeting, directive_id=i.directive_id, item=i, title=topic_title) for i in items
    ]
    if not topics and topic_title:
        topics = [MeetingTopic(meeting=meeting, title=topic_title)]
    for topic in topics:
        topic.normalise_text()
    MeetingTopic.objects.bulk_create(topics)


def _write_attendance(meeting, attendance, acting_user):
    """Marks written in place, with their history (who, when, before and after): a corrected mark
    is an update of that member's row, a new member's a creation, a mark no longer given a
    deletion. Set-based: one query per kind of change."""
    existing = {a.member_id: a for a in Attendance.objects.filter(meeting=meeting)}
    created, changed = [], []
    for member_id, (status, reason) in attendance.items():
        reason = nfc(reason or "").strip()
        row = existing.pop(member_id, None)
        if row is None:
            created.append(Attendance(meeting=meeting, member_id=member_id, status=status, reason=reason))
        elif (row.status, row.reason) != (status, reason):
            row.status, row.reason = status, reason
            changed.append(row)
    if existing:  # marks no longer given (one query; each deletion kept in the history)
        Attendance.objects.filter(pk__in=[row.pk for row in existing.values()]).delete()
    if created:
        bulk_create_with_history(created, Attendance, default_user=acting_user)
    if changed:
        bulk_update_with_history(changed, Attendance, ["status", "reason"], default_user=acting_user)


def can_record(user, cell) -> bool:
    """The cell's own secretary records its meetings; the provincial office may correct them."""
    from accounts import roles

    return user.sees_everything or (user.has_role(roles.CELL_SECRETARY) and user.home_org_id == cell.pk)


@transaction.atomic
def meeting_record(
    *,
    cell: PartyOrg,
    held_on: date,
    kind: str,
    duration_minutes: int,
    attendance: dict[int, tuple[str, str]],
    starts_at=None,
    ends_at=None,
    chair=None,
    recorder=None,
    place: str = "",
    minutes: str = "",
    discussion: str = "",
    resolution: str = "",
    votes_for=None,
    votes_against=None,
    votes_abstain=None,
    directives=(),
    items=(),
    topic_title: str = "",
    guests=(),
    documents_posted_on=None,
    acting_user,
    meeting: Meeting | None = None,
    client_id=None,
) -> Meeting:
    """Record (or, with `meeting`, correct) a cell meeting with its topics and attendance; a planned
    meeting given as `meeting` becomes held (its biên bản). A new meeting sent again under the same
    `client_id` (the offline client's replay) returns the one stored the first time.

    Rules: only the cell's secretary (or the office); not in the future; not before the cell was
    established or after it ceased; attendance only for the cell's members, every member marked;
    not in a period whose results the superior committee has published (old and new date); an end
    time after the start (the length is then computed from them); no more votes than members present.
    """
    if not can_record(acting_user, cell):
        raise PermissionDenied
    if meeting is None and client_id:
        stored = Meeting.objects.filter(client_id=client_id).first()
        if stored is not None:
            if stored.cell_id != cell.pk or stored.recorded_by_id != acting_user.pk:
                raise PermissionDenied(_("This submission belongs to someone else."))
            return stored
    today = timezone.localdate()
    members = list(Cadre.objects.filter(party_org=cell).values_list("pk", flat=True))
    if starts_at and ends_at and ends_at > starts_at:
        duration_minutes = (
            datetime.combine(held_on, ends_at) - datetime.combine(held_on, starts_at)
        ).seconds // 60 or duration_minutes
    _validate_meeting(
        cell=cell,
        held_on=held_on,
        duration_minutes=duration_minutes,
        attendance=attendance,
        members=members,
        today=today,
        starts_at=starts_at,
        ends_at=ends_at,
        votes=(votes_for, votes_against, votes_abstain),
    )
    _check_not_locked(cell, held_on)
    if meeting is not None:
        _check_not_locked(cell, meeting.held_on)
        if meeting.is_planned:  # held now: recorded today, by this user
            meeting.status = Meeting.Status.HELD
            meeting.recorded_by, meeting.recorded_at = acting_user, timezone.now()
            meeting.days_to_record = max((today - held_on).days, 0)
    else:
        meeting = Meeting(
            cell=cell,
            recorded_by=acting_user,
            days_to_record=(today - held_on).days,
            client_id=client_id or None,
        )
    meeting.held_on, meeting.kind, meeting.duration_minutes = held_on, kind, duration_minutes
    meeting.starts_at, meeting.chair, meeting.minutes = starts_at, chair, (minutes or "").strip()
    meeting.documents_posted_on = documents_posted_on
    meeting.ends_at, meeting.recorder, meeting.place = ends_at, recorder, (place or "").strip()
    meeting.discussion, meeting.resolution = (discussion or "").strip(), (resolution or "").strip()
    meeting.votes_for, meeting.votes_against, meeting.votes_abstain = votes_for, votes_against, votes_abstain
    try:
        with transaction.atomic():
            meeting.save()
    except IntegrityError as exc:
        # The unique constraint (cell, date, kind) refuses a second meeting of a kind on one day.
        raise ValidationError(
            {
                "held_on": _(
                    "%(cell)s already has a meeting of the kind “%(kind)s” on %(day)s: correct that meeting "
                    "instead of recording a second one."
                )
                % {
                    "cell": cell.name,
                    "kind": Meeting.Kind(kind).label,
                    "day": held_on.strftime("%d/%m/%Y"),
                }
            }
        ) from exc
    _write_meeting_parts(
        meeting,
        directives=directives,
        items=items,
        topic_title=topic_title,
        guests=guests,
        attendance=attendance,
        acting_user=acting_user,
    )
    return meeting


def proposed_date(cell: PartyOrg, today: date | None = None) -> date:
    """The day proposed for the cell's next meeting: in the month after its latest meeting (held or
    planned) and never before today, on the day of the month the criteria in force fix (CT 50-CT/TW:
    the 3rd); without a fixed day, the day of the month of the latest meeting (else the 1st)."""
    today = today or timezone.localdate()
    last = Meeting.objects.filter(cell=cell).order_by("-held_on").values_list("held_on", flat=True).first()
    month = today.replace(day=1)
    if last is not None and last >= month:
        month = periods.month_end(last) + timedelta(days=1)
    for _step in range(24):
        version = criteria_versions.in_force(month)
        day = (version.meeting_day_of_month if version else None) or (last.day if last else 1)
        candidate = month.replace(day=min(day, periods.month_end(month).day))
        if candidate >= today:
            return candidate
        month = periods.month_end(month) + timedelta(days=1)
    return today


@transaction.atomic
def meeting_plan(
    *,
    cell: PartyOrg,
    planned_on: date,
    kind: str = Meeting.Kind.REGULAR,
    starts_at=None,
    duration_minutes: int | None = None,
    place: str = "",
    directives=(),
    items=(),
    topic_title: str = "",
    files=(),
    acting_user,
    meeting: Meeting | None = None,
) -> Meeting:
    """Plan (or, with `meeting`, re-plan) the cell's next meeting: its day, time and place, the
    directives and items on its agenda (the cell's open tasks join it by themselves, see
    `selectors.agenda_tasks`) and documents attached. Sends `signals.meeting_planned` on commit.

    Rules: only the cell's secretary (or the office); not in the past; not in a period whose results
    are published; inside the cell's validity; a held meeting is not re-planned; files checked like
    pledge evidence (PDF, JPEG or PNG by content, size limit, zip bombs) before anything is written.
    """
    from pledges.uploads import check_evidence

    if not can_record(acting_user, cell):
        raise PermissionDenied
    if meeting is not None and not meeting.is_planned:
        raise ValidationError(
            _("This meeting has been held: correct its minutes instead of planning it again.")
        )
    today = timezone.localdate()
    if planned_on < today:
        raise ValidationError(
            {
                "planned_on": _("%(day)s has passed: a meeting is planned for today or a later day.")
                % {"day": planned_on.strftime("%d/%m/%Y")}
            }
        )
    if cell.valid_to and planned_on > cell.valid_to:
        raise ValidationError(
            {
                "planned_on": _("%(cell)s ceased on %(day)s: the meeting cannot be later.")
                % {"cell": cell.name, "day": cell.valid_to.strftime("%d/%m/%Y")}
            }
        )
    _check_not_locked(cell, planned_on)
    kinds = [check_evidence(f) for f in files]
    if not duration_minutes:
        version = criteria_versions.in_force(planned_on)
        duration_minutes = (version.minutes_required(kind) if version else None) or 90
    if meeting is None:
        meeting = Meeting(cell=cell, status=Meeting.Status.PLANNED, recorded_by=acting_user)
    meeting.planned_on = meeting.held_on = planned_on
    meeting.kind, meeting.starts_at, meeting.duration_minutes = kind, starts_at, duration_minutes
    meeting.place = (place or "").strip()
    try:
        with transaction.atomic():
            meeting.save()
    except IntegrityError as exc:
        raise ValidationError(
            {
                "planned_on": _(
                    "%(cell)s already has a meeting of the kind “%(kind)s” on %(day)s: open that meeting "
                    "instead of planning a second one."
                )
                % {
                    "cell": cell.name,
                    "kind": Meeting.Kind(kind).label,
                    "day": planned_on.strftime("%d/%m/%Y"),
                }
            }
        ) from exc
    _write_topics(meeting, directives=directives, items=items, topic_title=topic_title)
    for upload, checked in zip(files, kinds, strict=True):
        store_checked(
            MeetingDocument, upload, checked, stem="document", uploaded_by=acting_user, meeting=meeting
        )
    transaction.on_commit(lambda: meeting_planned.send(sender=Meeting, meeting=meeting))
    return meeting


@transaction.atomic
def task_add(*, meeting: Meeting, title: str, owner, deadline: date | None, acting_user) -> MeetingTask:
    """A task of the cell's resolution decided at a held meeting: owned by a member of the cell, due
    on or after the meeting's day. It stays on the cell's later agendas until closed."""
    cell = meeting.cell
    if not can_record(acting_user, cell):
        raise PermissionDenied
    errors = {}
    if meeting.is_planned:
        errors["__all__"] = _("The meeting has not been held yet: record its minutes before its resolution.")
    title = nfc(title or "").strip()
    if not title:
        errors["title"] = _("Write what is to be done.")
    if owner is None:
        errors["owner"] = _("Name the member of the cell who is responsible for the task.")
    elif owner.party_org_id != cell.pk:
        errors["owner"] = _("%(name)s is not a member of %(cell)s.") % {
            "name": owner.full_name,
            "cell": cell.name,
        }
    if deadline is None:
        errors["deadline"] = _("Give the deadline of the task.")
    elif deadline < meeting.held_on:
        errors["deadline"] = _(
            "The deadline (%(day)s) cannot be before the meeting that decided it (%(meeting)s)."
        ) % {
            "day": deadline.strftime("%d/%m/%Y"),
            "meeting": meeting.held_on.strftime("%d/%m/%Y"),
        }
    if errors:
        raise ValidationError(errors)
    return MeetingTask.objects.create(
        cell=cell, meeting=meeting, title=title, owner=owner, deadline=deadline, created_by=acting_user
    )


@transaction.atomic
def task_close(*, task: MeetingTask, status: str, note: str = "", acting_user) -> MeetingTask:
    """Close a task of the resolution as done or dropped: who and when are recorded (and kept in its
    history); it leaves the agendas of the meetings after today."""
    if not can_record(acting_user, task.cell):
        raise PermissionDenied
    task = MeetingTask.objects.select_for_update().get(pk=task.pk)
    if not task.is_open:
        raise ValidationError(_("This task is already closed."))
    if status not in (MeetingTask.Status.DONE, MeetingTask.Status.DROPPED):
        raise ValidationError({"status": _("Choose whether the task was done or dropped.")})
    note = nfc(note or "").strip()
    if status == MeetingTask.Status.DROPPED and not note:
        raise ValidationError({"note": _("Give the reason for dropping the task.")})
    task.status, task.close_note = status, note
    task.closed_at, task.closed_by = timezone.now(), acting_user
    task.save()
    return task


def day_start(day: date):
    """The first instant of `day` in the local time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


@transaction.atomic
def meeting_delete(*, meeting: Meeting, acting_user, reason: str = ""):
    """Delete a meeting recorded by mistake. It stays in the history (simple_history keeps the
    deleted row with who, when and `reason`); refused in a period published for the cell."""
    if not can_record(acting_user, meeting.cell):
        raise PermissionDenied
    _check_not_locked(meeting.cell, meeting.held_on)
    meeting._change_reason = (reason or "").strip()[:100] or None
    meeting._history_user = acting_user
    meeting.delete()


def _expire_stale_runs(period):
    """A run still "running" after the task time limit died with its worker: mark it failed, so it
    no longer holds the lock."""
    limit = timezone.now() - timedelta(seconds=getattr(settings, "CELERY_TASK_TIME_LIMIT", 1800) + 300)
    RollupRun.objects.filter(period=period, status__in=RollupRun.ACTIVE, created_at__lt=limit).update(
        status=RollupRun.Status.FAILED,
        error="abandoned: no worker finished it in time",
        finished_at=timezone.now(),
    )


@transaction.atomic
def rollup_start(
    *,
    period: Period,
    acting_user=None,
    fan_out: bool = False,
    enqueue: bool = True,
    today: date | None = None,
) -> RollupRun:
    """Create a pending run for `period` and enqueue it after commit.

    Refused (RollupAlreadyRunning) while another run of the period is pending or running: the partial
    unique constraint on RollupRun is the lock. A period not yet over may be computed: the run is
    marked provisional and counts figures up to today. A period not yet begun is refused, and so is
    a published one (PeriodPublished): its stored results are never rewritten.
    """
    today = today or timezone.localdate()
    if today < period.starts_on:
        raise ValidationError(
            _("%(period)s has not begun yet: there is nothing to compute.") % {"period": period.code}
        )
    refuse_if_published(period)
    _expire_stale_runs(period)
    try:
        with transaction.atomic():
            run = RollupRun.objects.create(
                period=period,
                provisional=today < period.ends_on,
                as_of=min(today, period.ends_on),
                fan_out=fan_out,
                criteria=criteria_versions.in_force(period.ends_on),
                sources=inputs.available(),
                started_by=acting_user,
            )
    except IntegrityError as exc:
        active = RollupRun.objects.filter(period=period, status__in=RollupRun.ACTIVE).first()
        raise RollupAlreadyRunning(active) from exc
    if enqueue:
        from common.tasks import enqueue_on_commit

        from . import tasks

        task = tasks.rollup_period_fanout if fan_out else tasks.rollup_period

        def queue_down():
            # Release the lock so the user can start again; the run stays, saying why it never ran.
            RollupRun.objects.filter(pk=run.pk, status=RollupRun.Status.PENDING).update(
                status=RollupRun.Status.FAILED, error="queue unavailable", finished_at=timezone.now()
            )
            run.status = RollupRun.Status.FAILED

        enqueue_on_commit(task, period.code, run.pk, on_failure=queue_down)
    return run


def rollup_claim(run_id: int, *, retrying: bool = False) -> bool:
    """pending -> running, with a conditional UPDATE: a redelivered or duplicated task finds nothing
    to claim (False) and stops. A retry of the same task re-claims its own run, which it left running."""
    statuses = RollupRun.ACTIVE if retrying else (RollupRun.Status.PENDING,)
    return bool(
        RollupRun.objects.filter(pk=run_id, status__in=statuses).update(
            status=RollupRun.Status.RUNNING, started_at=timezone.now(), step="cells", progress=1
        )
    )


def rollup_fail(run_id: int, error: str):
    """Mark a pending or running run failed (the lock is released); a finished run is left alone."""
    RollupRun.objects.filter(pk=run_id, status__in=RollupRun.ACTIVE).update(
        status=RollupRun.Status.FAILED, error=error[-4000:], finished_at=timezone.now()
    )


def rollup_progress(run_id: int, progress: int, step: str):
    """What a run's page shows while it computes (percent, capped at 100, and the step)."""
    RollupRun.objects.filter(pk=run_id).update(progress=min(progress, 100), step=step)


def rollup_progress_of(run_id: int):
    """A `progress(pct, step)` callback for `cells.rollup`, writing `run_id`'s progress."""
    return lambda pct, step: rollup_progress(run_id, pct, step)


def rollup_fan_out(run_id: int, parts: int):
    """Record how many parts a fanned-out run waits for (none done yet)."""
    RollupRun.objects.filter(pk=run_id).update(parts_total=parts, parts_done=0)


def rollup_part_done(run_id: int):
    """One more part of a fanned-out run is staged: count it and move the progress (5 % to 85 %)."""
    RollupRun.objects.filter(pk=run_id).update(parts_done=F("parts_done") + 1)
    run = RollupRun.objects.only("parts_done", "parts_total").get(pk=run_id)
    if run.parts_total:
        rollup_progress(run_id, 5 + 80 * run.parts_done // run.parts_total, "cells")


def can_decide(user, org) -> bool:
    """The superior committee: a leader whose scope holds the organisation, or the provincial office."""
    from accounts import roles
    from units.scope import org_q

    if user.sees_everything:
        return True
    return user.has_role(roles.LEADER) and PartyOrg.objects.filter(org_q(user), pk=org.pk).exists()


def cap_count(period: Period, committee: PartyOrg, *, cell=None, new=None, rows=None):
    """The cap in force on the period's last day (grading.Cap) over the grades of the cells a
    committee decides (the suggestion, or its decision where it made one), optionally with `cell`'s
    grade changed to `new`; None when no cap is in force. Raises ValidationError (naming the cap's
    source) when that change would exceed the cap and make it worse."""
    from grading import engine as grading_engine

    from .rollup import TO_GRADING
    from .selectors import cell_results_under

    cap = grading_engine.cap_for(period.ends_on)
    if cap is None:
        return None
    counts, old = {}, None
    for row in cell_results_under(period, committee) if rows is None else rows:
        grade = TO_GRADING.get(row.final_grade)
        if grade:
            counts[grade] = counts.get(grade, 0) + 1
        if cell is not None and row.org_id == cell.pk:
            old = grade
    if cell is None:
        return grading_engine.cap_after(cap, committee.name, counts, new=None, old=None)
    return grading_engine.refuse_over_cap(cap, committee.name, counts, new=TO_GRADING.get(new), old=old)


@transaction.atomic
def grade_override(
    *, org: PartyOrg, period: Period, grade: str, reason: str, acting_user, committee: PartyOrg | None = None
) -> GradeOverride:
    """The superior committee replaces a suggested grade. A reason is required; refused while the
    period is published for that organisation, and when the grade would exceed the cap in force over
    the cells `committee` (default: the cell's parent) decides."""
    if not can_decide(acting_user, org):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for changing the suggested grade.")})
    _check_not_locked(org, period.ends_on)
    committee = committee or org.parent
    if committee is not None:
        cap_count(period, committee, cell=org, new=grade)
    override, _created = GradeOverride.objects.update_or_create(
        org=org, period=period, defaults={"grade": grade, "reason": reason, "decided_by": acting_user}
    )
    return override


@transaction.atomic
def announcement_save(*, org: PartyOrg, period: Period, acting_user, **fields) -> Announcement:
    if not can_decide(acting_user, org):
        raise PermissionDenied
    announcement, _created = Announcement.objects.get_or_create(
        org=org, period=period, defaults={"title": default_title(org, period)}
    )
    if announcement.is_published:
        raise ValidationError(_("A published announcement cannot be edited: reopen the period first."))
    for name, value in fields.items():
        setattr(announcement, name, value)
    announcement.save()
    return announcement


def default_title(org, period) -> str:
    return _("Announcement of the results of the party cells of %(org)s, %(period)s") % {
        "org": org.name,
        "period": period.name,
    }


@transaction.atomic
def announcement_publish(*, announcement: Announcement, acting_user) -> Announcement:
    """Publish: needs computed (non-provisional) results; locks the period for the cells under the
    issuing committee."""
    if not can_decide(acting_user, announcement.org):
        raise PermissionDenied
    # The period's row is locked: a rollup finishing now waits, then sees the publication.
    period = (
        Period.objects.select_for_update(of=("self",))
        .select_related("current_run")
        .get(pk=announcement.period_id)
    )
    if period.current_run is None:
        raise ValidationError(
            _("The results of %(period)s have not been computed yet.") % {"period": period.code}
        )
    if period.current_run.provisional:
        raise ValidationError(
            _(
                "The results of %(period)s are provisional (computed before the period was over): compute them again first."
            )
            % {"period": period.code}
        )
    count = cap_count(period, announcement.org)
    if count is not None and count.exceeded:
        raise ValidationError(
            _("Decide the grades within the cap before publishing. %(refusal)s") % {"refusal": count.refusal}
        )
    announcement.status = Announcement.Status.PUBLISHED
    announcement.published_at, announcement.published_by = timezone.now(), acting_user
    announcement.issued_on = announcement.issued_on or timezone.localdate()
    announcement.save()
    return announcement


@transaction.atomic
def announcement_reopen(*, announcement: Announcement, reason: str, acting_user) -> PeriodReopening:
    """Reopen a published period; the reason is required and kept."""
    if not can_decide(acting_user, announcement.org):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for reopening the period.")})
    announcement.status = Announcement.Status.DRAFT
    announcement.save(update_fields=["status"])
    return PeriodReopening.objects.create(announcement=announcement, reason=reason, reopened_by=acting_user)


def ensure_period(code: str) -> Period:
    return periods.ensure(code)
