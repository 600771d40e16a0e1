from collections.abc import Callable

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from simple_history.admin import SimpleHistoryAdmin

from units.fields import scope_for
from units.scope import scope_q

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


class ScopedAdmin:
    """The one admin scoping mixin: the site (config.admin) adds it to every registered admin.

    - `scope = (kind, via)`: the list, and so every change, delete and history page, holds only the
      rows in the user's scope (`units.scope.scope_q`: kind "unit", "org" or "cadre", reached through
      the relation prefix `via`, e.g. `("org", "cell__")` for meetings); or `scope =
      staticmethod(q_for_user)` for a kind whose app says who sees it (petitions: their unit, their
      raiser, their agency). `None`: rows not attached to a subtree (rule versions, categories), for
      those the admin's permissions let in.
    - Foreign key and many-to-many choices are the user's scope (`units.fields.scope_for`: units,
      organisations, cadres, agencies, users): another district's id reads like one nobody has.
    - django-simple-history's pages fall back to the history table when the record is not in
      `get_queryset` (to show deleted records), which would show another district's records to a
      scoped staff user: only those who see everything get that fallback.
    """

    scope: tuple[str, str] | Callable | None = None

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if self.scope is None:
            return qs
        if callable(self.scope):
            return qs.filter(self.scope(request.user))
        kind, via = self.scope
        return qs.filter(scope_q(request.user, kind, via))

    def _scope_choices(self, db_field, request, kwargs):
        scope = scope_for(db_field.related_model)
        user = request.user
        if scope is not None and not getattr(user, "sees_everything", False):
            kwargs["queryset"] = scope(user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        self._scope_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        self._scope_choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _check_history_scope(self, request, object_id):
        if not isinstance(self, SimpleHistoryAdmin) or request.user.sees_everything:
            return
        if not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise PermissionDenied

    def history_view(self, request, object_id, extra_context=None):
        self._check_history_scope(request, object_id)
        return super().history_view(request, object_id, extra_context=extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._check_history_scope(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context=extra_context)


class ScopedHistoryAdmin(ScopedAdmin, SimpleHistoryAdmin):
    """An admin with django-simple-history's pages, scoped by `ScopedAdmin` (set `scope`)."""
