"""`manage.py api_token USERNAME [--name N] [--days D]` prints a new token (once);
`--list` shows the user's tokens, `--revoke ID` revokes one."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from api import tokens
from api.models import ApiToken


class Command(BaseCommand):
    help = "Create (default), list or revoke a user's API tokens."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="manage.py api_token")
        parser.add_argument("--days", type=int, default=None, help="Expires after this many days.")
        parser.add_argument("--list", action="store_true")
        parser.add_argument("--revoke", type=int, metavar="ID")

    def handle(self, username, name, days, list, revoke, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        if list:
            for t in ApiToken.objects.filter(user=user):
                state = "revoked" if t.is_revoked else "expired" if t.is_expired() else "active"
                self.stdout.write(f"{t.pk}\t{t.prefix}…\t{t.name}\t{state}")
            return
        if revoke is not None:
            token = ApiToken.objects.filter(user=user, pk=revoke).first()
            if token is None:
                raise CommandError(f"{username} has no token {revoke}.")
            self.stdout.write("revoked" if tokens.revoke(token) else "already revoked")
            return
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1.")
        token, key = tokens.create(user=user, name=name, days=days)
        self.stdout.write(key)
