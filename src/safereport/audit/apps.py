"""Django application configuration of the audit log."""

from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The audit log's models, migrations, management command and inspector pages."""

    name = "safereport.audit"
    label = "audit"
    verbose_name = "Audit log"
    default_auto_field = "django.db.models.BigAutoField"
