"""The frozen contract: the live OpenAPI document still offers every operation, role, parameter,
response, field and enumeration value of the document frozen in frozen/openapi-v1.json (as
alphagov/notifications-api's tests/app/public_contracts/ hold its API to checked-in schemas).
Additions pass; `make api-contract` accepts an intended change."""

from __future__ import annotations

import json

import pytest

from tests.integration.api.contract import document
from tests.integration.api.freeze import FROZEN
from tests.integration.api.public_contract import compare, promises


@pytest.mark.django_db
def test_the_live_document_keeps_every_promise_of_the_frozen_one() -> None:
    frozen = json.loads(FROZEN.read_text())

    change = compare(frozen, document())

    assert change.dropped == [], change.explain()


def test_the_frozen_document_promises_the_whole_api() -> None:
    """A frozen document that promised nothing would let every drop pass."""
    frozen = promises(json.loads(FROZEN.read_text()))

    assert "POST /api/v1/parties/{reference}/decisions" in frozen
    assert "GET /api/v1/inbox serves ie_caseworker" in frozen
    assert 'POST /api/v1/decide request field request.categories[] = "identity"' in frozen
    assert len([p for p, parent in frozen.items() if parent == "operations"]) >= 29
