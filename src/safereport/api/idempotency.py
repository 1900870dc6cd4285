"""`Idempotency-Key` on every `POST` (draft-ietf-httpapi-idempotency-key-header): a retry with
the same key and body gets the first answer, byte for byte, and does nothing again.

The key is a Structured Field String (RFC 8941 section 3.3.3), e.g.
`Idempotency-Key: "8e03978e-40d5-43e8-bc93-6894a57f9324"`, of 1 to 255 characters; anything
else is refused with 400 naming the header. Keys are the client's (the API token's owner, or
GOV.UK Notify on its callbacks), so two clients' keys never meet. The same key sent with another
method, path or body is refused with 422; while the first request with a key is still being
processed, a second is refused with 409 (on PostgreSQL; SQLite takes one writer at a time, so
there the second waits for the first and gets its answer). Answers are kept for
`IDEMPOTENCY_KEY_HOURS` (24 by default), since they may hold personal data no longer than
that: each request with a key deletes up to PRUNE_BATCH expired answers, whoever's they are.

The answer is written in the same transaction as the work it answers (`once` wraps the whole
request in one), so a crash can never leave work done without its answer kept, nor the reverse.
An answer of 500 or more is not kept: its work is rolled back, and a retry does it afresh.
Two pieces, because ninja authenticates inside its own view: `once` (around ninja's view, in
`api.Endpoint`) holds the transaction and keeps the answer; `guarded` (around each `POST`
endpoint's function, after authentication, so the client is known) replays a kept answer or
refuses, before the endpoint's action can run.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone

from safereport.accounts.models import User
from safereport.api import errors
from safereport.api.body import BodyRefused
from safereport.api.models import RememberedAnswer

HEADER = "Idempotency-Key"
META = "HTTP_IDEMPOTENCY_KEY"
MAX_LENGTH = 255  # characters of the key itself
PRUNE_BATCH = 100  # expired answers deleted per keyed request, which adds one: well ahead
# RFC 8941's sf-string between optional spaces, as the OpenAPI document declares it: printable
# ASCII, with `"` and `\` escaped by a backslash.
PATTERN = r'^ *"(?:[\x20\x21\x23-\x5B\x5D-\x7E]|\\[\\"]){1,' + str(MAX_LENGTH) + '}" *$'
_STRING = re.compile(PATTERN)
_ESCAPE = re.compile(r'\\(["\\])')
ALLOWED = (
    f'must be a quoted string of 1 to {MAX_LENGTH} printable ASCII characters, like "8e03978e-40d5-'
    '43e8-bc93-6894a57f9324" (a Structured Field String: \\" and \\\\ for a quote and a backslash)'
)

_CLAIM = "_safereport_idempotency_claim"  # the request attribute `guarded` leaves for `once`


class KeyRefused(BodyRefused):
    """A request whose key cannot be honoured: answered in the error shape like a body's refusal
    (`errors.py`), with the header as the field to fix."""


def malformed() -> KeyRefused:
    return KeyRefused(
        400, "malformed_idempotency_key", f"The {HEADER} header is malformed.", {HEADER: ALLOWED}
    )


def reused() -> KeyRefused:
    return KeyRefused(
        422,
        "idempotency_key_reused",
        f"This {HEADER} was sent before with another request. Use a new key for a new request.",
        {HEADER: "was used with another method, path or body: send a new key"},
    )


def in_progress() -> KeyRefused:
    return KeyRefused(
        409,
        "request_in_progress",
        f"A request with this {HEADER} is still being processed. Try again shortly to get its "
        "answer.",
        {HEADER: "belongs to a request still being processed"},
    )


def parse(value: str) -> str | None:
    """The key in a header's value (RFC 8941 section 4.2.5: surrounding spaces discarded, the
    escapes undone), or None when the value is not a String of 1 to MAX_LENGTH characters.
    Checked with the very pattern the OpenAPI document declares, so the two cannot differ."""
    if not _STRING.fullmatch(value):
        return None
    return _ESCAPE.sub(r"\1", value.strip(" ")[1:-1])


def client_of(request: HttpRequest) -> str:
    """Whose keys these are: the token's owner, or GOV.UK Notify (its one callback token)."""
    authenticated = getattr(request, "auth", None)
    if isinstance(authenticated, User):
        return f"user:{authenticated.pk}"
    if authenticated is True:
        return "notify"
    raise RuntimeError("an endpoint ran without its authentication")  # a 500: a bug


def fingerprint(request: HttpRequest) -> str:
    """What makes a request the same request: its method, path (with any query) and body."""
    digest = hashlib.sha256(f"{request.method} {request.get_full_path()}\n".encode())
    digest.update(request.body)
    return digest.hexdigest()


