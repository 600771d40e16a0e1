"""Every write audited: each model of the product keeps a history (django-simple-history), unless it is
named below with the reason it needs none. A new model without either fails here."""

from pathlib import Path

from django.apps import apps
from simple_history.models import HistoricalChanges

# The product's own apps: those whose code lives in this checkout (third-party and Django's apps are
# theirs); a new app is covered without being named here.
ROOT = Path(__file__).resolve().parents[2]
PRODUCT_APPS = {
    config.label
    for config in apps.get_app_configs()
    if Path(config.path).is_relative_to(ROOT) and ".venv" not in Path(config.path).relative_to(ROOT).parts
}

# app_label.ModelName -> why its writes need no history of their own (one line each).
EXEMPT = {
    "units.UnitPastPath": "derived: the path a unit had before a reorganisation, written only by units.tree",
    "units.RosterImport": "itself the audit entry of an upload: who, when, which file, what was written",
    "units.Reorganisation": "itself the audit entry of a reorganisation: who applied it, when, what changed",
    "units.Lineage": "written once with the reorganisation that records it (units.Reorganisation), never edited",
    "units.OrgLineage": "written once with the reorganisation that records it (units.Reorganisation), never edited",
    "directives.Directive": "reference documents loaded by migrations; office edits are in the admin's log",
    "directives.ItemGroup": "reference grouping of directive items loaded by migrations; edits in the admin's log",
    "directives.DirectiveLink": "reference relation between documents loaded by migrations; edits in the admin's log",
    "accounts.LockoutLift": "itself the audit entry of a lifted lockout: who lifted which, and when",
    "accounts.TwoStepChange": "itself the audit entry of two-step sign-in turned on or off: by whom, when",
    "grading.ScoringSheet": "part of a rule version (grading.RuleVersion, which has history), seeded by migrations",
    "grading.Criterion": "part of a rule version (grading.RuleVersion, which has history), seeded by migrations",
    "grading.Condition": "part of a rule version (grading.RuleVersion, which has history), seeded by migrations",
    "assignments.PetitionCategory": "reference list edited by the office in the admin (the admin's log)",
    "assignments.AnswerDeadline": "reference list edited by the office in the admin (the admin's log)",
    "assignments.PetitionEvent": "itself the audit log of a petition's moves: status, when, by whom, note",
    "assignments.FieldPhoto": "an upload attached once to a contact or petition, never edited (who and when on the row)",
    "pledges.GradingRule": "a rule version in force from its date: a change is a new version row",
    "pledges.PublicComment": "a citizen's comment, never edited; its moderation is on the row (by whom, when)",
    "pledges.Evidence": "an upload attached once to a self-assessment, never edited (who and when on the row)",
    "pledges.ProgressAssessment": "an assessment recorded once and never edited; a new one follows it",
    "pledges.PressingIssue": "raised once and never edited (who and when on the row)",
    "cells.QualityCriteria": "a criteria version in force from its date: a change is a new version row",
    "cells.Period": "created on first use; its pointer to the current rollup run is derived",
    "cells.MeetingTopic": "rewritten with its meeting, whose history (cells.Meeting) names the agenda's author",
    "cells.RollupRun": "derived: a computation run of the rollup",
    "cells.OrgResult": "derived rollup rows, recomputed by each run",
    "cells.PastPath": "derived: the path an organisation had before a reorganisation, written by cells.reorg",
    "cells.PeriodReopening": "itself the audit entry of a reopened period: by whom, when, why",
    "notifications.Notification": "derived: what waits on a person, written by the features' signals",
    "notifications.Preference": "a person's own delivery choices, only ever written by that person",
    "notifications.PushSubscription": "a browser's push endpoint, registered and dropped by the browser",
    "api.ApiToken": "itself the record of a key: who made it for whom, when, when it was revoked and last used",
}


def _tracked(model) -> bool:
    """The model has a simple_history manager (`history = HistoricalRecords()`)."""
    manager = getattr(model, "history", None)
    return issubclass(getattr(manager, "model", object), HistoricalChanges)


def _product_models():
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label in PRODUCT_APPS
        and not issubclass(m, HistoricalChanges)
        and not m._meta.auto_created
    ]


def test_every_product_model_keeps_a_history_or_says_why_not():
    missing = [
        f"{m._meta.app_label}.{m.__name__}"
        for m in _product_models()
        if not _tracked(m) and f"{m._meta.app_label}.{m.__name__}" not in EXEMPT
    ]
    assert missing == [], f"models without history and without a reason in EXEMPT: {missing}"


def test_every_exemption_names_a_model_that_exists_and_is_untracked():
    names = {f"{m._meta.app_label}.{m.__name__}": m for m in _product_models()}
    stale = [name for name in EXEMPT if name not in names or _tracked(names[name])]
    assert stale == [], f"EXEMPT entries for models gone or now tracked: {stale}"
    assert all(reason.strip() and "\n" not in reason for reason in EXEMPT.values())


def test_the_models_this_audit_added_keep_a_history():
    for name in (
        "accounts.User",
        "assignments.LevelRule",
        "assignments.Agency",
        "assignments.AgencyMember",
        "assignments.FieldContact",
        "pledges.EvaluationScore",
    ):
        assert _tracked(apps.get_model(name)), name


def test_the_product_apps_are_the_checkouts_own():
    assert {"units", "accounts", "assignments", "pledges", "cells", "grading", "dashboards"} <= PRODUCT_APPS
    assert not PRODUCT_APPS & {"auth", "admin", "simple_history", "axes", "ninja"}
