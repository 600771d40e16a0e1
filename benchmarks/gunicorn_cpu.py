"""gunicorn's CPU per request under the load test's mix, without Locust (standard library only).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/party_tracker_load REDIS_URL=redis://127.0.0.1:6379/4 \
        .venv/bin/python benchmarks/gunicorn_cpu.py --seconds 30 --threads 16

benchmarks/load.py is the load test (Locust, `pip install -e '.[bench]'`); this is its fallback where
Locust is not installed. The same gunicorn settings and the same requests (the cadre's page and phone
form and a recorded contact, the cell's calendar and meeting form, the leader's dashboard and
coverage, the public pledge pages), asked for by closed-loop threads with no pause, while a Celery
worker runs the six-monthly rollup (unless --no-rollup). Prints requests/s, p50/p95, errors and the
CPU that gunicorn (master and workers, read from /proc) spent per request; then the floors under the
same server and threads (benchmarks/floor_wsgi.py): a plain WSGI app, and a bare page through every
middleware. The client shares the machine: requests/s is bounded by it too, CPU per request is not.
"""

import argparse
import http.client
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import FIXTURE_SCRIPT, PASSWORD, ROOT, _wait_for, manage  # noqa: E402

CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(root_pid) -> float:
    """utime + stime of `root_pid` and its children (gunicorn's master and workers)."""
    total = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry), int(fields[1])
        if root_pid in (pid, ppid):
            total += (int(fields[11]) + int(fields[12])) / TICKS
    return total


