from datetime import date

import factory

from pledges.models import (
    Commitment,
    CommitmentItem,
    Pledge,
    PledgeItem,
    PledgeVersion,
    RemedialAction,
    Review,
    Shortcoming,
)


class PledgeFactory(factory.django.DjangoModelFactory):
    """A pledge with one version (status `status`, default draft) holding `items` actions."""

    class Meta:
        model = Pledge
        skip_postgeneration_save = True

    year = 2026
    short_code = factory.Sequence(lambda n: f"t{n:05d}")

    @factory.post_generation
    def content(self, create, extracted, status=PledgeVersion.Status.DRAFT, items=1, **kwargs):
        version = PledgeVersion.objects.create(pledge=self, number=1, status=status, theme="Năm dân vận khéo")
        for n in range(items):
            PledgeItem.objects.create(
                version=version,
                order=n,
                study=f"Học tập phong cách làm việc {n}",
                action=f"Mỗi tháng gặp gỡ 10 hộ dân {n}",
                deliverable="Sổ ghi chép",
                deadline=date(self.year, 12, 31),
            )
        self.current_version = version
        if status == PledgeVersion.Status.PUBLISHED:
            self.published_version = version
        self.save()


def published_pledge(**kwargs):
    return PledgeFactory(content__status=PledgeVersion.Status.PUBLISHED, **kwargs)


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment
        skip_postgeneration_save = True

    year = 2026

    @factory.post_generation
    def items(self, create, extracted, **kwargs):
        for n in range(extracted or 1):
            CommitmentItem.objects.create(
                commitment=self,
                order=n,
                task=f"Nhiệm vụ {n}",
                deliverable="Báo cáo",
                deadline=date(self.year, 11, 30),
            )


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    year = 2025


def action_for(review, *, due_on, created_on=date(2025, 12, 1), **kwargs):
    shortcoming = Shortcoming.objects.create(
        review=review, description="Chưa sâu sát cơ sở", cause="Chủ quan"
    )
    return RemedialAction.objects.create(
        shortcoming=shortcoming,
        org=review.org,
        description="Xuống ấp mỗi tháng",
        due_on=due_on,
        created_on=created_on,
        **kwargs,
    )
