"""The Immigration Enforcement endpoints: the inbox holds only what was handed over; the protocol
check answers by protocol reference, on the facts of the moment, and every check is recorded."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from safereport.accounts.roles import Role
from safereport.enforcement.models import ProtocolCheck
from safereport.enforcement.references import protocol_reference
from safereport.policy.vocabulary import RegimeId
from tests import builders
from tests.integration.api import world
from tests.integration.casework import builders as cw


@pytest.mark.django_db
def test_the_inbox_shows_only_the_fields_each_disclosure_holds(client: Client) -> None:
    case = world.protocol_case()
    ie = world.api_as(client, cw.ie_caseworker())

    response = ie.get("/inbox")

    assert response.status_code == 200
    (entry,) = json.loads(response.content)
    assert entry["purpose"] == "safeguarding"
    assert entry["categories"] == ["identity"]
    assert entry["fields"] == {
        "identity": {
            "given_name": "Ana",
            "family_name": "Quispe Mamani",
            "date_of_birth": "1990-04-12",
            "nationality": "Bolivian",
        }
    }
    assert entry["protocol_reference"] == case.protocol_reference
    for never in ("07700", "example.org", "Example Street", "receiving", case.case_reference):
        assert never not in response.content.decode()
    (read,) = cw.events("enforcement:inbox:read")
    assert read["details"] == {"count": 1}


@pytest.mark.django_db
def test_a_protocol_check_answers_with_the_rule_and_is_recorded(client: Client) -> None:
    case = world.protocol_case()
    ie = world.api_as(client, cw.ie_caseworker())

    blocked = ie.post(
        "/protocol-checks", {"protocol_reference": case.protocol_reference, "action": "arrest"}
    )
    casework = ie.post(
        "/protocol-checks",
        {"protocol_reference": case.protocol_reference, "action": "casework_decision"},
    )

    assert blocked.status_code == 200
    answer = json.loads(blocked.content)
    assert answer["protocol_reference"] == case.protocol_reference
    assert answer["outcome"] == "blocked"
    assert answer["regime"] == "migrant-victims-protocol"
    assert "G1" in [rule["rule"] for rule in answer["rules"]]
    assert json.loads(casework.content)["outcome"] == "allowed"
    made = cw.events("enforcement:protocol_check:made")
    # Each check is kept with its own reference, which its event names beside the protection.
    checks = ProtocolCheck.objects.order_by("checked_at", "id")
    assert [(e["subjects"], e["details"]["outcome"]) for e in made] == [
        ([case.protocol_reference, check.reference], check.outcome) for check in checks
    ]
    assert [check.outcome for check in checks] == ["blocked", "allowed"]


@pytest.mark.django_db
def test_a_protocol_check_names_bad_input(client: Client) -> None:
    world.protocol_case()
    ie = world.api_as(client, cw.ie_caseworker())

    response = ie.post("/protocol-checks", {"action": "deport", "name": "Ana Quispe"})

    assert response.status_code == 422
    assert json.loads(response.content)["error"]["fields"] == {
        "protocol_reference": "is required",
        "action": "must be one of arrest, detention, removal, reporting_conditions, "
        "casework_decision",
        "name": "is not a known field",
    }


@pytest.mark.django_db
def test_an_unknown_protocol_reference_is_not_found_like_any_refusal(client: Client) -> None:
    world.protocol_case()
    ie = world.api_as(client, cw.ie_caseworker())
    inspector = world.api_as(client, builders.user(Role.INSPECTOR))
    unknown = {"protocol_reference": protocol_reference(), "action": "removal"}
    typed = {"protocol_reference": "Ana Quispe Mamani", "action": "removal"}

    not_found = ie.post("/protocol-checks", unknown)
    a_name = ie.post("/protocol-checks", typed)
    wrong_role = inspector.post("/protocol-checks", unknown)

    assert not_found.status_code == a_name.status_code == wrong_role.status_code == 404
    assert not_found.content == a_name.content == wrong_role.content
    refused = cw.events("enforcement:protocol_check:refused")
    assert [e["subjects"] for e in refused] == [[unknown["protocol_reference"]], []]


@pytest.mark.django_db
def test_under_the_complete_firewall_nothing_reaches_the_inbox(client: Client) -> None:
    w = cw.world(regime=RegimeId.COMPLETE_FIREWALL)
    officer, party = w.officer, w.party
    police = world.api_as(client, officer)
    ie = world.api_as(client, cw.ie_caseworker())

    decision = json.loads(
        police.post(
            "/parties/{reference}/decisions",
            {"purpose": "enforcement_referral", "categories": ["identity"]},
            reference=party.reference,
        ).content
    )
    refused = police.post(
        "/decisions/{reference}/disclosures",
        {
            "categories": ["identity"],
            "lawful_basis": "dpa_2018_part_3_s35",
            "justification": "Needed for the referral.",
        },
        reference=decision["reference"],
    )

    assert decision["outcome"] == "prohibited"
    assert refused.status_code == 422
    assert json.loads(refused.content)["error"]["fields"] == {"decision": "prohibited"}
    assert json.loads(ie.get("/inbox").content) == []
