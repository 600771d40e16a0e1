"""The project's forms, found by walking its apps' modules (for tests that check every form field)."""

import importlib
import pkgutil

from django import forms

APPS = ("accounts", "assignments", "cells", "common", "dashboards", "directives", "pledges", "units")


def project_form_classes():
    """Every Form / ModelForm class defined in a module of the project's apps (views and admin
    modules included), and the form of every formset class found there."""
    for app in APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" not in info.name and ".management" not in info.name:
                importlib.import_module(info.name)
    seen, todo = set(), [forms.BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    formsets = set()
    todo = [forms.BaseFormSet]
    while todo:
        for sub in todo.pop().__subclasses__():
            formsets.add(sub)
            todo.append(sub)
    seen |= {fs.form for fs in formsets if getattr(fs, "form", None)}
    return sorted(
        (c for c in seen if c.__module__.split(".")[0] in APPS),
        key=lambda c: f"{c.__module__}.{c.__qualname__}",
    )
