"""Signals the cells app sends; other apps connect to them (cells imports none of those apps)."""

from django.dispatch import Signal

# A secretary planned or re-planned a meeting; sent on commit with meeting=<cells.Meeting>.
meeting_planned = Signal()
