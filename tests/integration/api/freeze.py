"""Freeze the API's contract: write the OpenAPI document that the service serves at
/api/v1/openapi.json to tests/integration/api/frozen/openapi-v1.json, and say what changed.

`make api-contract` runs it (`python -m tests.integration.api.freeze`, from the repository's
root). Run it to accept an intended change to the API, and after adding to the API, so that the
additions are promised too; test_public_contract.py holds the live document to the frozen one.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from tests.integration.api.public_contract import FROZEN_PATH, compare, dumps

REPOSITORY = Path(__file__).resolve().parents[3]
FROZEN = REPOSITORY / FROZEN_PATH


def live_document() -> dict[str, Any]:
    """The document as the service serves it, through Django's test client (no server needed;
    the document depends on no data)."""
    import django  # noqa: PLC0415 - only this script and the tests need Django configured

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safereport.web.settings")
    django.setup()
    from django.test import Client  # noqa: PLC0415 - after django.setup()

    response = Client().get("/api/v1/openapi.json")
    if response.status_code != 200:
        raise SystemExit(f"/api/v1/openapi.json answered {response.status_code}")
    document: dict[str, Any] = json.loads(response.content)
    return document


def main() -> int:
    live = live_document()
    if FROZEN.exists():
        change = compare(json.loads(FROZEN.read_text()), live)
        for promise in change.dropped:
            print(f"dropped: {promise}")
        for promise in change.added:
            print(f"added: {promise}")
        print(f"{len(change.dropped)} dropped, {len(change.added)} added.")
    FROZEN.parent.mkdir(parents=True, exist_ok=True)
    FROZEN.write_text(dumps(live))
    print(f"Wrote {FROZEN.relative_to(REPOSITORY)}: commit it with the change to the API.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
