"""Sessions read from the cache (Redis) and kept in the database: Django's `cached_db` backend,
which saves one database query on every signed-in request, made to survive the cache server being
down (Django's own raises there on a cache miss and on sign-out): then it reads and writes the
database only, and pages keep working."""

import logging

from django.contrib.sessions.backends import cached_db

from .cache import CACHE_ERRORS

log = logging.getLogger(__name__)


class SessionStore(cached_db.SessionStore):
    def load(self):
        try:
            return super().load()
        except CACHE_ERRORS:
            log.warning("cache unavailable: session read from the database", exc_info=True)
            session = self._get_session_from_db()
            return self.decode(session.session_data) if session else {}

    def exists(self, session_key):
        try:
            return super().exists(session_key)
        except CACHE_ERRORS:
            return cached_db.DBStore.exists(self, session_key)

    def delete(self, session_key=None):
        # The database row goes first; a cached copy left behind by a dead cache server dies with
        # it (Redis here keeps nothing on disk) or at its expiry.
        try:
            super().delete(session_key)
        except CACHE_ERRORS:
            log.warning("cache unavailable: session deleted from the database only", exc_info=True)
