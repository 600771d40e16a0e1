"""The floors benchmarks/load.py serves beside the product, under the same gunicorn settings:

- `plain`: a WSGI callable answering "ok" (the server's own cost per request);
- `bare`: the product's Django application (config.wsgi: every middleware, sessions, the signed-in
  user) with one more page, /__floor__/, that runs one query and renders no template.
"""

from django.http import HttpResponse
from django.urls import clear_url_caches, path

from config.wsgi import application as bare  # noqa: F401 - served by gunicorn


def plain(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
    return [b"ok"]


def floor_page(request):
    from accounts.models import User

    return HttpResponse(f"<p>{User.objects.filter(pk=request.user.pk or 0).count()}</p>")


def _add_floor_page():
    import config.urls  # Django is set up by config.wsgi

    config.urls.urlpatterns.append(path("__floor__/", floor_page))
    clear_url_caches()


_add_floor_page()
