"""Slowing a client that tries many access codes on the person's page (issue 11, item 6), in
every worker at once: the count lives in the database (`ClientTries`), not in one process's
memory. The lock on a notice reference after 5 wrong codes is separate (`reading`); this stops one
client trying codes across many references.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from safereport.notices.models import ClientTries

# At most this many tries in a window, then the page answers 429 until the window ends.
TRIES_PER_CLIENT = 20
WINDOW = timedelta(minutes=10)


def client_key(address: str) -> str:
    """A keyed hash of the client's address: the same client is counted together, and the
    stored key tells nobody the address (a plain hash of an IPv4 address is easily reversed)."""
    key = hashlib.sha256(b"notices:client-tries:" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


def too_many_tries(address: str) -> bool:
    """Count one try by the client at `address`; true once it has tried more than its share in
    the current window, which begins at its first try. Windows that have ended are forgotten
    (every client's, so the table holds only the last few minutes)."""
    now = timezone.now()
    with transaction.atomic():
        ClientTries.objects.filter(since__lte=now - WINDOW).delete()
        row, _ = ClientTries.objects.select_for_update().get_or_create(
            client=client_key(address), defaults={"since": now}
        )
        row.tries += 1
        row.save(update_fields=["tries"])
    return row.tries > TRIES_PER_CLIENT


def retry_after() -> int:
    """Seconds a slowed client should wait: at most the window."""
    return int(WINDOW.total_seconds())
