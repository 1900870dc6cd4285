"""The web layer: layout, navigation, security headers, health check."""

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "safereport.web"
    label = "web"
    verbose_name = "Web"
