"""Load test: gunicorn + PostgreSQL at demo scale, with a rollup running on a Celery worker.

    .venv/bin/pip install -e '.[bench]'
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/party_tracker_load REDIS_URL=redis://127.0.0.1:6379/4 \
        .venv/bin/python benchmarks/load.py --prepare --seconds 60 --users 60

A headless Locust run (bounded in time, loopback only) with a mix of the product's users: cadres open
their page and record field contacts from the phone form, cell secretaries open their cell's calendar and
the meeting form, leaders open dashboards and coverage, and the public opens published pledges. Prints
throughput, p50/p95/p99 per request kind and overall, the error count and the CPU per request of each
tier; then the floors under the same server and users (benchmarks/floor_wsgi.py): a plain WSGI app,
and a bare page through every middleware. Target on the 2-core machine:
>= 150 requests/s, p95 < 500 ms, no errors, while a rollup runs.
--prepare migrates the database and loads the demo first (idempotent).
"""

import argparse
import json
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv" / "bin" / "python")
PASSWORD = "BenTre@2026"


def manage(*args, env, capture=False):
    return subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, text=True, capture_output=capture)


FIXTURE_SCRIPT = r"""
import datetime
import json
from django.utils import timezone
from cells.periods import code_for
from accounts.models import User
from assignments import selectors as a
from pledges.models import Pledge
cadre = User.objects.get(username="canbo.xa")
secretary = User.objects.get(username="bithu.chibo")
codes = list(Pledge.objects.filter(published_version__isnull=False).values_list("short_code", flat=True)[:300])
units = [x.unit.code for x in a.my_assignments(cadre)]
period = code_for(timezone.localdate() - datetime.timedelta(days=200))  # the last complete half-year
print(json.dumps({"pledges": codes, "cadre_units": units, "cell": secretary.home_org.code, "period": period}))
"""


