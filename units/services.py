"""Roster imports as recorded actions: check an upload (a dry run), then run it, inline or as a
Celery task. Every upload leaves a RosterImport row (who, when, file, sheets, counts, errors).

The rules these services enforce:
- the preview writes nothing and enqueues nothing;
- a file with any rejected row writes nothing unless the user explicitly chose `only_valid`;
- the run re-checks the stored file against the data as it is then, in the same transaction as
  the write, so what is written is what was checked;
- a run is claimed (`UPDATE … WHERE status = …`), so a double click or a redelivered task runs
  it once.
"""

import logging
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DatabaseError, connection, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from common.cache import safe_delete, safe_get, safe_set
from common.progress import Progress
from common.progress import read as read_progress
from common.tasks import enqueue_on_commit

from .imports import RosterFileError, plan_workbook, read_upload, write_plan
from .models import RosterImport
from .resources import Audit

log = logging.getLogger(__name__)


def max_upload_bytes() -> int:
    return settings.ROSTER_IMPORT_MAX_BYTES


def background_rows() -> int:
    return settings.ROSTER_IMPORT_BACKGROUND_ROWS


def too_large_message(size: int) -> str:
    return _("The file is %(size)s; the limit is %(limit)s. Split it into smaller files.") % {
        "size": filesizeformat(size),
        "limit": filesizeformat(max_upload_bytes()),
    }


def _record_plan(record: RosterImport, plan):
    record.sheets = ", ".join(s.name for s in plan.sheets)
    record.counts = plan.counts
    record.errors = [e.as_dict() for e in plan.errors]
    record.rows_total = plan.total_rows


def roster_import_preview(
    *, data: bytes, file_name: str, sheet: str = "", acting_user, source=None, progress=None
):
    """Check an uploaded roster without writing anything; record and return the RosterImport.

    A file that cannot be read (not a spreadsheet, damaged, password-protected, over the size
    limit, missing a required header, empty) is recorded as refused with one message.
    `progress` (common.progress.Progress): the phases and counts the waiting page polls."""
    progress = progress or Progress(None)
    record = RosterImport(
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
        file_name=Path(file_name).name[:255],
        sheet=sheet or "",
        source=source or RosterImport.Source.PAGE,
        dry_run=True,
    )
    try:
        if len(data) > max_upload_bytes():
            raise RosterFileError(too_large_message(len(data)))
        progress.phase("reading")
        raw = read_upload(data, file_name)
        plan = plan_workbook(raw, sheet=sheet or None, progress=progress)
    except RosterFileError as exc:
        progress.finish()
        record.status = RosterImport.Status.REFUSED
        record.message = str(exc)
        record.finished_at = timezone.now()
        record.save()
        return record
    suffix = Path(file_name).suffix.lower() if Path(file_name).suffix.lower() in (".csv", ".txt") else ".xlsx"
    record.file.save(f"roster{suffix}", ContentFile(data), save=False)
    _record_plan(record, plan)
    record.status = RosterImport.Status.PREVIEWED
    record.save()
    forget_progress(record.pk)
    progress.finish()
    return record


def roster_import_confirm(*, roster_import: RosterImport, only_valid: bool, acting_user) -> RosterImport:
    """Run a checked import. Rejected rows block it unless `only_valid`. Files with more rows than
    ROSTER_IMPORT_BACKGROUND_ROWS run as a Celery task (enqueued on commit); smaller ones inline."""
    from .tasks import roster_import_task

    if roster_import.rejected and not only_valid:
        raise ValueError("rejected rows: only_valid is required")
    claimed = RosterImport.objects.filter(pk=roster_import.pk, status=RosterImport.Status.PREVIEWED).update(
        status=RosterImport.Status.QUEUED, only_valid=only_valid, dry_run=False
    )
    if claimed:
        set_progress(roster_import.pk, 0)
        import_progress(roster_import.pk).phase("queued", total=roster_import.rows_total)
        if roster_import.rows_total > background_rows():
            pk = roster_import.pk

            def queue_down():
                # Nothing lost: the checked file stays, and the import can be confirmed again.
                RosterImport.objects.filter(pk=pk, status=RosterImport.Status.QUEUED).update(
                    status=RosterImport.Status.PREVIEWED
                )

            enqueue_on_commit(roster_import_task, pk, on_failure=queue_down)
        else:
            roster_import_execute(import_id=roster_import.pk)
    roster_import.refresh_from_db()
    return roster_import


