from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin

from common.admin import FoldedSearchMixin, ScopedHistoryAdmin

from .models import Cadre, PartyOrg, RosterImport, Unit
from .resources import CadreResource, PartyOrgResource, UnitResource


class RosterAdminMixin(ImportExportMixin):
    """Import and export in the roster format (units.resources): the same checks, all-or-nothing
    and record as the office's import page; exports go through the scoped get_queryset."""

    skip_admin_log = True  # the import is recorded as a RosterImport instead of one entry per row


class ValidNowFilter(admin.SimpleListFilter):
    title = _("validity")
    parameter_name = "valid"

    def lookups(self, request, model_admin):
        return [("now", _("Valid today")), ("ended", _("No longer valid"))]

    def queryset(self, request, queryset):
        if self.value() == "now":
            return queryset.valid_on()
        if self.value() == "ended":
            return queryset.exclude(pk__in=queryset.valid_on().values("pk"))
        return queryset


class TreeAdmin(ScopedHistoryAdmin, FoldedSearchMixin):
    """Rows in tree order with indentation by level, and the parent shown beside each; each row's
    history (simple_history) within the user's scope."""

    list_display = ("indented_name", "code", "kind", "level", "parent", "valid_from", "valid_to")
    list_filter = ("kind", "level", ValidNowFilter)
    list_select_related = ("parent",)
    autocomplete_fields = ("parent", "successor")
    readonly_fields = ("level", "path")
    list_per_page = 100

    @admin.display(description=_("name"), ordering="path")
    def indented_name(self, obj):
        return format_html(
            '<span style="padding-left:{}em">{}</span>', 1.5 * (obj.depth - 1 if obj.path else 0), obj.name
        )


@admin.register(Unit)
class UnitAdmin(RosterAdminMixin, TreeAdmin):
    resource_classes = [UnitResource]
    scope = ("unit", "")


@admin.register(PartyOrg)
class PartyOrgAdmin(RosterAdminMixin, TreeAdmin):
    resource_classes = [PartyOrgResource]
    scope = ("org", "")
    list_display = TreeAdmin.list_display + ("unit", "secretary")
    list_select_related = ("parent", "unit", "secretary")
    autocomplete_fields = ("parent", "successor", "unit", "secretary", "deputy_secretary")


@admin.register(Cadre)
class CadreAdmin(RosterAdminMixin, ScopedHistoryAdmin, FoldedSearchMixin):
    resource_classes = [CadreResource]
    scope = ("unit", "work_unit__")
    list_display = (
        "full_name",
        "code",
        "position",
        "cadre_level",
        "work_unit",
        "party_org",
        "is_party_member",
    )
    list_filter = ("cadre_level", "is_party_member", "sex")
    list_select_related = ("work_unit", "party_org")
    autocomplete_fields = ("work_unit", "party_org")
    list_per_page = 100


@admin.register(RosterImport)
class RosterImportAdmin(admin.ModelAdmin):
    """The history of roster imports, read-only."""

    list_display = ("created_at", "file_name", "created_by", "source", "sheets", "status", "rows_total")
    list_filter = ("status", "source")
    list_select_related = ("created_by",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
