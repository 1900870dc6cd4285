"""`safereport createuser USERNAME --role ROLE --organisation CODE`: add a user with one role."""

from __future__ import annotations

import getpass
import secrets
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from safereport.accounts.actions import AccountError, create_user
from safereport.accounts.roles import Role
from safereport.audit.events import Actor


class Command(BaseCommand):
    help = "Create a user bound to one organisation with exactly one role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--organisation", required=True, help="the organisation's code")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="read the password from standard input (otherwise asked for, or generated "
            "and printed in local mode)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        password = self._password(options["password_stdin"])
        try:
            user = create_user(
                actor=Actor.system("createuser"),
                username=options["username"],
                password=password,
                role=options["role"],
                organisation_code=options["organisation"],
                email=options["email"],
            )
        except AccountError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Created {user.username} ({user.role}, {user.organisation.code}).")

    def _password(self, from_stdin: bool) -> str:
        if from_stdin:
            return sys.stdin.readline().rstrip("\n")
        if sys.stdin.isatty():
            return getpass.getpass("Password: ")
        if settings.DEBUG:
            password = secrets.token_urlsafe(12)
            self.stdout.write(f"Generated password (local mode only): {password}")
            return password
        raise CommandError("give a password with --password-stdin or from a terminal")
