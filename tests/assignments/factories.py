import datetime

import factory

from assignments.models import Agency, AgencyMember, Assignment, CadreKind, Petition, PetitionCategory
from tests.units.factories import CadreFactory, UnitFactory


class AssignmentFactory(factory.django.DjangoModelFactory):
    """A row as it would be after assignment_create (rules are the service's job, tested there)."""

    class Meta:
        model = Assignment

    cadre = factory.SubFactory(CadreFactory)
    unit = factory.SubFactory(UnitFactory)
    cadre_kind = CadreKind.COMMUNE
    starts_on = datetime.date(2026, 1, 1)


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"AG{n:03d}")
    name = factory.LazyAttribute(lambda o: f"Ủy ban nhân dân {o.code}")


class AgencyMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyMember


def category(code="dat-dai"):
    """The categories are seeded by a migration."""
    return PetitionCategory.objects.get(code=code)


class PetitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Petition

    unit = factory.SubFactory(UnitFactory)
    raised_on = datetime.date(2026, 3, 1)
    category = factory.LazyFunction(category)
    content = "Đề nghị sửa đường đal ấp 1."
    due_on = factory.LazyAttribute(lambda o: o.raised_on + datetime.timedelta(days=15))
    escalation_level = factory.LazyAttribute(lambda o: o.unit.level)
    level_due_on = factory.LazyAttribute(lambda o: o.due_on)
