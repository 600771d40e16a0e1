from django.db.models import Count, Prefetch

from common.text import search_words

from .models import Directive, DirectiveItem, DirectiveLink


def directive_list(*, query: str = ""):
    qs = Directive.objects.annotate(item_count=Count("items")).order_by("-issued_on")
    for word in search_words(query):
        qs = qs.filter(search_text__contains=word)
    return qs


def directive_detail(code: str):
    """One directive with its groups, items and links, in a fixed number of queries."""
    return Directive.objects.prefetch_related(
        "groups",
        Prefetch("items", queryset=DirectiveItem.objects.select_related("group").order_by("order")),
        Prefetch("links_out", queryset=DirectiveLink.objects.select_related("target")),
        Prefetch("links_in", queryset=DirectiveLink.objects.select_related("source")),
    ).get(code=code)
