"""gunicorn settings, used by deploy/party-tracker-web.service and benchmarks/load.py
(`gunicorn -c config/gunicorn.py config.wsgi`); command-line options override them.

The app is imported once in the master and forked (`preload_app`): the workers share its memory, and
the objects loaded at start are frozen out of the garbage collector, whose full scans of them were
≈ 6 % of a page's CPU (measured: 0.9 -> 0.2 ms a request)."""

import gc
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
timeout = 60
# Recycling a worker throws away its warm state (compiled templates, URL resolvers, in-process
# caches): every 2,000 requests cost ≈ 10 % of the throughput under load; 20,000 still bounds a leak.
max_requests = 20000
max_requests_jitter = 2000
preload_app = True


def pre_fork(server, worker):
    # Everything imported so far lives as long as the worker: keep it out of the collector's scans.
    gc.freeze()


def post_fork(server, worker):
    # Fewer young-generation collections: a request allocates thousands of short-lived objects.
    gc.set_threshold(7000, 10, 10)
