from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentsConfig(AppConfig):
    name = "assignments"
    verbose_name = _("Support assignments and petitions")

    def ready(self):
        # The roster workbook's `Phân công` sheet joins the units import/export pipeline.
        from units.imports import register_sheet

        from .resources import AssignmentResource

        register_sheet(AssignmentResource)

        # Agencies named in forms and in the admin's choices: those in the user's scope.
        from units.fields import register_scope

        from .models import Agency
        from .selectors import agencies_for

        register_scope(Agency, agencies_for)

        # The petition form's unit picker: the user's scope and the units they follow (PetitionForm).
        from units.models import Unit
        from units.search import register_kind

        from .selectors import petition_units

        register_kind("don-vi-kien-nghi", Unit, petition_units)

        # Cached pages are rebuilt at once after a change: the coverage (any assignment), a cadre's work
        # page (their contacts, the petitions they raised).
        from common.cache import bump_on_change

        from .models import Assignment, FieldContact, Petition

        bump_on_change(Assignment, "assignments")
        bump_on_change(FieldContact, lambda contact: f"cadre-{contact.cadre_id}")
        bump_on_change(Petition, lambda petition: f"cadre-{petition.raised_by_id}")
        # Petitions answered in time as evidence for a grade (grading.evidence).
        from grading.evidence import register

        from .grading_evidence import petitions

        register("assignments.petitions", petitions)