def progress_key(pk) -> str:
    return f"units:roster-import:{pk}:done"


def set_progress(pk, done: int):
    # In the cache, not the row: the write runs in one transaction nobody else can see into.
    safe_set(progress_key(pk), done, timeout=6 * 3600)


def progress_of(record: RosterImport) -> int:
    if record.status == RosterImport.Status.DONE:
        return record.rows_total
    return safe_get(progress_key(record.pk), 0)


def phase_key(pk) -> str:
    return f"units:roster-import:{pk}:phase"


def forget_progress(pk):
    """A new import starts with no progress: the cache may still hold a run's figures under the same
    id (a database restored from a backup reuses ids; the cache outlives it)."""
    safe_delete(progress_key(pk))
    safe_delete(phase_key(pk))


def import_progress(pk) -> Progress:
    """Where a run writes its phase and counts: reading, checking again, writing, finishing."""
    return Progress(phase_key(pk))


def phase_of(record: RosterImport) -> dict | None:
    """The running import's phase ({phase, label, done, total, percent}), None before any."""
    return read_progress(phase_key(record.pk))


def roster_import_execute(*, import_id: int) -> RosterImport | None:
    """Check the stored file again and write it, in one transaction. Idempotent: only a queued
    import is run, and re-importing the same rows changes nothing.

    While it runs, the transaction holds the import's row locked (SELECT … FOR UPDATE): if the
    process dies, the database rolls the transaction back and releases the lock, which is how
    `roster_import_check_running` tells a running import from an interrupted one."""
    if not RosterImport.objects.filter(pk=import_id, status=RosterImport.Status.QUEUED).update(
        status=RosterImport.Status.RUNNING, started_at=timezone.now()
    ):
        return None
    done = 0
    phases = import_progress(import_id)

    def progress(n):
        nonlocal done
        done += n
        set_progress(import_id, done)
        phases.advance(n)

    try:
        with transaction.atomic():
            # Whoever takes the lock first decides: a page that found the import interrupted
            # (in the instant between the claim above and this lock) wins, and nothing runs.
            record = (
                RosterImport.objects.select_for_update()
                .filter(pk=import_id, status=RosterImport.Status.RUNNING)
                .first()
            )
            if record is None:
                return None
            phases.phase("reading", total=record.rows_total)
            with record.file.open("rb") as fh:
                data = fh.read()
            # Checked again against the data as it is now: at 20,000 rows this takes seconds, so
            # the page shows "checking n of N" rather than "0 of N written" all along.
            plan = plan_workbook(
                read_upload(data, record.file.name), sheet=record.sheet or None, progress=phases
            )
            _record_plan(record, plan)
            if plan.rejected and not record.only_valid:
                record.status = RosterImport.Status.FAILED
                record.message = _("The data changed since the check: some rows are now rejected.")
            else:
                phases.every = 200
                phases.phase("writing", total=plan.to_write)
                write_plan(
                    plan, only_valid=record.only_valid, progress=progress, audit=Audit.of_import(record)
                )
                phases.phase("finishing", total=plan.to_write, done=plan.to_write)
                record.status = RosterImport.Status.DONE
                record.message = ""
            # Saved in the same transaction as the rows: "done" and the rows commit together.
            record.finished_at = timezone.now()
            record.save()
    except RosterFileError as exc:
        _finish_failed(import_id, str(exc))
    except Exception:
        log.exception("roster import %s failed", import_id)
        _finish_failed(import_id, _("The import stopped on an unexpected error; nothing was written."))
    return RosterImport.objects.get(pk=import_id)


def _finish_failed(import_id: int, message: str):
    RosterImport.objects.filter(pk=import_id, status=RosterImport.Status.RUNNING).update(
        status=RosterImport.Status.FAILED, message=message, finished_at=timezone.now()
    )


