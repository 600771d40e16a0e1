"""Admin for the provincial office: rule versions, and scoped read/correct access to the rest."""

from django.contrib import admin

from common.admin import ScopedAdmin, ScopedHistoryAdmin

from .models import (
    Commitment,
    CommitmentItem,
    Evaluation,
    GradingRule,
    Pledge,
    PledgeItem,
    PledgeVersion,
    PublicComment,
    RemedialAction,
    Review,
    Shortcoming,
)


@admin.register(GradingRule)
class GradingRuleAdmin(admin.ModelAdmin):
    list_display = (
        "symbol",
        "effective_from",
        "uses_points",
        "excellent_min",
        "good_min",
        "completed_min",
        "excellent_cap_percent",
    )


class PledgeVersionInline(admin.TabularInline):
    model = PledgeVersion
    extra = 0
    fields = ("number", "status", "theme", "submitted_at", "decided_by", "published_at")
    readonly_fields = fields
    show_change_link = True


@admin.register(Pledge)
class PledgeAdmin(ScopedHistoryAdmin):
    scope = ("org", "org__")
    list_display = ("short_code", "year", "org", "cadre", "current_version", "published_version")
    list_filter = ("year",)
    list_select_related = ("org", "cadre", "current_version", "published_version")
    search_fields = ("short_code", "cadre__full_name", "org__name")
    raw_id_fields = ("org", "cadre", "current_version", "published_version", "created_by")
    inlines = [PledgeVersionInline]


class PledgeItemInline(admin.StackedInline):
    model = PledgeItem
    extra = 0
    filter_horizontal = ("directive_items",)


@admin.register(PledgeVersion)
class PledgeVersionAdmin(ScopedHistoryAdmin):
    scope = ("org", "pledge__org__")
    list_display = ("pledge", "number", "status", "submitted_at", "published_at")
    list_filter = ("status",)
    list_select_related = ("pledge",)
    raw_id_fields = ("pledge", "decided_by")
    inlines = [PledgeItemInline]


@admin.register(PublicComment)
class PublicCommentAdmin(ScopedAdmin, admin.ModelAdmin):
    scope = ("org", "pledge__org__")
    list_display = ("created_at", "pledge", "name", "status")
    list_filter = ("status",)
    list_select_related = ("pledge",)
    raw_id_fields = ("pledge", "moderated_by")
    readonly_fields = ("sender_hash",)


class CommitmentItemInline(admin.TabularInline):
    model = CommitmentItem
    extra = 0
    fields = ("order", "task", "deliverable", "deadline")


class EvaluationInline(admin.TabularInline):
    model = Evaluation
    extra = 0
    # Read-only: grading, annulling and re-grading go through the commitment page (kept history).
    fields = (
        "period",
        "rule",
        "score",
        "grade",
        "evaluated_by",
        "evaluated_at",
        "annulled_at",
        "annulled_by",
        "annul_reason",
    )
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Commitment)
class CommitmentAdmin(ScopedHistoryAdmin):
    scope = ("org", "org__")
    list_display = ("year", "org", "cadre")
    list_filter = ("year",)
    list_select_related = ("org", "cadre")
    search_fields = ("cadre__full_name", "org__name")
    raw_id_fields = ("org", "cadre", "created_by", "updated_by")
    inlines = [CommitmentItemInline, EvaluationInline]


class ShortcomingInline(admin.StackedInline):
    model = Shortcoming
    extra = 0
    fields = ("description", "cause")


@admin.register(Review)
class ReviewAdmin(ScopedHistoryAdmin):
    scope = ("org", "org__")
    list_display = ("year", "org", "cadre", "self_grade")
    list_filter = ("year",)
    list_select_related = ("org", "cadre")
    raw_id_fields = ("org", "cadre", "created_by")
    inlines = [ShortcomingInline]


@admin.register(RemedialAction)
class RemedialActionAdmin(ScopedHistoryAdmin):
    scope = ("org", "org__")
    list_display = ("description", "org", "owner", "due_on", "status", "last_assessed_on", "completed_on")
    list_filter = ("status",)
    list_select_related = ("org", "owner")
    raw_id_fields = ("shortcoming", "owner")
    # status / last_assessed_on / completed_on mirror progress assessments (pledges.services).
    readonly_fields = ("status", "last_assessed_on", "completed_on")
