"""Signals the assignments app sends; other apps (notifications) connect to them. Sent inside the
transaction that made the change, so a receiver's rows commit (or roll back) with it; the people
concerned are computed here, where the rules of who answers for what live."""

from django.dispatch import Signal

# A petition was routed (or routed again) to an agency: petition=<Petition>, recipient_ids=<user ids>,
# message=<the notice, in the site's language>.
petition_routed = Signal()

# The agency answered, resolved or returned a petition: petition=, recipient_ids=, message=,
# returned=<bool>.
petition_answered = Signal()

# The daily escalation moved petitions up a level:
# escalations=[(petition, target_unit, recipient_ids, message), ...].
petitions_escalated = Signal()
