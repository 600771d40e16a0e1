from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from .models import Directive
from .selectors import directive_detail, directive_list


@login_required
def directive_index(request):
    query = request.GET.get("q", "")
    return render(request, "directives/list.html", {"directives": directive_list(query=query), "q": query})


@login_required
def directive_page(request, code):
    try:
        directive = directive_detail(code)
    except Directive.DoesNotExist as exc:
        raise Http404 from exc
    groups = {}
    for item in directive.items.all():
        groups.setdefault(item.group, []).append(item)
    return render(
        request, "directives/detail.html", {"directive": directive, "grouped_items": groups.items()}
    )