class Client:
    """One keep-alive connection with its cookies (enough for this app's session and CSRF cookies)."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method, path, body=None, follow=True):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Host": f"127.0.0.1:{self.port}"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            text = response.read().decode(errors="replace")
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.strip().partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        location = response.getheader("Location", "")
        if response.status == 302 and follow:
            return self.request("GET", location)
        return response.status, text, location

    def sign_in(self, username):
        _status, page, _ = self.request("GET", "/tai-khoan/dang-nhap/")
        token = CSRF_RE.search(page).group(1)
        body = urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token})
        status, _text, _ = self.request("POST", "/tai-khoan/dang-nhap/", body, follow=False)
        if status != 302:
            raise SystemExit(f"{username} could not sign in ({status})")


def record_contact(client, fixture):
    _status, form, _ = client.request("GET", "/phan-cong/ghi-nhan/moi/")
    token = CSRF_RE.search(form).group(1)
    body = urlencode({
        "csrfmiddlewaretoken": token, "unit": random.choice(fixture["cadre_units"]),
        "contacted_on": time.strftime("%d/%m/%Y"), "kind": "visit",
        "disseminated": "Phổ biến Chỉ thị 05 (tải thử)", "opinions": "",
    })
    status, _text, saved = client.request("POST", "/phan-cong/ghi-nhan/moi/", body, follow=False)
    if status != 302 or "/ghi-nhan/" not in saved or saved.endswith("/moi/"):
        return 3, 1
    client.request("GET", saved)
    return 3, 0


def mix(fixture):
    """(who signs in, [(weight, task)]): the weights of benchmarks/load.py."""
    cell = fixture["cell"]

    def get(path):
        return lambda client: (1, 0 if client.request("GET", path)[0] == 200 else 1)

    def pledge(client):
        status = client.request("GET", f"/p/{random.choice(fixture['pledges'])}/")[0]
        return 1, 0 if status == 200 else 1

    return [
        (3, "canbo.xa", [(3, get("/phan-cong/")), (1, lambda c: record_contact(c, fixture))]),
        (2, "bithu.chibo", [(2, get(f"/chi-bo/{cell}/")), (1, get(f"/chi-bo/{cell}/sinh-hoat/moi/"))]),
        (2, "lanhdao.tinh", [(2, get("/tong-hop/")), (1, get("/phan-cong/bao-phu/"))]),
        (3, "", [(1, pledge)]),
    ]


def drive(port, threads, seconds, users, server_pid, warmup=10):
    """`threads` closed loops, each signed in as one of `users` ([(username, tasks)]); returns the figures."""
    clients = []
    for i in range(threads):
        username, tasks = users[i % len(users)]
        client = Client(port)
        if username:
            client.sign_in(username)
        clients.append((client, tasks))
    stop = threading.Event()
    counts, errors, latencies = [0], [0], []
    lock = threading.Lock()

    def loop(client, tasks):
        weights = [w for w, _task in tasks]
        while not stop.is_set():
            task = random.choices([t for _w, t in tasks], weights)[0]
            started = time.perf_counter()
            try:
                requests, failed = task(client)
            except (OSError, http.client.HTTPException, AttributeError):
                requests, failed = 1, 1
            took = (time.perf_counter() - started) * 1000 / requests
            with lock:
                counts[0] += requests
                errors[0] += failed
                latencies.extend([took] * requests)

    workers = [threading.Thread(target=loop, args=c, daemon=True) for c in clients]
    for worker in workers:
        worker.start()
    # Not measured: each worker compiles its templates and fills its in-process caches on first use.
    time.sleep(warmup)
    with lock:
        counts[0], errors[0] = 0, 0
        latencies.clear()
    cpu0, wall0 = cpu_seconds(server_pid), time.monotonic()
    time.sleep(seconds)
    cpu, elapsed = cpu_seconds(server_pid) - cpu0, time.monotonic() - wall0
    with lock:
        count, failed, lat = counts[0], errors[0], sorted(latencies)
    stop.set()
    for worker in workers:
        worker.join(35)

    def percentile(q):
        return lat[min(len(lat) - 1, int(q * len(lat)))] if lat else 0

    return count, failed, elapsed, percentile(0.5), percentile(0.95), cpu


def serve(app, args, env):
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "config/gunicorn.py", app, "--bind", f"127.0.0.1:{args.port}",
         "--workers", str(args.workers), "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    return server


def line(name, figures):
    count, failed, elapsed, p50, p95, cpu = figures
    per = 1000 * cpu / count if count else 0
    print(f"{name:<58} {count / elapsed:>6.0f}/s  p50 {p50:>5.0f} ms  p95 {p95:>5.0f} ms  errors {failed:>3}"
          f"  gunicorn CPU {per:>5.2f} ms/request")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8124)
    parser.add_argument("--no-rollup", action="store_true")
    parser.add_argument("--floor-seconds", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=20, help="seconds of the mix before it is measured")
    args = parser.parse_args()
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.local", DEBUG="false",
               ALLOWED_HOSTS="127.0.0.1,localhost", LOG_LEVEL="WARNING")
    if not env.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database with the demo loaded.")
    manage("collectstatic", "--noinput", "-v0", env=env)
    fixture = json.loads(manage("shell", "-c", FIXTURE_SCRIPT, env=env, capture=True).stdout.strip().splitlines()[-1])
    users = [(name, tasks) for weight, name, tasks in mix(fixture) for _ in range(weight)]

    worker = rollups = None
    server = serve("config.wsgi", args, env)
    try:
        _wait_for(f"http://127.0.0.1:{args.port}/healthz")
        if not args.no_rollup:
            worker = subprocess.Popen([str(ROOT / ".venv/bin/celery"), "-A", "config", "worker", "-Q", "rollups,default",
                                       "--concurrency", "1", "-l", "warning"], cwd=ROOT, env=env)
            rollups = threading.Event()
            threading.Thread(target=keep_rolling_up, args=(env, fixture["period"], rollups), daemon=True).start()
        print(f"{args.threads} threads, {args.seconds} s, {args.workers} gunicorn workers"
              f"{'' if args.no_rollup else ', rollups running'}")
        line("the load test's mix", drive(args.port, args.threads, args.seconds, users, server.pid, args.warmup))
    finally:
        if rollups:
            rollups.set()
        server.terminate()
        server.wait(10)
        if worker:
            worker.terminate()
            worker.wait(30)
    for name, app, path in (("floor: plain WSGI app", "benchmarks.floor_wsgi:plain", "/"),
                            ("floor: bare page (every middleware, 1 query, signed out)",
                             "benchmarks.floor_wsgi:bare", "/__floor__/")):
        if not args.floor_seconds:
            break
        server = serve(app, args, env)
        try:
            _wait_for(f"http://127.0.0.1:{args.port}{path}")
            tasks = [(1, lambda client, path=path: (1, 0 if client.request("GET", path)[0] == 200 else 1))]
            line(name, drive(args.port, args.threads, args.floor_seconds, [("", tasks)], server.pid, 3))
        finally:
            server.terminate()
            server.wait(10)


def keep_rolling_up(env, period, stop, every=15):
    from celery import Celery

    sender = Celery(broker=env["REDIS_URL"])
    while not stop.is_set():
        sender.send_task("cells.tasks.rollup_period", args=[period], queue="rollups")
        stop.wait(every)


if __name__ == "__main__":
    main()
