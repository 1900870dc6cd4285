"""The Immigration Enforcement side of the service."""

from django.apps import AppConfig


class EnforcementConfig(AppConfig):
    name = "safereport.enforcement"
    label = "enforcement"
    verbose_name = "Immigration Enforcement"