ROLLUPS_SCRIPT = r"""
import datetime
from django.utils import timezone
from cells.models import RollupRun
since = timezone.now() - datetime.timedelta(seconds=%(seconds)d)
runs = RollupRun.objects.filter(finished_at__gte=since, status="done").order_by("started_at")
took = ", ".join(f"{(r.finished_at - r.started_at).total_seconds():.1f} s" for r in runs)
print(f"rollups completed on the worker during the test: {len(runs)} ({took})")
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # Closed loop: each user waits 0.05-0.3 s between requests, so N users ask for at most about
    # N / (0.175 s + latency) requests a second: 40 users cap the test near 140/s whatever the server.
    parser.add_argument("--users", type=int, default=60)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--port", type=int, default=8123)
    parser.add_argument("--warmup", type=int, default=10, help="seconds after every user has signed in")
    parser.add_argument("--worker-class", default="sync", help="gunicorn worker class (sync, gthread)")
    parser.add_argument("--prepare", action="store_true", help="migrate and load the demo first")
    parser.add_argument("--no-rollup", action="store_true", help="do not run a rollup during the test")
    parser.add_argument("--floor-seconds", type=int, default=15,
                        help="seconds of each floor run after the test (0: none)")
    args = parser.parse_args()

    env = dict(os.environ)
    if not env.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (the demo is loaded there with --prepare).")
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        LOG_LEVEL="WARNING",
    )
    if args.prepare:
        manage("migrate", "--noinput", "-v0", env=env)
        manage("load_demo", env=env)
    manage("collectstatic", "--noinput", "-v0", env=env)
    fixture = json.loads(manage("shell", "-c", FIXTURE_SCRIPT, env=env, capture=True).stdout.strip().splitlines()[-1])

    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "config/gunicorn.py", "config.wsgi",
         "--bind", f"127.0.0.1:{args.port}",
         "--workers", str(args.workers), "--worker-class", args.worker_class, "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    worker = None
    try:
        _wait_for(f"http://127.0.0.1:{args.port}/healthz")
        if not args.no_rollup:
            if not env.get("REDIS_URL"):
                sys.exit("Set REDIS_URL to run the rollup on a worker during the test (or pass --no-rollup).")
            worker = subprocess.Popen(
                [str(ROOT / ".venv/bin/celery"), "-A", "config", "worker", "-Q", "rollups,default",
                 "--concurrency", "1", "-l", "warning"], cwd=ROOT, env=env,
            )
        tiers = CpuTiers(server.pid, worker.pid if worker else None, env["DATABASE_URL"].rsplit("/", 1)[-1])
        stats = run_locust(f"http://127.0.0.1:{args.port}", fixture, args, env, tiers, rollup=worker is not None)
    finally:
        server.terminate()
        if worker:
            worker.terminate()
        server.wait(10)
        if worker:
            worker.wait(30)
    report(stats, args)
    if worker:
        print(manage("shell", "-c", ROLLUPS_SCRIPT % {"seconds": args.seconds + 60}, env=env, capture=True)
              .stdout.strip().splitlines()[-1])
    if args.floor_seconds:
        floors(args, env)


FLOORS = (
    ("floor: plain WSGI app", "benchmarks.floor_wsgi:plain", "/"),
    ("floor: bare page (every middleware, 1 query, signed out)", "benchmarks.floor_wsgi:bare", "/__floor__/"),
)


def floors(args, env):
    """The same users and gunicorn settings against what no page can beat (benchmarks/floor_wsgi.py),
    no rollup: the server's own cost per request, then Django's with the product's middleware."""
    print(f"\nfloors ({args.floor_seconds} s each, {args.users} users, {args.workers} workers, no rollup):")
    for name, app, path in FLOORS:
        server = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "-c", "config/gunicorn.py", app,
             "--bind", f"127.0.0.1:{args.port}", "--workers", str(args.workers),
             "--worker-class", args.worker_class, "--log-level", "warning"],
            cwd=ROOT, env=env,
        )
        try:
            _wait_for(f"http://127.0.0.1:{args.port}{path}")
            tiers = CpuTiers(server.pid, None, env["DATABASE_URL"].rsplit("/", 1)[-1])
            count, failures, elapsed, p95, cpu = run_floor(f"http://127.0.0.1:{args.port}", path, args, tiers)
        finally:
            server.terminate()
            server.wait(10)
        web = 1000 * cpu["web (gunicorn)"] / count if count else 0
        print(f"  {name}: {count / elapsed:.0f} requests/s, p95 {p95:.0f} ms, {failures} errors;"
              f" gunicorn CPU per request {web:.2f} ms (machine {100 * cpu['machine busy']:.0f} % busy)")


def run_floor(host, path, args, tiers):
    import gevent
    from locust import FastHttpUser, between, task
    from locust.env import Environment

    class Floor(FastHttpUser):
        wait_time = between(0.05, 0.3)

        @task
        def floor(self):
            self.client.get(path, name="floor")

    environment = Environment(user_classes=[Floor], host=host)
    runner = environment.create_local_runner()
    runner.start(args.users, spawn_rate=args.users)
    gevent.sleep(3)
    environment.stats.reset_all()
    tiers.begin()
    started = time.monotonic()
    for _second in range(args.floor_seconds):
        gevent.sleep(1)
        tiers.poll()
    elapsed = time.monotonic() - started
    cpu = tiers.end()
    runner.quit()
    total = environment.stats.total
    return total.num_requests, total.num_failures, elapsed, total.get_response_time_percentile(0.95), cpu


def _wait_for(url, timeout=30):
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer on {url}")