def key_digest(key: str) -> str:
    # Keyed, so the stored digest says nothing about a key a client may have written by hand.
    return hmac.new(settings.SECRET_KEY.encode(), key.encode(), hashlib.sha256).hexdigest()


class Claim:
    """A request with a key not seen before: what `once` keeps with its answer."""

    def __init__(self, client: str, digest: str, fingerprint: str) -> None:
        self.client = client
        self.digest = digest
        self.fingerprint = fingerprint


def claim(client: str, key: str, request_fingerprint: str) -> Claim | HttpResponse:
    """The kept answer to this key, or a claim to answer it now; refused (`KeyRefused`) if the
    key belongs to another request or to one still being processed. In `once`'s transaction."""
    digest = key_digest(key)
    _hold(client, digest)
    cutoff = timezone.now() - timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS)
    # This key's own expired answer first (the key is held), so the new one can take its place.
    RememberedAnswer.objects.filter(
        client=client, key_digest=digest, created_at__lte=cutoff
    ).delete()
    _prune(cutoff)
    kept = RememberedAnswer.objects.filter(client=client, key_digest=digest).first()
    if kept is None:
        return Claim(client, digest, request_fingerprint)
    if not hmac.compare_digest(kept.fingerprint, request_fingerprint):
        raise reused()
    return kept.response()


def _prune(cutoff: datetime) -> None:
    """Delete some expired answers, of any client. Rows another request is deleting are skipped
    (PostgreSQL; SQLite's writers take turns), so no request waits on another's pruning."""
    expired = (
        RememberedAnswer.objects.filter(created_at__lte=cutoff)
        .order_by()
        .select_for_update(skip_locked=True)
        .values_list("pk", flat=True)[:PRUNE_BATCH]
    )
    found = list(expired)
    if found:
        RememberedAnswer.objects.filter(pk__in=found).delete()


def _hold(client: str, digest: str) -> None:
    """On PostgreSQL, hold the key until this transaction ends, or refuse with 409 if another
    request holds it: without this, a second request would not see the first's answer until it
    committed, so would do the work again, to be undone only by the unique constraint. SQLite
    needs nothing: its writers take turns (the service's transactions begin IMMEDIATE), so the
    second request starts after the first has committed."""
    if connection.vendor != "postgresql":
        return
    lock = int.from_bytes(hashlib.sha256(f"{client}\n{digest}".encode()).digest()[:8], signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [lock])
        (held,) = cursor.fetchone() or (False,)
    if not held:
        raise in_progress()


def guarded(view_func: Callable[..., Any]) -> Callable[..., Any]:
    """A `POST` endpoint's function, honouring the key: a kept answer is returned as it was
    (ninja passes an HttpResponse through untouched) and the function does not run."""
    if getattr(view_func, "honours_idempotency_key", False):
        return view_func  # ninja may build its URLs more than once

    @functools.wraps(view_func)
    def honouring(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        value = request.META.get(META)
        if value is None:
            return view_func(request, *args, **kwargs)
        key = parse(value)
        if key is None:
            raise malformed()
        found = claim(client_of(request), key, fingerprint(request))
        if isinstance(found, HttpResponse):
            return found
        setattr(request, _CLAIM, found)
        return view_func(request, *args, **kwargs)

    honouring.honours_idempotency_key = True  # type: ignore[attr-defined]
    return honouring


class _Undone(Exception):  # noqa: N818 - not an error: the way out of the transaction
    def __init__(self, response: HttpResponseBase) -> None:
        super().__init__()
        self.response = response


def once(request: HttpRequest, view: Callable[[], HttpResponseBase]) -> HttpResponseBase:
    """Run ninja's view for a `POST` that carries the header, in one transaction with the
    keeping of its answer."""
    try:
        with transaction.atomic():
            response = view()
            if response.status_code >= 500:  # a failure: nothing is kept
                raise _Undone(response)
            found: Claim | None = getattr(request, _CLAIM, None)
            if found is not None:
                _keep(request, found, response)
    except _Undone as undone:
        return undone.response
    return response


def _keep(request: HttpRequest, found: Claim, response: HttpResponseBase) -> None:
    if not isinstance(response, HttpResponse):
        raise RuntimeError("an API endpoint streamed its answer")  # none does: a bug
    try:
        with transaction.atomic():
            RememberedAnswer.objects.create(
                client=found.client,
                key_digest=found.digest,
                fingerprint=found.fingerprint,
                created_at=timezone.now(),
                status=response.status_code,
                headers=dict(response.items()),
                body=response.content.decode("utf-8"),
            )
    except IntegrityError:
        # Another request with the key got in first (the lock above makes this a backstop):
        # this one's work is undone, and the client asks again for the answer that was kept.
        raise _Undone(errors.answer(request, in_progress())) from None