def _runner_gone(record: RosterImport) -> bool:
    """True when no process is running this RUNNING import any more (call inside a transaction).

    Where the database has row locks (PostgreSQL), the runner holds the row locked for as long as
    it lives: taking the lock without waiting means the runner is gone. Elsewhere (SQLite, one
    process in development), an import running longer than the task time limit is certainly dead."""
    if connection.features.has_select_for_update_nowait:
        try:
            with transaction.atomic():  # a savepoint: the refused lock leaves the transaction usable
                locked = RosterImport.objects.select_for_update(nowait=True).filter(
                    pk=record.pk, status=RosterImport.Status.RUNNING
                )
                return bool(list(locked.values_list("pk", flat=True)))
        except DatabaseError:  # the lock is held: the import is running
            return False
    limit = getattr(settings, "CELERY_TASK_TIME_LIMIT", 1800)
    started = record.started_at or record.created_at
    return started < timezone.now() - timedelta(seconds=limit + 60)


def roster_import_check_running(record: RosterImport) -> RosterImport:
    """A RUNNING import whose process died (worker killed, server restarted) is marked interrupted,
    so the office sees it and can run it again; nothing of it was written (one transaction)."""
    if record.status != RosterImport.Status.RUNNING:
        return record
    with transaction.atomic():
        if _runner_gone(record):
            RosterImport.objects.filter(pk=record.pk, status=RosterImport.Status.RUNNING).update(
                status=RosterImport.Status.STOPPED,
                message=_(
                    "The import was interrupted (the background process stopped); nothing was written. "
                    "You can run it again."
                ),
                finished_at=timezone.now(),
            )
            log.warning("roster import %s: its runner is gone, marked interrupted", record.pk)
    record.refresh_from_db()
    return record


def roster_import_rerun(*, roster_import: RosterImport, acting_user) -> RosterImport:
    """Run an interrupted import again from its kept file (re-checked as a confirmation is)."""
    if not roster_import.file:
        raise ValueError("the file of this import is not kept")
    if RosterImport.objects.filter(pk=roster_import.pk, status=RosterImport.Status.STOPPED).update(
        status=RosterImport.Status.PREVIEWED, message="", finished_at=None
    ):
        log.info("roster import %s run again by %s", roster_import.pk, acting_user)
        roster_import.refresh_from_db()
        roster_import = roster_import_confirm(
            roster_import=roster_import, only_valid=roster_import.only_valid, acting_user=acting_user
        )
        if roster_import.status == RosterImport.Status.PREVIEWED:  # the queue is down: stays re-runnable
            RosterImport.objects.filter(pk=roster_import.pk, status=RosterImport.Status.PREVIEWED).update(
                status=RosterImport.Status.STOPPED
            )
            roster_import.refresh_from_db()
    return roster_import


def roster_import_file(*, path, sheet="", dry_run=False, only_valid=False, acting_user=None):
    """The shell's import (manage.py import_roster): check, then write unless dry_run or rejected
    rows without only_valid; inline, recorded like a page import. Returns the RosterImport."""
    path = Path(path)
    record = roster_import_preview(
        data=path.read_bytes(),
        file_name=path.name,
        sheet=sheet,
        acting_user=acting_user,
        source=RosterImport.Source.COMMAND,
    )
    if record.status != RosterImport.Status.PREVIEWED or dry_run:
        if record.status == RosterImport.Status.PREVIEWED:
            record.finished_at = timezone.now()
            record.save(update_fields=["finished_at"])
        return record
    if record.rejected and not only_valid:
        record.status = RosterImport.Status.FAILED
        record.message = _("Rows were rejected, so nothing was imported (all or nothing).")
        record.finished_at = timezone.now()
        record.dry_run = False
        record.save()
        return record
    RosterImport.objects.filter(pk=record.pk).update(
        status=RosterImport.Status.QUEUED, only_valid=only_valid, dry_run=False
    )
    return roster_import_execute(import_id=record.pk)