class CpuTiers:
    """CPU time spent by each tier over the measured window (the machine may run other things):
    gunicorn (master and workers), the Celery worker, the PostgreSQL backends of this database,
    and this load generator."""

    def __init__(self, gunicorn_pid, worker_pid, database):
        self.roots = {"web (gunicorn)": gunicorn_pid, "rollup worker": worker_pid}
        self.database = database
        self.start, self.last = {}, {}

    def _processes(self):
        import psutil

        tiers = {name: [] for name in (*self.roots, "PostgreSQL", "load generator")}
        for name, pid in self.roots.items():
            if pid:
                root = psutil.Process(pid)
                tiers[name] = [root, *root.children(recursive=True)]
        for proc in psutil.process_iter(["cmdline"]):
            line = " ".join(proc.info["cmdline"] or ())
            if line.startswith("postgres:") and f" {self.database} " in f"{line} ":
                tiers["PostgreSQL"].append(proc)
        tiers["load generator"] = [psutil.Process()]
        return tiers

    def _sample(self):
        import psutil

        seconds = {}
        for name, procs in self._processes().items():
            for proc in procs:
                try:
                    times = proc.cpu_times()
                    seconds[(name, proc.pid)] = times.user + times.system
                except psutil.Error:
                    pass
        return seconds

    def begin(self):
        import psutil

        self.start, self.last = self._sample(), {}
        psutil.cpu_percent(interval=None)  # starts the machine-wide measure

    def poll(self):
        """Called every second: gunicorn recycles its workers (max_requests), and a worker's CPU
        time is only readable while it lives."""
        self.last.update(self._sample())

    def end(self) -> dict[str, float]:
        import psutil

        self.poll()
        spent = {}
        for (name, pid), value in self.last.items():
            spent[name] = spent.get(name, 0.0) + value - self.start.get((name, pid), 0.0)
        spent["machine busy"] = psutil.cpu_percent(interval=None) / 100  # since begin()
        return spent


