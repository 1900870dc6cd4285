"""`safereport demo`: load the fictional demo data (running it again changes nothing)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from safereport.web.demo import DEMO_USERS, load_demo


class Command(BaseCommand):
    help = "Load fictional demo data into the configured database. Safe to run again."

    def add_arguments(self, parser: ArgumentParser) -> None:
        # `make run` passes the address it serves on, so what is printed is where the service is.
        parser.add_argument(
            "--address",
            default="127.0.0.1:8000",
            help="host:port the service is served on, for the sign-in address printed",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        passwords = load_demo()
        self.stdout.write("Demo data loaded.")
        if not settings.DEBUG:
            self.stdout.write("Demo passwords are shown in local mode only.")
            return
        self.stdout.write(f"Sign in at http://{options['address']}/sign-in/ as (local mode only):")
        for user in DEMO_USERS:
            self.stdout.write(f"  {user.username:<16} {passwords[user.username]:<20} {user.role}")
