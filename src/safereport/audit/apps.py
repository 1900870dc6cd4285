"""Django application configuration of the audit log."""

from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The audit log's models, migrations and management command (its pages are oversight's)."""

    name = "safereport.audit"
    label = "audit"
    verbose_name = "Audit log"
    default_auto_field = "django.db.models.BigAutoField"
