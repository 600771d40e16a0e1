"""Receivers of the feature apps' signals (connected in NotificationsConfig.ready): each turns an
event into notices for the people it waits on. The features never import this app."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import recipients
from .services import Kind, Notice, notify, notify_many


def _petition_url(petition) -> str:
    return reverse("assignments:petition_detail", args=[petition.pk])


def petition_routed(sender, *, petition, recipient_ids, message, **kwargs):
    event = f"petition:{petition.pk}:routed:{petition.agency_id}:{petition.forwarded_on:%Y%m%d}"
    notify(recipient_ids, Notice(Kind.FORWARDED, event, message, _petition_url(petition)))


def petition_answered(sender, *, petition, recipient_ids, message, returned=False, **kwargs):
    kind = Kind.RETURNED if returned else Kind.ANSWERED
    event = f"petition:{petition.pk}:{petition.status}:{timezone.localdate():%Y%m%d}"
    notify(recipient_ids, Notice(kind, event, message, _petition_url(petition)))


def petitions_escalated(sender, *, escalations, **kwargs):
    notify_many(
        (
            people,
            Notice(
                Kind.ESCALATION,
                f"petition:{petition.pk}:escalation:{target.level}",
                message,
                _petition_url(petition),
                level=target.level,
            ),
        )
        for petition, target, people, message in escalations
    )


def _owner_name(pledge) -> str:
    return pledge.cadre.full_name if pledge.cadre_id else pledge.org.name


def pledge_submitted(sender, *, pledge, version, **kwargs):
    from pledges.rules import approver_org

    with translation.override(settings.LANGUAGE_CODE):
        message = _("The pledge %(year)s of %(owner)s waits for your approval.") % {
            "year": pledge.year,
            "owner": _owner_name(pledge),
        }
    stamp = int(version.submitted_at.timestamp()) if version.submitted_at else 0
    notify(
        recipients.committee_people(approver_org(pledge), exclude_cadre_id=pledge.cadre_id),
        Notice(Kind.APPROVAL, f"pledge:{pledge.pk}:v{version.pk}:submitted:{stamp}", message,
               reverse("pledges:detail", args=[pledge.pk])),
    )


def pledge_published(sender, *, pledge, version, **kwargs):
    with translation.override(settings.LANGUAGE_CODE):
        message = _("The pledge %(year)s of %(owner)s is published.") % {
            "year": pledge.year,
            "owner": _owner_name(pledge),
        }
    notify(
        recipients.owner_people(pledge),
        Notice(Kind.PUBLISHED, f"pledge:{pledge.pk}:v{version.pk}:published", message,
               reverse("pledges:detail", args=[pledge.pk])),
    )


def comment_submitted(sender, *, comment, **kwargs):
    from pledges.rules import approver_org

    pledge = comment.pledge
    with translation.override(settings.LANGUAGE_CODE):
        message = _("A citizen's comment on the pledge %(year)s of %(owner)s waits for moderation.") % {
            "year": pledge.year,
            "owner": _owner_name(pledge),
        }
    notify(
        recipients.committee_people(approver_org(pledge), exclude_cadre_id=pledge.cadre_id),
        Notice(Kind.MODERATION, f"comment:{comment.pk}:pending", message, reverse("pledges:comments")),
    )


def meeting_notice(meeting, *, eve: bool) -> Notice:
    when = meeting.held_on.strftime("%d/%m/%Y")
    if getattr(meeting, "starts_at", None):
        when = f"{meeting.starts_at:%H:%M} {when}"
    with translation.override(settings.LANGUAGE_CODE):
        if eve:
            message = _("Reminder: %(cell)s meets tomorrow, %(when)s.") % {"cell": meeting.cell.name, "when": when}
        else:
            message = _("%(cell)s has planned its meeting for %(when)s.") % {"cell": meeting.cell.name, "when": when}
    stage = "eve" if eve else "planned"
    return Notice(
        Kind.MEETING_SOON if eve else Kind.MEETING,
        f"meeting:{meeting.pk}:{stage}:{meeting.held_on:%Y%m%d}",
        message,
        reverse("cells:meeting", args=[meeting.cell.code, meeting.pk]),
    )


def meeting_planned(sender, *, meeting, **kwargs):
    notify(recipients.meeting_people(meeting), meeting_notice(meeting, eve=False))


def connect():
    from assignments import signals as assignment_signals
    from cells import signals as cell_signals
    from pledges import signals as pledge_signals

    pairs = [
        (assignment_signals.petition_routed, petition_routed),
        (assignment_signals.petition_answered, petition_answered),
        (assignment_signals.petitions_escalated, petitions_escalated),
        (pledge_signals.pledge_submitted, pledge_submitted),
        (pledge_signals.pledge_published, pledge_published),
        (pledge_signals.comment_submitted, comment_submitted),
        (cell_signals.meeting_planned, meeting_planned),
    ]
    for signal, receiver in pairs:
        signal.connect(receiver, dispatch_uid=f"notifications.{receiver.__name__}")
