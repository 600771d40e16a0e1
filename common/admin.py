from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from simple_history.admin import SimpleHistoryAdmin

from .text import search_words


class FoldedSearchMixin(admin.ModelAdmin):
    """Admin search that ignores diacritics: `ben tre` finds `Bến Tre`.

    Searches folded columns (`search_text`, or those named in `folded_search_fields`, such as
    `unit__search_text`) with the folded term, word by word: every word must be in one of them;
    or the whole term, as typed, in one of `plain_search_fields` (a decision number).
    """

    search_fields = ("search_text",)
    folded_search_fields: tuple[str, ...] = ("search_text",)
    plain_search_fields: tuple[str, ...] = ()

    def get_search_results(self, request, queryset, search_term):
        if not search_term:
            return queryset, False
        every_word = Q()
        for word in search_words(search_term):
            match = Q()
            for name in self.folded_search_fields:
                match |= Q(**{f"{name}__contains": word})
            every_word &= match
        for name in self.plain_search_fields:  # codes and numbers typed as stored ("15-QĐ/HU")
            every_word |= Q(**{f"{name}__icontains": search_term.strip()})
        queryset = queryset.filter(every_word)
        # Only columns of the row and of its foreign keys: a row matches once, no duplicates.
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
