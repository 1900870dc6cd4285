"""The police endpoints: record a case with its parties, read it, move it on, ask for a decision
and disclose; bad input named field by field; another force's records are "not found"."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from safereport.casework.models import Case, Party, Person
from safereport.enforcement.models import Disclosure
from safereport.policy import decide
from safereport.policy.situations import parse_sharing
from safereport.policy.vocabulary import RegimeId
from safereport.references import new_reference
from tests.integration.api import world
from tests.integration.casework import builders as cw

ONE_OF_THE_CATEGORIES = "must be one of identity, contact, location, immigration, offence, support"


def report(**overrides: Any) -> dict[str, Any]:
    """A direct report of domestic abuse: the victim, and a witness known only anonymously."""
    body: dict[str, Any] = {
        "crime_type": "domestic_abuse",
        "reporting_route": "direct",
        "reported_on": timezone.localdate().isoformat(),
        "occurred_on": "2026-01-03",
        "summary": "Assaulted at home by her partner on 3 January.",
        "parties": [
            {
                "role": "victim",
                "age_group": "adult",
                "immigration_status": "uncertain",
                "support": "receiving",
                "person": {
                    "given_name": "Ana",
                    "family_name": "Quispe Mamani",
                    "date_of_birth": "1990-04-12",
                    "nationality": "Bolivian",
                    "phone": "07700 900123",
                    "email": "ana.quispe@example.org",
                    "preferred_language": "es",
                    "interpreter_needed": True,
                },
            },
            {"role": "witness", "age_group": "adult", "immigration_status": "not_in_question"},
        ],
    }
    body.update(overrides)
    return body


def fields(response: Any) -> dict[str, str]:
    found: dict[str, str] = json.loads(response.content)["error"]["fields"]
    return found


def share(**overrides: Any) -> dict[str, Any]:
    """A disclosure's body: identity, on the law enforcement basis, and why."""
    return {
        "categories": ["identity"],
        "lawful_basis": "dpa_2018_part_3_s35",
        "justification": "Needed for the referral.",
        **overrides,
    }


@pytest.mark.django_db
def test_an_officer_records_a_case_with_its_parties(client: Client) -> None:
    force = cw.force()
    officer = cw.officer(force)
    police = world.api_as(client, officer)

    response = police.post("/cases", report())

    assert response.status_code == 201
    case = json.loads(response.content)
    assert case["force"] == force.code
    assert case["stage"] == "investigation"
    assert case["officer_in_charge"] == officer.pseudonym
    assert case["regime"] is None  # the force's DPO has not chosen one yet
    victim, witness = case["parties"]
    assert victim["person"]["given_name"] == "Ana"
    assert victim["support"] == "receiving"
    assert witness["person"] is None
    stored = Case.objects.get(reference=case["reference"])
    assert stored.parties.count() == 2
    assert [e["action"] for e in cw.events() if e["action"].startswith("casework:")] == [
        "casework:case:recorded",
        "casework:party:added",
    ]


@pytest.mark.django_db
def test_a_report_with_any_bad_party_records_nothing_and_names_every_field(
    client: Client,
) -> None:
    police = world.api_as(client, cw.officer(cw.force()))
    body = report()
    body["parties"][0]["person"]["email"] = "not an address"
    body["parties"][1]["person"] = {"preferred_language": "spanish"}

    response = police.post("/cases", body)

    assert response.status_code == 422
    assert fields(response) == {
        "parties[0].person.email": "must be an e-mail address, like name@example.com",
        "parties[1].person.preferred_language": (
            "must be a two-letter ISO 639-1 code, like es or pt"
        ),
    }
    assert not Case.objects.exists()
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_bad_input_to_create_a_case_is_named_with_what_is_allowed(client: Client) -> None:
    police = world.api_as(client, cw.officer(cw.force()))
    body = report(crime_type="burglary", reporting_route="post", reported_on="yesterday")
    body["parties"][0].update(role="bystander", suspected_offending="yes")
    body["parties"][1]["favourite_colour"] = "green"

    response = police.post("/cases", body)

    assert response.status_code == 422
    assert fields(response) == {
        "crime_type": "must be one of domestic_abuse, modern_slavery, sexual_violence, other",
        "reporting_route": "must be one of direct, third_party",
        "reported_on": "must be a date written YYYY-MM-DD, like 2026-11-21",
        "parties[0].role": "must be one of victim, witness, suspect",
        "parties[0].suspected_offending": "must be true or false",
        "parties[1].favourite_colour": "is not a known field",
    }
    assert police.post("/cases", report(parties=[])).status_code == 422
    assert fields(police.post("/cases", report(parties=[]))) == {
        "parties": "must have at least 1 item(s)"
    }
    direct_without_person = report()
    del direct_without_person["parties"][0]["person"]
    assert fields(police.post("/cases", direct_without_person)) == {
        "parties[0].person": "a direct report needs the person; only a third party's may not"
    }


