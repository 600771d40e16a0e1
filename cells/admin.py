from django.contrib import admin

from common.admin import ScopedAdmin, ScopedHistoryAdmin

from .models import (
    Announcement,
    Attendance,
    GradeOverride,
    Meeting,
    MeetingTopic,
    OrgResult,
    Period,
    PeriodReopening,
    QualityCriteria,
    RollupRun,
)
from .services import period_lock


@admin.register(QualityCriteria)
class QualityCriteriaAdmin(admin.ModelAdmin):
    list_display = (
        "effective_from",
        "source",
        "min_attendance_pct",
        "max_excused_in_a_row",
        "min_minutes",
        "min_minutes_combined",
        "meeting_day_of_month",
        "documents_days_ahead",
    )


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ("code", "starts_on", "ends_on", "current_run")
    readonly_fields = ("current_run",)


class TopicInline(admin.TabularInline):
    model = MeetingTopic
    extra = 0
    fields = ("directive", "item", "title")
    raw_id_fields = ("item",)


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ("member",)


@admin.register(Meeting)
class MeetingAdmin(ScopedHistoryAdmin):
    scope = ("org", "cell__")
    list_display = ("cell", "held_on", "kind", "status", "duration_minutes", "recorded_at")
    list_filter = ("kind", "status")
    list_select_related = ("cell",)
    date_hierarchy = "held_on"
    raw_id_fields = ("cell", "chair", "recorder", "guests")
    readonly_fields = ("recorded_by", "recorded_at", "days_to_record")
    inlines = [TopicInline, AttendanceInline]

    def _locked(self, obj) -> bool:
        return obj is not None and period_lock(obj.cell, obj.held_on) is not None

    # A meeting of a published period is shown read-only: it changes only after the committee reopens it.
    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._locked(obj)


@admin.register(RollupRun)
class RollupRunAdmin(admin.ModelAdmin):
    list_display = (
        "period",
        "status",
        "progress",
        "provisional",
        "as_of",
        "fan_out",
        "created_at",
        "finished_at",
    )
    list_filter = ("status", "period")
    readonly_fields = [f.name for f in RollupRun._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(OrgResult)
class OrgResultAdmin(ScopedAdmin, admin.ModelAdmin):
    scope = ("org", "org__")
    list_display = (
        "org",
        "period",
        "is_cell",
        "cell_count",
        "members",
        "meetings_held",
        "meetings_due",
        "score",
    )
    list_filter = ("period", "is_cell", "suggested_grade", "is_weak")
    list_select_related = ("org", "period")
    raw_id_fields = ("org", "run")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # results are replaced by a rollup only (never while the period is published)


@admin.register(GradeOverride)
class GradeOverrideAdmin(ScopedHistoryAdmin):
    scope = ("org", "org__")
    list_display = ("org", "period", "grade", "decided_by", "decided_at")
    list_select_related = ("org", "period", "decided_by")
    raw_id_fields = ("org",)
    readonly_fields = ("decided_by",)

    def _locked(self, obj) -> bool:
        return obj is not None and period_lock(obj.org, obj.period.ends_on) is not None

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._locked(obj)


@admin.register(Announcement)
class AnnouncementAdmin(ScopedHistoryAdmin):
    scope = ("org", "org__")
    list_display = ("title", "org", "period", "status", "published_at")
    list_filter = ("status", "period")
    list_select_related = ("org", "period")
    raw_id_fields = ("org",)
    readonly_fields = ("status", "published_at", "published_by")


@admin.register(PeriodReopening)
class PeriodReopeningAdmin(ScopedAdmin, admin.ModelAdmin):
    scope = ("org", "announcement__org__")
    list_display = ("announcement", "reopened_by", "reopened_at")
    readonly_fields = ("reopened_by", "reopened_at")

    def has_add_permission(self, request):
        # Reopenings are written by cells.services.announcement_reopen only (with the announcement's
        # status change); an add form would also list every announcement of the province.
        return False
