"""The error pages (config.urls handler403/404/500, settings.CSRF_FAILURE_VIEW): Vietnamese, inside the
site's layout, so a signed-in user keeps their menu and their way out.

The 500 page first tries the full layout (menu included); if that fails too, for example because the
database is down and the signed-in user cannot be loaded, it is rendered again without the request:
the same template, with no user, no menu and nothing read from the database.
"""

import logging

from django.http import HttpResponseForbidden, HttpResponseServerError
from django.template.loader import render_to_string
from django.views.decorators.csrf import requires_csrf_token

log = logging.getLogger(__name__)


@requires_csrf_token
def server_error(request):
    try:
        html = render_to_string("500.html", request=request)
    except Exception:  # the page must render whatever broke the request (database, cache…)
        log.warning("The 500 page was rendered without the menu", exc_info=True)
        html = render_to_string("500.html")
    return HttpResponseServerError(html)


@requires_csrf_token
def csrf_failure(request, reason=""):
    """A form posted without a valid security token (expired page, cookies blocked)."""
    return HttpResponseForbidden(render_to_string("403_csrf.html", request=request))
