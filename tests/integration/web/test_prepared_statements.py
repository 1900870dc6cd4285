"""On PostgreSQL the service binds values on the server and prepares the statements a connection
repeats (settings: SAFEREPORT_DATABASE_PREPARED, on by default), so that the database parses and
plans them once rather than on every request."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from safereport.policy.vocabulary import ImmigrationStatus, RegimeId
from tests.integration.api import world
from tests.integration.casework import builders as cw
from tests.integration.web.fresh_settings import read_afresh

REQUEST = {"purpose": "enforcement_referral", "categories": ["identity", "immigration", "contact"]}


def test_statements_are_prepared_unless_the_setting_says_not(tmp_path: Path) -> None:
    """The database OPTIONS the service starts with on PostgreSQL (the database is not
    contacted), the flag unset and then false."""
    url = {"DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/not_contacted"}
    options = "s.DATABASES['default'].get('OPTIONS')"

    assert read_afresh(tmp_path, options, **url) == (
        "{'server_side_binding': True, 'prepare_threshold': 5}"
    )
    assert read_afresh(tmp_path, options, **url, SAFEREPORT_DATABASE_PREPARED="false") == "None"


@pytest.mark.django_db
def test_a_decision_asked_again_and_again_runs_prepared_statements(client: Client) -> None:
    w = cw.world(
        regime=RegimeId.MIGRANT_VICTIMS_PROTOCOL, immigration_status=ImmigrationStatus.INSECURE
    )
    police = world.api_as(client, w.officer)

    for _ in range(7):  # past the threshold of 5 executions on this connection
        answer = police.post("/parties/{reference}/decisions", REQUEST, reference=w.party.reference)
        assert answer.status_code == 201

    if connection.vendor != "postgresql":
        # SQLite has no server to prepare on: its settings ask for nothing of the kind.
        assert "server_side_binding" not in connection.settings_dict.get("OPTIONS", {})
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    # The token's read and the audit log's append lock, both run on every decision.
    assert any('FROM "accounts_apitoken"' in statement for statement in prepared), prepared
    assert any("pg_advisory_xact_lock" in statement for statement in prepared), prepared
