from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.admin import FoldedSearchMixin

from .models import Directive, DirectiveItem, DirectiveLink, ItemGroup, Verification


class ItemGroupInline(admin.TabularInline):
    model = ItemGroup
    extra = 0


class DirectiveItemInline(admin.TabularInline):
    model = DirectiveItem
    extra = 0
    fields = ("order", "code", "group", "key_phrase", "text", "verification")


class DirectiveLinkInline(admin.TabularInline):
    model = DirectiveLink
    fk_name = "source"
    extra = 0
    autocomplete_fields = ("target",)


@admin.register(Directive)
class DirectiveAdmin(FoldedSearchMixin):
    list_display = ("symbol", "kind", "issuer", "issued_on", "term", "verification")
    list_filter = ("kind", "issuer", "term", "verification")
    inlines = [ItemGroupInline, DirectiveItemInline, DirectiveLinkInline]


@admin.register(DirectiveItem)
class DirectiveItemAdmin(FoldedSearchMixin):
    list_display = ("directive", "code", "group", "key_phrase", "text", "verification", "confirmed_at")
    list_filter = ("verification", "directive")
    list_select_related = ("directive", "group")
    readonly_fields = ("confirmed_by", "confirmed_at")
    actions = ["confirm_items"]

    @admin.action(description=_("Confirm the selected texts against the official document"))
    def confirm_items(self, request, queryset):
        count = queryset.update(
            verification=Verification.CONFIRMED, confirmed_by=request.user, confirmed_at=timezone.now()
        )
        self.message_user(
            request,
            ngettext("%(count)d item confirmed.", "%(count)d items confirmed.", count) % {"count": count},
            messages.SUCCESS,
        )

    def save_model(self, request, obj, form, change):
        # Correcting a text by hand is the office confirming it.
        if "text" in form.changed_data or obj.verification == Verification.CONFIRMED:
            obj.verification = Verification.CONFIRMED
            obj.confirmed_by = request.user
            obj.confirmed_at = timezone.now()
        super().save_model(request, obj, form, change)


@admin.register(ItemGroup)
class ItemGroupAdmin(admin.ModelAdmin):
    list_display = ("directive", "order", "code", "name")
    list_filter = ("directive",)
    list_select_related = ("directive",)
    search_fields = ("code", "name", "directive__symbol")


@admin.register(DirectiveLink)
class DirectiveLinkAdmin(admin.ModelAdmin):
    list_display = ("source", "kind", "target")
    list_filter = ("kind",)
    list_select_related = ("source", "target")
    autocomplete_fields = ("source", "target")
