"""Slowing a client that tries many secrets, in every worker at once: the count lives in the
database (`ClientTries`), not in one process's memory. Two kinds of try are counted apart (each
`Scope` hashes the address with its own name): access codes on the person's page (issue 11,
item 6; the lock on a notice reference after 5 wrong codes is separate, `reading`: this stops one
client trying codes across many references), and API bearer tokens that are not ones (issue 14,
item 3), counted where the API checks them.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from safereport.notices.models import ClientTries
from safereport.rows import first_row

WINDOW = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class Scope:
    name: str
    tries: int  # at most this many in a window, then 429 until the window ends


CODES = Scope("notices:client-tries", 20)  # access codes tried on the person's page
BEARER_TOKENS = Scope("api:bearer-token-failures", 10)  # tokens refused: as sign-ins, a few


def client_key(address: str, scope: Scope = CODES) -> str:
    """A keyed hash of the client's address: the same client is counted together, and the
    stored key tells nobody the address (a plain hash of an IPv4 address is easily reversed)."""
    key = hashlib.sha256(scope.name.encode() + b":" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


def too_many_tries(address: str, scope: Scope = CODES) -> bool:
    """Count one try by the client at `address`; true once it has tried more than its share in
    the current window, which begins at its first try. Windows that have ended are forgotten
    (every client's, so the table holds only the last few minutes)."""
    now = timezone.now()
    with transaction.atomic():
        ClientTries.objects.filter(since__lte=now - WINDOW).delete()
        row, _ = ClientTries.objects.select_for_update().get_or_create(
            client=client_key(address, scope), defaults={"since": now}
        )
        row.tries += 1
        row.save(update_fields=["tries"])
    return row.tries > scope.tries


def over_the_limit(address: str, scope: Scope) -> bool:
    """Whether the client has already tried more than its share in the current window (counts
    nothing: a client slowed for its refused tokens is refused even a good one until then)."""
    condition, values = over_the_limit_condition(address, scope)
    row = first_row(f"SELECT {condition}", values)
    return row is not None and bool(row[0])


def over_the_limit_condition(address: str, scope: Scope) -> tuple[str, list[Any]]:
    """`over_the_limit` as an SQL condition with its values, for a caller that reads it in its
    own query (the API reads it beside the token's row: one round trip on every request, not
    two). Written once rather than built by the ORM on every request."""
    quote = connection.ops.quote_name
    condition = (
        f"EXISTS(SELECT 1 FROM {quote(ClientTries._meta.db_table)} "  # noqa: S608 - names only
        f"WHERE {quote('client')} = %s AND {quote('since')} > %s AND {quote('tries')} > %s)"
    )
    cutoff = connection.ops.adapt_datetimefield_value(timezone.now() - WINDOW)
    return condition, [client_key(address, scope), cutoff, scope.tries]


def retry_after() -> int:
    """Seconds a slowed client should wait: at most the window."""
    return int(WINDOW.total_seconds())
