from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from .text import search_words


class FoldedSearchMixin(admin.ModelAdmin):
    """Admin search that ignores diacritics: `ben tre` finds `Bến Tre`.

    Searches the folded `search_text` column with the folded term, word by word.
    """

    search_fields = ("search_text",)

    def get_search_results(self, request, queryset, search_term):
        if not search_term:
            return queryset, False
        for word in search_words(search_term):
            queryset = queryset.filter(search_text__contains=word)
        return queryset, False


class ScopedHistoryAdmin(SimpleHistoryAdmin):
    """django-simple-history's admin pages, held to the admin's scoped `get_queryset`.

    SimpleHistoryAdmin falls back to the history table when the record is not in `get_queryset` (to
    show deleted records), which would show another district's records to a scoped staff user. Only
    those who see everything get that fallback (deleted records stay readable by the office)."""

    def _check_scope(self, request, object_id):
        if request.user.sees_everything:
            return
        if not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise PermissionDenied

    def history_view(self, request, object_id, extra_context=None):
        self._check_scope(request, object_id)
        return super().history_view(request, object_id, extra_context=extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._check_scope(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context=extra_context)
