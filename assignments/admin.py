"""The office keeps the level rules, agencies (and their users), categories and deadlines here.

Lists of assignments, contacts and petitions go through the scope check like every page.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from common.admin import FoldedSearchMixin, ScopedHistoryAdmin

from .models import (
    Agency,
    AgencyMember,
    AnswerDeadline,
    Assignment,
    FieldContact,
    LevelRule,
    Petition,
    PetitionCategory,
    PetitionEvent,
)
from .selectors import petition_scope_q


@admin.register(LevelRule)
class LevelRuleAdmin(ScopedHistoryAdmin, admin.ModelAdmin):
    list_display = ("cadre_kind", "unit_level", "valid_from", "valid_to", "note")
    list_filter = ("cadre_kind", "unit_level")


class AgencyMemberInline(admin.TabularInline):
    model = AgencyMember
    extra = 1
    autocomplete_fields = ("user",)


@admin.register(Agency)
class AgencyAdmin(FoldedSearchMixin, ScopedHistoryAdmin, admin.ModelAdmin):
    scope = ("unit", "unit__")
    list_display = ("name", "code", "unit", "contact", "is_active")
    list_filter = ("is_active",)
    list_select_related = ("unit",)
    autocomplete_fields = ("unit",)
    inlines = [AgencyMemberInline]


@admin.register(PetitionCategory)
class PetitionCategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "order")
    search_fields = ("name", "code")


@admin.register(AnswerDeadline)
class AnswerDeadlineAdmin(admin.ModelAdmin):
    list_display = ("category", "unit_level", "days")
    list_filter = ("unit_level", "category")
    list_select_related = ("category",)


@admin.register(Assignment)
class AssignmentAdmin(FoldedSearchMixin, ScopedHistoryAdmin, admin.ModelAdmin):
    """Read and correct assignments; new ones go through the page that applies the level rules."""

    scope = ("unit", "unit__")

    list_display = ("cadre", "unit", "cadre_kind", "starts_on", "ends_on", "decision_number")
    list_filter = ("cadre_kind",)
    list_select_related = ("cadre", "unit")
    # Diacritic-insensitive: the cadre's and the unit's folded code and name, and the decision number.
    search_fields = ("cadre__search_text", "unit__search_text", "decision_number")
    folded_search_fields = ("cadre__search_text", "unit__search_text")
    plain_search_fields = ("decision_number",)
    autocomplete_fields = ("cadre", "unit", "assigned_by")
    readonly_fields = ("succeeded_by", "created_by", "created_at")
    date_hierarchy = "starts_on"
    list_per_page = 100

    def has_delete_permission(self, request, obj=None):
        return False  # history is kept: end an assignment instead


@admin.register(FieldContact)
class FieldContactAdmin(ScopedHistoryAdmin, admin.ModelAdmin):
    scope = ("unit", "unit__")
    list_display = ("contacted_on", "cadre", "unit", "kind", "attended_cell_meeting")
    list_filter = ("kind", "attended_cell_meeting")
    list_select_related = ("cadre", "unit")
    raw_id_fields = ("assignment", "cadre", "unit", "items")
    date_hierarchy = "contacted_on"


class PetitionEventInline(admin.TabularInline):
    model = PetitionEvent
    extra = 0
    readonly_fields = ("from_status", "to_status", "note", "by", "at")
    can_delete = False


@admin.register(Petition)
class PetitionAdmin(FoldedSearchMixin, ScopedHistoryAdmin, admin.ModelAdmin):
    scope = staticmethod(petition_scope_q)  # the unit's subtree, the raiser, the agency's users
    list_display = ("number", "raised_on", "unit", "category", "status", "agency", "due_on", "answered_on")
    list_filter = ("status", "category")
    list_select_related = ("unit", "category", "agency")

    @admin.display(description=_("No."), ordering="pk")
    def number(self, obj):
        return obj.pk
    # Diacritic-insensitive: the folded content and the unit's folded code and name.
    search_fields = ("search_text", "unit__search_text")
    folded_search_fields = ("search_text", "unit__search_text")
    raw_id_fields = ("unit", "contact", "raised_by", "agency", "answered_by", "returned_by", "recorded_by")
    readonly_fields = ("escalation_level",)
    date_hierarchy = "raised_on"
    inlines = [PetitionEventInline]
