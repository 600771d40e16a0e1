"""`{% memo [value ...] %}…{% endmemo %}` (`{% load memo %}`): a part of a template rendered once per
process for each language and each combination of the values named, then served as the same HTML.

For the parts of the layout that every page repeats and that depend on nothing but the language and
the values named: links ({% url %}), static file addresses ({% static %}) and translated text. It
costs neither the rendering nor a round trip to the cache server. What may differ between two
requests must stay outside (the user's name, counts, the request's path); a {% csrf_token %} inside
is refused when the template is compiled, since every form would then carry the same token.
"""

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

# Enough for every language and value combination the layout has; past it a node starts afresh.
MAX_VARIANTS = 256


def remembered(store: dict, key, build):
    """`store[key]`, built once by `build()`: a per-process memo of HTML that differs only by `key`.
    The store starts afresh past MAX_VARIANTS keys (never grows without bound)."""
    html = store.get(key)
    if html is None:
        if len(store) >= MAX_VARIANTS:
            store.clear()
        html = store[key] = build()
    return html


class MemoNode(template.Node):
    def __init__(self, nodelist, values):
        self.nodelist = nodelist
        self.values = values
        # Lives as long as the compiled template: a template reloaded (development) starts empty.
        self.rendered = {}

    def render(self, context):
        key = (get_language(), get_script_prefix(), *(value.resolve(context) for value in self.values))
        return remembered(self.rendered, key, lambda: mark_safe(self.nodelist.render(context)))


@register.tag
def memo(parser, token):
    values = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("endmemo",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(CsrfTokenNode):
        raise template.TemplateSyntaxError("{% memo %} cannot hold a {% csrf_token %}: it would be shared.")
    return MemoNode(nodelist, values)
