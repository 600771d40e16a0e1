from django.contrib import admin

from .text import fold


class FoldedSearchMixin(admin.ModelAdmin):
    """Admin search that ignores diacritics: `ben tre` finds `Bến Tre`.

    Searches the folded `search_text` column with the folded term, word by word.
    """

    search_fields = ("search_text",)

    def get_search_results(self, request, queryset, search_term):
        if not search_term:
            return queryset, False
        for word in fold(search_term).split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset, False