@pytest.mark.django_db
def test_a_body_that_is_not_json_is_400(client: Client) -> None:
    police = world.api_as(client, cw.officer(cw.force()))

    response = police.call("POST", "/cases", raw="{not json")

    assert response.status_code == 400
    assert json.loads(response.content)["error"]["code"] == "malformed_request"
    assert police.call("POST", "/cases", raw="").status_code == 422  # nothing: "(body)" required


@pytest.mark.django_db
def test_reading_a_case_is_an_audit_event_and_a_dpo_gives_a_reason(client: Client) -> None:
    case = world.protocol_case()
    officer = world.api_as(client, case.officer)
    dpo = world.api_as(client, cw.dpo(case.force))

    read = officer.get("/cases/{reference}", reference=case.case_reference)
    refused = dpo.get("/cases/{reference}", reference=case.case_reference)
    bad_reason = dpo.get(
        "/cases/{reference}", reference=case.case_reference, query={"reason": "curiosity"}
    )
    with_reason = dpo.get(
        "/cases/{reference}", reference=case.case_reference, query={"reason": "supervision"}
    )

    assert read.status_code == 200
    body = json.loads(read.content)
    assert body["regime"] == "migrant-victims-protocol"
    assert [d["disclosed"] for d in body["decisions"]] == [True, False]
    assert {t["duty"] for t in body["tasks"]} >= {"give_notice", "offer_specialist_support"}
    assert refused.status_code == 422
    assert json.loads(refused.content)["error"]["code"] == "reason_required"
    assert bad_reason.status_code == 422
    assert fields(bad_reason) == {
        "reason": "must be one of decision_review, complaint, subject_access_request, "
        "erasure_request, data_breach, supervision"
    }
    assert with_reason.status_code == 200
    opened = cw.events("casework:case:opened")
    assert [e["details"]["reason"] for e in opened] == [None, "supervision"]


@pytest.mark.django_db
def test_a_case_moves_on_and_its_protection_follows_at_once(client: Client) -> None:
    case = world.protocol_case()
    police = world.api_as(client, case.officer)
    ie = world.api_as(client, cw.ie_caseworker())
    check = {"protocol_reference": case.protocol_reference, "action": "arrest"}
    assert json.loads(ie.post("/protocol-checks", check).content)["outcome"] == "blocked"

    moved = police.patch(
        "/cases/{reference}", {"stage": "concluded"}, reference=case.case_reference
    )

    assert moved.status_code == 200
    assert json.loads(moved.content) == {"reference": case.case_reference, "stage": "concluded"}
    after = json.loads(ie.post("/protocol-checks", check).content)
    assert after["outcome"] == "allowed"
    assert after["duties"] == ["engage_before_decision"]
    bad = police.patch("/cases/{reference}", {"stage": "appeal"}, reference=case.case_reference)
    assert fields(bad) == {"stage": "must be one of investigation, prosecution, concluded"}


@pytest.mark.django_db
def test_a_partys_support_and_nrm_state_are_updated_together(client: Client) -> None:
    case = world.protocol_case()
    police = world.api_as(client, case.officer)

    response = police.patch(
        "/parties/{reference}",
        {"support": "none", "nrm": "referred"},
        reference=case.party.reference,
    )

    assert response.status_code == 200
    assert json.loads(response.content) == {
        "reference": case.party.reference,
        "case": case.case_reference,
        "support": "none",
        "nrm": "referred",
    }
    party = Party.objects.get(pk=case.party.pk)
    assert (party.support, party.nrm) == ("none", "referred")
    changed = [e["details"]["field"] for e in cw.events("casework:case_state:changed")]
    assert changed == ["support", "nrm"]
    nothing = police.patch("/parties/{reference}", {}, reference=case.party.reference)
    assert nothing.status_code == 422
    assert set(fields(nothing)) == {"support", "nrm"}
    unknown = police.patch("/parties/{reference}", {"nrm": "maybe"}, reference=case.party.reference)
    assert fields(unknown) == {
        "nrm": "must be one of none, referred, positive_reasonable_grounds, "
        "positive_conclusive_grounds, negative"
    }


