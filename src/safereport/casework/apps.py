"""The police side of the service."""

from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "safereport.casework"
    label = "casework"
    verbose_name = "Case work"