def run_locust(host, fixture, args, env, tiers, *, rollup):
    from urllib.parse import urlencode

    import gevent
    from locust import FastHttpUser, between, task
    from locust.env import Environment

    csrf_re = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

    form_headers = {"Content-Type": "application/x-www-form-urlencoded"}
    signing_in = [0]  # users between on_start's first request and their signed-in session

    # FastHttpUser (geventhttpclient): the load generator shares the 2 cores with the server, and
    # costs a fraction of the CPU python-requests does per request.
    class Signed(FastHttpUser):
        abstract = True
        wait_time = between(0.05, 0.3)
        username = ""

        def on_start(self):
            signing_in[0] += 1
            page = self.client.get("/tai-khoan/dang-nhap/", name="sign in page")
            token = csrf_re.search(page.text).group(1)
            self.client.post(
                "/tai-khoan/dang-nhap/",
                data=urlencode({"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token}),
                headers=form_headers,
                name="sign in",
            )
            signing_in[0] -= 1

    class Cadre(Signed):
        weight = 3
        username = "canbo.xa"

        @task(3)
        def my_page(self):
            self.client.get("/phan-cong/", name="cadre: my units")

        @task(1)
        def record_contact(self):
            form = self.client.get("/phan-cong/ghi-nhan/moi/", name="cadre: contact form")
            token = csrf_re.search(form.text).group(1)
            with self.client.post(
                "/phan-cong/ghi-nhan/moi/",
                data=urlencode({
                    "csrfmiddlewaretoken": token,
                    "unit": random.choice(fixture["cadre_units"]),
                    "contacted_on": time.strftime("%d/%m/%Y"),
                    "kind": "visit",
                    "disseminated": "Phổ biến Chỉ thị 05 (tải thử)",
                    "opinions": "",
                }),
                headers=form_headers,
                allow_redirects=False,
                name="cadre: record contact",
                catch_response=True,
            ) as response:
                saved = response.headers.get("Location", "") if response.status_code == 302 else ""
                if "/ghi-nhan/" not in saved or saved.endswith("/moi/"):
                    response.failure(f"contact not recorded ({response.status_code})")
            if saved:
                self.client.get(saved, name="cadre: contact recorded")

    class Secretary(Signed):
        weight = 2
        username = "bithu.chibo"

        @task(2)
        def calendar(self):
            self.client.get(f"/chi-bo/{fixture['cell']}/", name="secretary: cell calendar")

        @task(1)
        def meeting_form(self):
            self.client.get(f"/chi-bo/{fixture['cell']}/sinh-hoat/moi/", name="secretary: meeting form")

    class Leader(Signed):
        weight = 2
        username = "lanhdao.tinh"

        @task(2)
        def dashboard(self):
            self.client.get("/tong-hop/", name="leader: dashboard")

        @task(1)
        def coverage(self):
            self.client.get("/phan-cong/bao-phu/", name="leader: coverage")

    class Public(FastHttpUser):
        weight = 3
        wait_time = between(0.05, 0.3)

        @task
        def pledge(self):
            self.client.get(f"/p/{random.choice(fixture['pledges'])}/", name="public: pledge page")

    environment = Environment(user_classes=[Cadre, Secretary, Leader, Public], host=host)
    runner = environment.create_local_runner()
    runner.start(args.users, spawn_rate=args.users)
    # Warm-up: the sign-ins (deliberately slow password hashing: ≈ 0.3 s of CPU each) and the first
    # requests are not measured.
    gevent.sleep(1)
    deadline = time.monotonic() + 180
    while signing_in[0] and time.monotonic() < deadline:
        gevent.sleep(0.5)
    gevent.sleep(args.warmup)
    environment.stats.reset_all()
    tiers.begin()
    started = time.monotonic()
    rollups = gevent.spawn(keep_rolling_up, env, fixture["period"]) if rollup else None
    for _second in range(args.seconds):
        gevent.sleep(1)
        tiers.poll()
    elapsed = time.monotonic() - started
    cpu = tiers.end()
    if rollups:
        rollups.kill()
    runner.quit()
    return environment.stats, elapsed, cpu


def keep_rolling_up(env, period, every=15):
    """The six-monthly rollup, sent to the worker's `rollups` queue at the start of the measured
    window and again every `every` seconds (it is idempotent: each run replaces the period)."""
    import gevent
    from celery import Celery

    sender = Celery(broker=env["REDIS_URL"])
    while True:
        sender.send_task("cells.tasks.rollup_period", args=[period], queue="rollups")
        gevent.sleep(every)


def report(result, args):
    stats, elapsed, cpu = result
    total = stats.total
    print(f"\n{args.users} users, {elapsed:.0f} s measured, {args.workers} gunicorn workers")
    print(f"{'request':<30} {'count':>7} {'fail':>5} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    for entry in sorted(stats.entries.values(), key=lambda e: e.name):
        print(f"{entry.name:<30} {entry.num_requests:>7} {entry.num_failures:>5} "
              f"{entry.get_response_time_percentile(0.5):>7.0f} {entry.get_response_time_percentile(0.95):>7.0f} "
              f"{entry.get_response_time_percentile(0.99):>7.0f}")
    rps = total.num_requests / elapsed if elapsed else 0
    print(f"{'ALL':<30} {total.num_requests:>7} {total.num_failures:>5} "
          f"{total.get_response_time_percentile(0.5):>7.0f} {total.get_response_time_percentile(0.95):>7.0f} "
          f"{total.get_response_time_percentile(0.99):>7.0f}")
    print(f"throughput: {rps:.0f} requests/s; errors: {total.num_failures}")
    if total.num_requests:
        busy = cpu.pop("machine busy")
        per_request = {name: 1000 * seconds / total.num_requests for name, seconds in cpu.items()}
        whole = sum(per_request.values())
        print("CPU per request: " + ", ".join(f"{name} {ms:.1f} ms" for name, ms in per_request.items())
              + f"; {whole:.1f} ms in all, so {os.cpu_count()} cores serve at most {1000 * os.cpu_count() / whole:.0f}/s;"
              f" the machine's CPU was {100 * busy:.0f} % busy")
    for error in stats.errors.values():
        print(f"  error x{error.occurrences}: {error.method} {error.name}: {error.error}")


if __name__ == "__main__":
    main()
