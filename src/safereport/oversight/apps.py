"""Oversight: the inspectors' pages."""

from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "safereport.oversight"
    label = "oversight"
    verbose_name = "Oversight"
