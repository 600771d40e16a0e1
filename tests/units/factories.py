import factory

from units.models import Cadre, PartyOrg, Unit


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"U{n:05d}")
    name = factory.LazyAttribute(lambda o: f"Đơn vị {o.code}")
    kind = Unit.Kind.COMMUNE


class PartyOrgFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyOrg
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"O{n:05d}")
    name = factory.LazyAttribute(lambda o: f"Chi bộ {o.code}")
    kind = PartyOrg.Kind.CELL


class CadreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cadre
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"C{n:05d}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    cadre_level = Cadre.Level.COMMUNE
    work_unit = factory.SubFactory(UnitFactory)
