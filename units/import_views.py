"""The provincial office's roster page: upload -> preview -> confirm, templates and exports.

Only the provincial office (`user.sees_everything`) may use it; anyone else gets 403."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from common import progress as work_progress
from common.http import XLSX, attachment
from common.tasks import QUEUE_UNAVAILABLE

from .forms import RosterConfirmForm, RosterUploadForm
from .imports import SHEETS
from .models import RosterImport
from .selectors import roster_import_for
from .services import (
    phase_of,
    progress_of,
    roster_import_check_running,
    roster_import_confirm,
    roster_import_preview,
    roster_import_rerun,
)
from .workbooks import error_workbook, export_workbook, resource_for_slug, sheet_slug, template_workbook

ERRORS_SHOWN = 500  # the page lists this many; the error workbook has them all


def office_only(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.sees_everything:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapper.offered_to = lambda user: user.sees_everything  # read by the menus (accounts.access)
    return wrapper


def _sheets_for(slug):
    if slug == "tat-ca":
        return list(SHEETS)
    resource = resource_for_slug(slug)
    if resource is None:
        raise Http404
    return [resource]


def _xlsx(data: bytes, name: str):
    return attachment(data, name, XLSX)


@office_only
def import_page(request):
    """Upload a workbook; it is checked at once (nothing written) and its preview shown."""
    if request.method == "POST":
        form = RosterUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            record = roster_import_preview(
                data=upload.read(),
                file_name=upload.name,
                sheet=form.cleaned_data["sheet"],
                acting_user=request.user,
                progress=work_progress.for_request(request),
            )
            return redirect("units:import_detail", pk=record.pk)
    else:
        form = RosterUploadForm()
    history = [roster_import_check_running(r) for r in RosterImport.objects.select_related("created_by")[:20]]
    sheets = [(r.sheet_name, sheet_slug(r)) for r in SHEETS]
    return render(request, "units/import_page.html", {"form": form, "history": history, "sheets": sheets})


@office_only
def import_detail(request, pk):
    """The preview (counts and every row error) with the confirm buttons, or the progress and
    then the result of a confirmed import."""
    record = roster_import_check_running(roster_import_for(request.user, pk))
    if request.method == "POST" and request.POST.get("action") == "rerun":
        return _rerun(request, record)
    form = RosterConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if record.status != RosterImport.Status.PREVIEWED:
            messages.info(request, _("This import has already been confirmed."))
            return redirect("units:import_detail", pk=record.pk)
        if form.is_valid():
            only_valid = form.cleaned_data["only_valid"]
            if record.rejected and not only_valid:
                messages.error(
                    request,
                    _(
                        "Some rows were rejected. Fix them and upload again, or choose to import only the valid rows."
                    ),
                )
            else:
                record = roster_import_confirm(
                    roster_import=record, only_valid=only_valid, acting_user=request.user
                )
                if record.status == RosterImport.Status.PREVIEWED:  # the queue refused it
                    messages.error(request, QUEUE_UNAVAILABLE)
                return redirect("units:import_detail", pk=record.pk)
    return render(request, "units/import_detail.html", _detail_context(record, form))


def _rerun(request, record):
    """Run an interrupted import again from its kept file."""
    if record.status != RosterImport.Status.STOPPED or not record.file:
        messages.info(request, _("This import is not interrupted: there is nothing to run again."))
        return redirect("units:import_detail", pk=record.pk)
    record = roster_import_rerun(roster_import=record, acting_user=request.user)
    if record.status == RosterImport.Status.STOPPED:  # the queue refused it
        messages.error(request, QUEUE_UNAVAILABLE)
    return redirect("units:import_detail", pk=record.pk)


def _detail_context(record, form=None):
    running = record.status in (RosterImport.Status.QUEUED, RosterImport.Status.RUNNING)
    done = progress_of(record) if running else 0
    return {
        "record": record,
        "form": form,
        "running": running,
        "done": done,
        "phase": phase_of(record) if running else None,
        "percent": int(100 * done / record.rows_total) if record.rows_total else 0,
        "errors": record.errors[:ERRORS_SHOWN],
        "errors_hidden": max(0, len(record.errors) - ERRORS_SHOWN),
        "totals": {
            key: sum(c.get(key, 0) for c in record.counts.values())
            for key in ("new", "updated", "unchanged", "rejected")
        },
    }


@office_only
def import_progress(request, pk):
    """The progress fragment the page polls while a background import runs."""
    record = roster_import_check_running(roster_import_for(request.user, pk))
    return render(request, "units/_import_progress.html", _detail_context(record))


@office_only
def import_errors(request, pk):
    """The rejected rows with an error column, to fix and upload again."""
    record = roster_import_for(request.user, pk)
    if not record.errors or not record.file:
        raise Http404
    with record.file.open("rb") as fh:
        data = error_workbook(fh.read(), record.file.name, record.errors)
    return _xlsx(data, f"loi-nhap-{record.pk}.xlsx")


@office_only
def template_download(request, slug):
    resources = _sheets_for(slug)
    return _xlsx(template_workbook(resources), f"mau-{slug}.xlsx")


@office_only
def export_download(request, slug):
    resources = _sheets_for(slug)
    stamp = timezone.localdate().strftime("%Y%m%d")
    data = export_workbook(resources, user=request.user, progress=work_progress.for_request(request))
    return _xlsx(data, f"danh-sach-{slug}-{stamp}.xlsx")


@office_only
def work_progress_view(request, token):
    """How far this user's export or upload check has got (polled while the request runs):
    {phase, label, done, total, percent, detail}; 404 for a token of nobody's work (or another's)."""
    key = work_progress.token_key(request.user, token)
    state = work_progress.read(key) if key else None
    if state is None:
        raise Http404
    return JsonResponse(state)