@pytest.mark.django_db
def test_a_persons_details_are_corrected_whole(client: Client) -> None:
    case = world.protocol_case()
    police = world.api_as(client, case.officer)
    person = {"given_name": "Ana", "phone": "+44 7700 900777", "preferred_language": "pt"}

    response = police.call(
        "PUT", "/parties/{reference}/person", person, reference=case.party.reference
    )
    wrong = police.call(
        "PUT", "/parties/{reference}/person", {"email": "nope"}, reference=case.party.reference
    )

    assert response.status_code == 200
    shown = json.loads(response.content)["person"]
    assert (shown["given_name"], shown["family_name"], shown["phone"]) == (
        "Ana",
        "",
        "07700 900777",
    )
    [event] = cw.events("casework:person:corrected")
    assert "phone" in event["details"]["fields"]
    assert "900777" not in json.dumps(event)
    assert wrong.status_code == 422
    assert set(fields(wrong)) == {"person.email"}


@pytest.mark.django_db
def test_a_party_is_added_to_a_case(client: Client) -> None:
    case = world.protocol_case()
    police = world.api_as(client, case.officer)
    suspect = {"role": "suspect", "age_group": "adult", "immigration_status": "not_in_question"}

    added = police.post("/cases/{reference}/parties", suspect, reference=case.case_reference)
    bad = police.post(
        "/cases/{reference}/parties",
        {**suspect, "person": {"email": "nope", "preferred_language": "spanish"}},
        reference=case.case_reference,
    )

    assert added.status_code == 201
    assert json.loads(added.content)["case"] == case.case_reference
    assert bad.status_code == 422
    assert fields(bad) == {
        "person.email": "must be an e-mail address, like name@example.com",
        "person.preferred_language": "must be a two-letter ISO 639-1 code, like es or pt",
    }


@pytest.mark.django_db
def test_an_officer_asks_for_a_decision_and_discloses_only_what_it_permits(
    client: Client,
) -> None:
    force = cw.force()
    cw.regime(force, RegimeId.MIGRANT_VICTIMS_PROTOCOL)
    cw.immigration_enforcement()
    police = world.api_as(client, cw.officer(force))
    party = json.loads(police.post("/cases", report()).content)["parties"][0]

    asked = police.post(
        "/parties/{reference}/decisions",
        {"purpose": "safeguarding", "categories": ["identity", "contact"]},
        reference=party["reference"],
    )

    assert asked.status_code == 201
    decision = json.loads(asked.content)
    assert decision["outcome"] == "partly_permitted"  # contact is never needed to safeguard (C2)
    assert decision["permitted"] == ["identity"]
    assert decision["consent"] == "none"
    situation = parse_sharing(
        {
            "regime": "migrant-victims-protocol",
            "person": {
                "role": "victim",
                "age_group": "adult",
                "immigration_status": "uncertain",
                "suspected_offending": False,
            },
            "crime": {"type": "domestic_abuse"},
            "case": {"stage": "investigation", "support": "receiving", "nrm": "none"},
            "request": {"purpose": "safeguarding", "categories": ["identity", "contact"]},
            "consent": "none",
        }
    )
    assert decision["decision"] == decide(situation).as_json()  # the engine's answer, whole

    bare = police.post("/decisions/{reference}/disclosures", {}, reference=decision["reference"])
    refused = police.post(
        "/decisions/{reference}/disclosures",
        share(categories=["contact"]),
        reference=decision["reference"],
    )
    disclosed = police.post(
        "/decisions/{reference}/disclosures", share(), reference=decision["reference"]
    )
    again = police.post(
        "/decisions/{reference}/disclosures", share(), reference=decision["reference"]
    )

    # What to send, the lawful basis and why are all required: nothing has a default.
    assert bare.status_code == 422
    assert fields(bare) == {
        "categories": "is required",
        "lawful_basis": "is required",
        "justification": "is required",
    }
    assert refused.status_code == 422
    assert fields(refused) == {
        "categories.contact": "contact is not permitted by this decision; it permits identity"
    }
    assert disclosed.status_code == 201
    record = json.loads(disclosed.content)
    assert record["categories"] == ["identity"]
    assert record["lawful_basis"] == "dpa_2018_part_3_s35"
    assert record["protocol_reference"].startswith("prot_")
    sent = Disclosure.objects.get(reference=record["enforcement_reference"])
    assert set(sent.content) == {"identity"}
    assert again.status_code == 422
    assert fields(again) == {"decision": "has already been disclosed"}


