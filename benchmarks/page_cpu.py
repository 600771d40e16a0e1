"""CPU per request of the pages benchmarks/load.py asks for, in-process (no server, no network).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/party_tracker_load REDIS_URL=redis://127.0.0.1:6379/4 \
        .venv/bin/python benchmarks/page_cpu.py [--repeat 200] [--profile "leader: dashboard"]

Each page is asked for through the production WSGI handler (the whole middleware stack, the session
cookie of a signed-in user), warmed up, then timed with time.process_time (CPU of this process: the
database's own CPU is not counted; another busy process on the machine does not inflate it). Two
floors are timed the same way: a plain WSGI callable and a bare page served through the same
middleware. --profile NAME prints the cProfile of that page (cumulative, top 40).
The demo must be loaded (`manage.py migrate && manage.py load_demo`).
"""

import argparse
import cProfile
import gc
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")


def plain_app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]


class Pages:
    def __init__(self):
        import django

        django.setup()
        from django.core.handlers.wsgi import WSGIHandler

        self.handler = WSGIHandler()
        self.cookies = {}

    def sign_in(self, username):
        from django.conf import settings
        from django.test import Client

        from accounts.models import User

        client = Client()
        client.force_login(User.objects.get(username=username))
        return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"

    def environ(self, path, cookie="", method="GET", body=b""):
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8123",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": "127.0.0.1:8123",
            "HTTP_USER_AGENT": "page_cpu",
            "HTTP_ACCEPT": "text/html",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
        }
        if cookie:
            environ["HTTP_COOKIE"] = cookie
        return environ

    def call(self, app, environ, follow=True):
        """The body of the answer, following redirects as the load test's client does."""
        status, headers = [], []
        body = b"".join(app(environ, lambda s, h, exc_info=None: (status.append(s), headers.extend(h))))
        if status[0].startswith("302") and follow:
            location = dict(headers)["Location"]
            return self.call(app, self.environ(location, environ.get("HTTP_COOKIE", "")))
        if not status[0].startswith(("200", "302")):
            raise SystemExit(f"{environ['PATH_INFO']}: {status[0]}\n{body[:2000].decode(errors='replace')}")
        return body

    def post_contact(self, cookie, unit):
        """The cadre's phone form: the form (its CSRF cookie and token), then the contact posted."""
        import re
        from urllib.parse import urlencode

        status, headers = [], []
        environ = self.environ("/phan-cong/ghi-nhan/moi/", cookie)
        page = b"".join(self.handler(environ, lambda s, h, exc_info=None: (status.append(s), headers.extend(h))))
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        csrf = [v.strip().split(";")[0] for k, v in headers if k == "Set-Cookie" and "csrftoken=" in v]
        body = urlencode({
            "csrfmiddlewaretoken": token, "unit": unit, "contacted_on": time.strftime("%d/%m/%Y"),
            "kind": "visit", "disseminated": "Phổ biến Chỉ thị 05 (đo CPU)", "opinions": "",
        }).encode()
        environ = self.environ("/phan-cong/ghi-nhan/moi/", "; ".join([cookie, *csrf]), "POST", body)
        environ.update(CONTENT_TYPE="application/x-www-form-urlencoded", CONTENT_LENGTH=str(len(body)))
        status.clear()
        headers.clear()
        b"".join(self.handler(environ, lambda s, h, exc_info=None: (status.append(s), headers.extend(h))))
        location = dict(headers).get("Location", "")
        if not status[0].startswith("302") or location.endswith("/moi/"):
            raise SystemExit(f"contact not recorded: {status[0]}")
        return location


def bare_page(request):
    """The floor of a page served by Django: one query, a tiny template, through every middleware."""
    from django.http import HttpResponse

    from accounts.models import User

    return HttpResponse(f"<p>{User.objects.filter(pk=request.user.pk or 0).count()}</p>")


