from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from common.admin import ScopedHistoryAdmin

from .models import User


@admin.register(User)
class UserAdmin(ScopedHistoryAdmin, BaseUserAdmin):
    # A staff member outside the provincial office manages only the users of their subtree.
    scope = ("unit", "home_unit__")
    fieldsets = BaseUserAdmin.fieldsets + ((_("Scope"), {"fields": ("home_unit", "home_org", "cadre")}),)
    list_display = ("username", "first_name", "last_name", "home_unit", "is_staff")
    list_select_related = ("home_unit",)
    list_filter = ("groups", "is_staff", "is_superuser", "is_active")
    autocomplete_fields = ("home_unit", "home_org", "cadre")
