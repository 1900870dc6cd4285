"""`safereport createtoken USERNAME`: make the user's API token and print it, once.

The token is the only thing written to standard output, so a script can capture it; making a
new token replaces the old one, which stops working at once. Only its SHA-256 digest is kept.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safereport.accounts.models import User
from safereport.accounts.tokens import create_token
from safereport.audit.events import Actor


class Command(BaseCommand):
    help = (
        "Make a user's API bearer token, replacing any they had, and print it. It is shown "
        "only this once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        user = User.objects.select_related("organisation").filter(username=username).first()
        if user is None:
            raise CommandError(f"no user has the username {username!r}")
        if not user.is_active:
            raise CommandError(f"{username}'s account is closed: no token was made")
        token = create_token(actor=Actor.system("createtoken"), user=user)
        self.stderr.write(
            f"API token for {username} ({user.role}). It is shown only now, and replaces any "
            "earlier token. Send it as 'Authorization: Bearer <token>'."
        )
        self.stdout.write(token)
