"""The police side of the service."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CaseworkConfig(AppConfig):
    name = "safereport.casework"
    label = "casework"
    verbose_name = "Case work"

    def ready(self) -> None:
        from safereport.casework.regimes import queue_every_diff, store_regime_texts  # noqa: PLC0415

        post_migrate.connect(store_regime_texts, sender=self, dispatch_uid="casework:regime-texts")
        post_migrate.connect(queue_every_diff, sender=self, dispatch_uid="casework:regime-diffs")
