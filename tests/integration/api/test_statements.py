"""What one sharing decision through the API costs the database, in statements: each is a round
trip, and `benchmarks/bench_api.py` measures the API's throughput against the same statements
replayed by pgbench (README, "A sharing decision through the API")."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from safereport.casework.models import SharingDecision
from safereport.policy.vocabulary import ImmigrationStatus, RegimeId
from tests.integration.api import world
from tests.integration.casework import builders as cw

# The benchmark's request.
REQUEST = {"purpose": "enforcement_referral", "categories": ["identity", "immigration", "contact"]}

# Statements of a repeated decision (its duties already open), besides BEGIN and COMMIT: the
# token with whether the client is slowed; the party, locked, with the regime in force; the
# consent records with the NRM consent, the open duties and an earlier prohibited decision
# (`facts.deciding_facts`); the decision; then the audit append: on PostgreSQL its lock, the
# size with the right edge, and the leaf, nodes and index row in one insert. SQLite needs no
# lock but inserts them apart: the leaf, the nodes (when the new leaf completes some) and the
# index row.
MOST = {"postgresql": 7, "sqlite": 8}
# Opening and ending the transaction, which Django's log shows for some databases and not
# others: counted by neither this test nor the benchmark.
TRANSACTION = frozenset({"BEGIN", "BEGIN IMMEDIATE", "COMMIT"})


# Transactional, so that the action's own transaction is a transaction, as in the service, not a
# savepoint inside the test's.
@pytest.mark.django_db(transaction=True)
def test_a_repeated_sharing_decision_costs_at_most_its_statements(client: Client) -> None:
    w = cw.world(
        regime=RegimeId.MIGRANT_VICTIMS_PROTOCOL, immigration_status=ImmigrationStatus.INSECURE
    )
    police = world.api_as(client, w.officer)
    first = police.post("/parties/{reference}/decisions", REQUEST, reference=w.party.reference)
    assert first.status_code == 201

    for _ in range(3):  # whatever the audit log's size, so with and without nodes completed
        with CaptureQueriesContext(connection) as captured:
            again = police.post(
                "/parties/{reference}/decisions", REQUEST, reference=w.party.reference
            )
        assert again.status_code == 201
        assert json.loads(again.content)["outcome"] == "partly_permitted"
        sent = [q["sql"] for q in captured.captured_queries if q["sql"] not in TRANSACTION]
        assert len(sent) <= MOST[connection.vendor], "\n\n".join(sent)

    assert SharingDecision.objects.filter(party=w.party).count() == 4
