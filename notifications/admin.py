from django.contrib import admin

from common.admin import ScopedAdmin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(ScopedAdmin, admin.ModelAdmin):
    # A notification belongs where its recipient works (the office sees all).
    scope = ("unit", "recipient__home_unit__")
    list_display = ("created_at", "recipient", "kind", "message", "read_at", "email", "push")
    list_filter = ("kind", "email", "push")
    list_select_related = ("recipient",)
    raw_id_fields = ("recipient",)
    readonly_fields = ("event", "email", "emailed_at", "push")