def fixture():
    import datetime

    from django.utils import timezone

    from accounts.models import User
    from assignments import selectors as a
    from cells.periods import code_for
    from pledges.models import Pledge

    secretary = User.objects.get(username="bithu.chibo")
    code = Pledge.objects.filter(published_version__isnull=False).values_list("short_code", flat=True).first()
    cadre = User.objects.get(username="canbo.xa")
    return {
        "cell": secretary.home_org.code,
        "pledge": code,
        "units": [x.unit.code for x in a.my_assignments(cadre)],
        "period": code_for(timezone.localdate() - datetime.timedelta(days=200)),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--profile", default="", help="a page's name: print its cProfile")
    parser.add_argument("--sql", default="", help="print the queries of pages whose name contains this")
    parser.add_argument("--only", default="", help="time only pages whose name contains this")
    args = parser.parse_args()

    pages = Pages()
    from django.urls import clear_url_caches, path

    import config.urls

    config.urls.urlpatterns.append(path("__bare__/", bare_page))
    clear_url_caches()
    fix = fixture()
    # As config/gunicorn.py does in each worker.
    gc.freeze()
    gc.set_threshold(7000, 10, 10)
    cadre, secretary, leader = (pages.sign_in(u) for u in ("canbo.xa", "bithu.chibo", "lanhdao.tinh"))
    contact = pages.post_contact(cadre, fix["units"][0])
    wanted = [
        ("floor: plain WSGI app", plain_app, "/", ""),
        ("floor: bare page (middleware, 1 query)", pages.handler, "/__bare__/", cadre),
        ("floor: bare page, signed out", pages.handler, "/__bare__/", ""),
        ("sign in page", pages.handler, "/tai-khoan/dang-nhap/", ""),
        ("cadre: my units", pages.handler, "/phan-cong/", cadre),
        ("cadre: contact form", pages.handler, "/phan-cong/ghi-nhan/moi/", cadre),
        ("secretary: cell calendar", pages.handler, f"/chi-bo/{fix['cell']}/", secretary),
        ("secretary: meeting form", pages.handler, f"/chi-bo/{fix['cell']}/sinh-hoat/moi/", secretary),
        ("cadre: contact recorded", pages.handler, contact, cadre),
        ("leader: dashboard (redirect + page)", pages.handler, "/tong-hop/", leader),
        ("leader: coverage", pages.handler, "/phan-cong/bao-phu/", leader),
        ("public: pledge page", pages.handler, f"/p/{fix['pledge']}/", ""),
    ]
    print(f"{'page':<42} {'CPU ms/request':>15} {'wall ms':>8} {'queries':>8}")
    for name, app, url, cookie in wanted:
        if args.only and args.only not in name and not name.startswith("floor"):
            continue
        run = lambda app=app, url=url, cookie=cookie: pages.call(app, pages.environ(url, cookie))  # noqa: E731
        for _ in range(10):
            run()
        queries = count_queries(run)
        cpu, wall = process_time_of(run, args.repeat)
        print(f"{name:<42} {cpu:>15.2f} {wall:>8.2f} {queries:>8}")
        if args.sql and args.sql in name:
            show_queries(run)
        if args.profile and args.profile == name:
            profile(run, args.repeat)
    if not args.only:
        # Form, post (each post records a contact: a few hundred demo rows more, as the load test does).
        poster = lambda: pages.post_contact(cadre, fix["units"][0])  # noqa: E731
        cpu, wall = process_time_of(poster, max(10, args.repeat // 10))
        print(f"{'cadre: contact form + record contact':<42} {cpu:>15.2f} {wall:>8.2f}")


def count_queries(run):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured)


def show_queries(run):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        run()
    for query in captured:
        print("    ", query["sql"][:300])


def process_time_of(run, repeat):
    best_cpu = best_wall = float("inf")
    for _ in range(3):
        cpu0, wall0 = time.process_time(), time.perf_counter()
        for _ in range(repeat):
            run()
        best_cpu = min(best_cpu, (time.process_time() - cpu0) * 1000 / repeat)
        best_wall = min(best_wall, (time.perf_counter() - wall0) * 1000 / repeat)
    return best_cpu, best_wall


def profile(run, repeat):
    profiler = cProfile.Profile(time.process_time)  # CPU, not wall: the machine may be busy
    profiler.enable()
    for _ in range(repeat):
        run()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(45)
    print(out.getvalue())
    out = io.StringIO()
    # The project's own functions (and the forms and widgets they render), by cumulative time.
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(r"^(?!.*site-packages)|forms/|widgets", 40)
    print(out.getvalue())


if __name__ == "__main__":
    main()
