"""The office edits the rule versions, sheets, conditions and caps; discipline is scoped."""

from django.contrib import admin

from common.admin import ScopedHistoryAdmin

from .models import Cap, Condition, Criterion, Discipline, RuleVersion, ScoringSheet


class ConditionInline(admin.TabularInline):
    model = Condition
    extra = 0


@admin.register(RuleVersion)
class RuleVersionAdmin(admin.ModelAdmin):
    list_display = ("code", "issued_on", "effective_from", "uses_points", "excellent_min", "good_min", "completed_min")
    inlines = [ConditionInline]


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(ScoringSheet)
class ScoringSheetAdmin(admin.ModelAdmin):
    list_display = ("version", "subject_type", "annex", "form")
    inlines = [CriterionInline]


@admin.register(Cap)
class CapAdmin(admin.ModelAdmin):
    list_display = ("percent", "grade", "base_grade", "effective_from", "effective_to", "source", "confirmed")


@admin.register(Discipline)
class DisciplineAdmin(ScopedHistoryAdmin):
    scope = ("org", "org__")
    list_display = ("cadre", "form", "decided_on", "decision_number", "decided_by", "annulled_on")
    raw_id_fields = ("cadre", "org", "recorded_by")
