"""The JSON API as a Django application: it holds the answers remembered for idempotency keys."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "safereport.api"
    label = "api"
    verbose_name = "API"
    default_auto_field = "django.db.models.BigAutoField"
