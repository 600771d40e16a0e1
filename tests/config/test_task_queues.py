"""Every task of the product lands on its own queue, so one long import never delays a rollup."""

import pytest

from config.celery import app

EXPECTED = {
    "units": "imports",
    "cells": "rollups",
    "assignments": "notifications",
    "pledges": "notifications",
    "notifications": "notifications",
}


def product_tasks():
    app.loader.import_default_modules()
    return sorted(name for name in app.tasks if name.split(".")[0] in EXPECTED)


def test_the_product_has_tasks_in_every_queue_family():
    assert {name.split(".")[0] for name in product_tasks()} >= {"units", "cells", "assignments", "notifications"}


@pytest.mark.parametrize("name", product_tasks())
def test_each_task_is_routed_to_its_apps_queue(name):
    route = app.amqp.router.route({}, name, args=(), kwargs={})
    assert route["queue"].name == EXPECTED[name.split(".")[0]]