@pytest.mark.django_db
def test_bad_input_to_ask_for_a_decision_is_named(client: Client) -> None:
    case = world.protocol_case()
    police = world.api_as(client, case.officer)

    def ask(body: Any) -> dict[str, str]:
        response = police.post(
            "/parties/{reference}/decisions", body, reference=case.party.reference
        )
        assert response.status_code == 422
        return fields(response)

    assert ask({"purpose": "curiosity", "categories": []}) == {
        "purpose": "must be one of status_check, enforcement_referral, safeguarding, "
        "investigation, victim_request",
        "categories": "must have at least 1 item(s)",
    }
    assert ask({"purpose": "safeguarding", "categories": ["identity", "identity"]}) == {
        "categories[1]": "repeats a category; list each once"
    }
    assert ask({"purpose": "safeguarding", "categories": ["passport"]}) == {
        "categories[0]": ONE_OF_THE_CATEGORIES
    }
    disclosure = police.post(
        "/decisions/{reference}/disclosures",
        share(categories=["passport"], lawful_basis="because", now=True),
        reference=case.pending.reference,
    )
    assert fields(disclosure) == {
        "categories[0]": ONE_OF_THE_CATEGORIES,
        "lawful_basis": (
            "must be one of dpa_2018_part_3_s35, uk_gdpr_6_1_e_dpa_schedule_1, "
            "uk_gdpr_6_1_a_consent"
        ),
        "now": "is not a known field",
    }


@pytest.mark.django_db
def test_a_decision_needs_the_forces_regime_and_a_stale_one_is_not_disclosed(
    client: Client,
) -> None:
    case = world.protocol_case()
    police = world.api_as(client, case.officer)
    without = world.api_as(client, cw.officer(cw.force()))
    their_party = json.loads(without.post("/cases", report()).content)["parties"][0]

    no_regime = without.post(
        "/parties/{reference}/decisions",
        {"purpose": "safeguarding", "categories": ["identity"]},
        reference=their_party["reference"],
    )
    police.patch("/parties/{reference}", {"support": "offered"}, reference=case.party.reference)
    stale = police.post(
        "/decisions/{reference}/disclosures",
        share(categories=["offence"]),
        reference=case.pending.reference,
    )

    assert no_regime.status_code == 409
    assert json.loads(no_regime.content)["error"]["code"] == "no_regime"
    assert stale.status_code == 409
    assert json.loads(stale.content)["error"]["code"] == "stale_decision"


@pytest.mark.django_db
def test_another_forces_records_are_not_found_exactly_like_records_that_do_not_exist(
    client: Client,
) -> None:
    case = world.protocol_case()
    other = cw.force()
    cw.regime(other, RegimeId.MIGRANT_VICTIMS_PROTOCOL)
    outsiders = [
        world.api_as(client, cw.officer(other)),
        world.api_as(client, cw.dpo(other)),
    ]
    requests: list[tuple[str, str, Any, str, str]] = [
        ("GET", "/cases/{reference}", None, case.case_reference, "case"),
        ("PATCH", "/cases/{reference}", {"stage": "concluded"}, case.case_reference, "case"),
        (
            "POST",
            "/cases/{reference}/parties",
            {"role": "witness", "age_group": "adult", "immigration_status": "uncertain"},
            case.case_reference,
            "case",
        ),
        ("PATCH", "/parties/{reference}", {"support": "none"}, case.party.reference, "pty"),
        ("PUT", "/parties/{reference}/person", {"given_name": "X"}, case.party.reference, "pty"),
        (
            "POST",
            "/parties/{reference}/decisions",
            {"purpose": "safeguarding", "categories": ["identity"]},
            case.party.reference,
            "pty",
        ),
        ("POST", "/decisions/{reference}/disclosures", share(), case.pending.reference, "dec"),
    ]

    for outsider in outsiders:
        for method, route, body, existing, prefix in requests:
            theirs = outsider.call(method, route, body, reference=existing)
            nobodys = outsider.call(method, route, body, reference=new_reference(prefix))
            assert theirs.status_code == 404, (method, route)
            assert theirs.content == nobodys.content, (method, route)

    unchanged = Party.objects.select_related("case").get(pk=case.party.pk)
    assert (unchanged.case.stage, unchanged.support) == ("investigation", "receiving")
    assert unchanged.case.parties.count() == 1
    assert not Disclosure.objects.filter(decision_reference=case.pending.reference).exists()
