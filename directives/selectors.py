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


# 01-KL/TW organises studying and following by a whole-term theme and a topic for each year; its
# items carry the year in their code (CD-2022) and sit in these groups. A later conclusion for the
# next term adds its items the same way (the office adds them on the directive's pages or the admin).
YEARLY_TOPIC_GROUP = "chuyen_de_nam"
TERM_THEME_GROUP = "chuyen_de_toan_khoa"


def yearly_topics(year: int) -> list[DirectiveItem]:
    """The topics of `year` (chuyên đề năm), then the whole-term themes of the documents that give a
    topic for that year (one query). Empty when no document gives one for that year."""
    rows = list(
        DirectiveItem.objects.select_related("directive", "group")
        .filter(group__code__in=[YEARLY_TOPIC_GROUP, TERM_THEME_GROUP])
        .order_by("directive__issued_on", "order")
    )
    suffix = f"-{year}"
    topics = [i for i in rows if i.group.code == YEARLY_TOPIC_GROUP and i.code.endswith(suffix)]
    directives = {i.directive_id for i in topics}
    themes = [i for i in rows if i.group.code == TERM_THEME_GROUP and i.directive_id in directives]
    return topics + themes
