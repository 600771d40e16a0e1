from django.contrib import admin

from units.scope import restrict

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient", "kind", "message", "read_at", "email", "push")
    list_filter = ("kind", "email", "push")
    list_select_related = ("recipient",)
    raw_id_fields = ("recipient",)
    readonly_fields = ("event", "email", "emailed_at", "push")

    def get_queryset(self, request):
        # A notification belongs where its recipient works (the office sees all).
        return restrict(super().get_queryset(request), request.user, "recipient__home_unit__path")
