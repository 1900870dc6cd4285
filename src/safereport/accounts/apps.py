"""Organisations and the people who sign in to the service."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "safereport.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from safereport.accounts import signals  # noqa: F401, PLC0415 - connects the receivers
