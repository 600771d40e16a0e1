"""Signals the pledges app sends; other apps (notifications) connect to them. Sent inside the
transaction that made the change."""

from django.dispatch import Signal

# A pledge version was submitted and waits for its superior committee: pledge=<Pledge>, version=.
pledge_submitted = Signal()

# A pledge version was published: pledge=<Pledge>, version=<PledgeVersion>.
pledge_published = Signal()

# A citizen's comment waits for moderation: comment=<PublicComment>.
comment_submitted = Signal()
