"""Recording events: inside the caller's transaction only, canonical JSON of a fixed shape, and
never anything that looks like personal data."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest
import rfc8785
from django.db import transaction

from safereport import ledger
from safereport.accounts.roles import Role
from safereport.audit import storage
from safereport.audit.errors import EventError, OutsideTransactionError
from safereport.audit.events import ACTION, Actor, event_bytes, record
from safereport.audit.models import Leaf
from safereport.audit.names import AuditAction
from tests import builders

OFFICER = Actor("usr_0123456789abcdef", "police_officer", "police-force-1")


@pytest.mark.django_db(transaction=True)
def test_record_outside_a_transaction_is_refused_and_writes_nothing() -> None:
    with pytest.raises(OutsideTransactionError, match=r"transaction\.atomic"):
        record(OFFICER, AuditAction.CASEWORK_SHARING_DECISION_MADE, subjects=["case_1"])

    assert Leaf.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_record_inside_a_transaction_returns_consecutive_indices() -> None:
    with transaction.atomic():
        first = record(OFFICER, AuditAction.CASEWORK_SHARING_DECISION_MADE, subjects=["case_1"])
        second = record(OFFICER, AuditAction.CASEWORK_DISCLOSURE_MADE, subjects=["case_1"])
    with transaction.atomic():
        third = record(OFFICER, AuditAction.CASEWORK_CASE_OPENED, subjects=["case_1"])

    assert (first, second, third) == (0, 1, 2)
    assert list(Leaf.objects.order_by("index").values_list("index", flat=True)) == [0, 1, 2]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_takes_its_event_with_it() -> None:
    class ChangeFailedError(Exception):
        pass

    with transaction.atomic():
        record(OFFICER, AuditAction.CASEWORK_CASE_OPENED, subjects=["case_1"])

    def decision_then_failure() -> None:
        with transaction.atomic():
            record(OFFICER, AuditAction.CASEWORK_SHARING_DECISION_MADE, subjects=["case_1"])
            raise ChangeFailedError

    with pytest.raises(ChangeFailedError):
        decision_then_failure()

    assert storage.size() == 1
    with transaction.atomic():
        # The index of the rolled-back event is reused: the log has no gap.
        assert record(OFFICER, AuditAction.CASEWORK_DISCLOSURE_MADE, subjects=["case_1"]) == 1


@pytest.mark.django_db
def test_event_json_has_the_documented_shape_in_canonical_form() -> None:
    with transaction.atomic():
        index = record(
            OFFICER,
            AuditAction.CASEWORK_SHARING_DECISION_MADE,
            subjects=["case_7", "person_3"],
            details={"regime": "hmicfrs-interim", "outcome": "prohibited", "categories": ["a"]},
        )

    leaf = Leaf.objects.get(index=index)
    data = bytes(leaf.data)
    event = json.loads(data)
    assert event == {
        "index": index,
        "time": event["time"],
        "actor": {
            "id": "usr_0123456789abcdef",
            "role": "police_officer",
            "organisation": "police-force-1",
        },
        "action": "casework:sharing_decision:made",
        "subjects": ["case_7", "person_3"],
        "details": {"regime": "hmicfrs-interim", "outcome": "prohibited", "categories": ["a"]},
    }
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", event["time"])
    assert datetime.fromisoformat(event["time"]) == leaf.time
    # Canonical: the same bytes RFC 8785 gives, keys sorted, no spaces.
    assert data == rfc8785.dumps(event)
    assert data.startswith(b'{"action":"casework:sharing_decision:made","actor":{"id":')
    assert bytes(leaf.hash) == ledger.leaf_hash(data)


def test_event_bytes_are_identical_for_identical_events() -> None:
    time = datetime(2026, 11, 21, 10, 15, 30, 123456, tzinfo=UTC)
    one = event_bytes(
        5, time, actor=OFFICER, action="a:b:c", subjects=["x"], details={"b": 1, "a": 2}
    )
    two = event_bytes(
        5, time, actor=OFFICER, action="a:b:c", subjects=["x"], details={"a": 2, "b": 1}
    )

    assert one == two
    assert b'"time":"2026-11-21T10:15:30.123456Z"' in one


@pytest.mark.django_db
@pytest.mark.parametrize(
    "details",
    [
        {"name": "Jane Doe"},
        {"given_name": "Jane"},
        {"family_name": "Doe"},
        {"Date-Of-Birth": "1990-01-01"},
        {"victim": {"address": "1 High Street"}},
        {"contacts": [{"phone": "0123"}]},
        {"email": "jane@example.org"},
    ],
)
def test_personal_keys_in_details_are_refused(details: dict[str, object]) -> None:
    with pytest.raises(EventError, match="pseudonymous references only"), transaction.atomic():
        record(OFFICER, AuditAction.CASEWORK_CASE_OPENED, subjects=["case_1"], details=details)

    assert storage.size() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("subject", ["Jane Doe", "jane@example.org", "", " case_1"])
def test_subjects_must_be_pseudonymous_references(subject: str) -> None:
    with pytest.raises(EventError, match="pseudonymous reference"), transaction.atomic():
        record(OFFICER, AuditAction.CASEWORK_CASE_OPENED, subjects=[subject])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "action",
    [
        "casework:case",
        "Casework:case:viewed",
        "casework:case:viewed:now",
        "a b:c:d",
        "",
        # A real name, spelt as a plain string: only the enumeration's members are taken, so
        # that a misspelt name fails type-checking, not only at run time.
        "casework:case:opened",
    ],
)
def test_actions_are_names_of_the_one_enumeration(action: str) -> None:
    with pytest.raises(EventError, match="AuditAction"), transaction.atomic():
        record(OFFICER, action)  # type: ignore[arg-type]


def test_every_name_reads_context_subject_verb() -> None:
    for action in AuditAction:
        assert ACTION.fullmatch(action.value), action


@pytest.mark.django_db
def test_details_must_be_canonical_json() -> None:
    with pytest.raises(EventError, match="canonical JSON"), transaction.atomic():
        record(OFFICER, AuditAction.CASEWORK_CASE_OPENED, details={"ratio": float("nan")})
    with pytest.raises(EventError, match="JSON object"), transaction.atomic():
        record(OFFICER, AuditAction.CASEWORK_CASE_OPENED, details=["not", "an", "object"])  # type: ignore[arg-type]


@pytest.mark.django_db
def test_actors_for_a_user_the_system_and_an_anonymous_visitor() -> None:
    user = builders.user(Role.INSPECTOR)

    actor = Actor.for_user(user)

    assert actor == Actor(user.pseudonym, "inspector", user.organisation.code)
    assert Actor.system("demo") == Actor("system:demo", "system", "system")
    assert Actor.anonymous().role == "anonymous"
    with pytest.raises(EventError, match="pseudonymous reference"):
        Actor("Jane Doe", "inspector", "hmicfrs")
