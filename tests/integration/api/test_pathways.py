"""The pathways endpoints: the support worker's inbox, a referral's life and support status,
third-party reports; the police's matching, offer, answer, sending and force list. Bad input is
named field by field; another organisation's or force's record is "not found". Every response
is checked against the published document (`Api`)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safereport.api.errors import NOT_FOUND_MESSAGE
from safereport.casework.models import Party
from safereport.pathways.models import Referral, SupportStatus, ThirdPartyReport
from tests.integration.api import world
from tests.integration.casework import builders as cw
from tests.integration.pathways import builders as pw

NOT_FOUND = {"error": {"code": "not_found", "message": NOT_FOUND_MESSAGE, "fields": {}}}


def body(response: Any) -> Any:
    return json.loads(response.content)


def fields(response: Any) -> dict[str, str]:
    found: dict[str, str] = body(response)["error"]["fields"]
    return found


@pytest.mark.django_db
def test_an_officer_matches_offers_records_consent_and_sends(client: Client) -> None:
    party, officer = pw.police_party()
    spanish = pw.entry(name="Latin American Women's Aid (test)", languages=["en", "es"])
    english = pw.entry(name="An English-only service (test)", languages=["en"])
    police = world.api_as(client, officer)

    matched = police.get("/parties/{reference}/matches", reference=party.reference)

    assert matched.status_code == 200
    found = body(matched)
    assert found["party"] == party.reference
    assert found["needs"]["language"] == "es"
    codes = [m["organisation"] for m in found["matches"]]
    assert codes.index(spanish.organisation.code) < codes.index(english.organisation.code)
    best = found["matches"][0]
    assert {
        "aspect": "language",
        "fits": True,
        "text": "Works in Spanish: no interpreter needed",
    } in (best["reasons"])

    offered = police.post(
        "/parties/{reference}/referrals",
        {"organisation": spanish.organisation.code},
        reference=party.reference,
    )
    assert offered.status_code == 201
    referral = body(offered)
    assert referral["status"] == "offered"
    assert referral["organisation"] == spanish.organisation.code
    assert referral["sent_at"] is None

    answered = police.post(
        "/referrals/{reference}/answer",
        {"answer": "given", "method": "interpreter", "categories": ["identity", "contact"]},
        reference=referral["reference"],
    )
    assert answered.status_code == 200
    assert body(answered)["status"] == "accepted"
    assert body(answered)["consent"] is not None

    sent = police.post("/referrals/{reference}/sending", reference=referral["reference"])
    assert sent.status_code == 200
    assert body(sent)["status"] == "sent"
    assert body(sent)["categories"] == ["identity", "contact"]
    assert body(sent)["first_contact_due_on"] is not None
    assert [s["status"] for s in body(sent)["steps"]] == ["offered", "accepted", "sent"]

    again = police.post("/referrals/{reference}/sending", reference=referral["reference"])
    assert again.status_code == 409
    assert body(again)["error"]["code"] == "invalid_transition"

    listed = police.get("/force/referrals")
    assert listed.status_code == 200
    assert [r["reference"] for r in body(listed)] == [referral["reference"]]


@pytest.mark.django_db
def test_the_police_input_is_named_field_by_field(client: Client) -> None:
    party, officer = pw.police_party()
    entry = pw.entry()
    police = world.api_as(client, officer)

    unknown = police.post(
        "/parties/{reference}/referrals", {"organisation": "nobody"}, reference=party.reference
    )
    assert unknown.status_code == 422
    assert fields(unknown) == {"organisation": "must be an organisation listed in the directory"}

    missing = police.post("/parties/{reference}/referrals", {}, reference=party.reference)
    assert missing.status_code == 422
    assert fields(missing) == {"organisation": "is required"}

    pw.sent(party, officer, entry)  # one referral open to this entry already
    offered_twice = police.post(
        "/parties/{reference}/referrals",
        {"organisation": entry.organisation.code},
        reference=party.reference,
    )
    assert offered_twice.status_code == 422
    assert "organisation" in fields(offered_twice)

    other = pw.entry()
    fresh = body(
        police.post(
            "/parties/{reference}/referrals",
            {"organisation": other.organisation.code},
            reference=party.reference,
        )
    )
    wrong = police.post(
        "/referrals/{reference}/answer",
        {"answer": "maybe", "method": "spoken", "categories": ["identity", "regime"]},
        reference=fresh["reference"],
    )
    assert wrong.status_code == 422
    assert fields(wrong)["answer"] == "must be one of given, refused"
    assert fields(wrong)["categories[1]"].startswith("must be one of identity")

    none_chosen = police.post(
        "/referrals/{reference}/answer",
        {"answer": "given", "method": "spoken"},
        reference=fresh["reference"],
    )
    assert none_chosen.status_code == 422
    assert "categories" in fields(none_chosen)

    unsent = police.post("/referrals/{reference}/sending", reference=fresh["reference"])
    assert unsent.status_code == 409
    assert fields(unsent) == {
        "status": "is offered; it can become accepted, declined_by_victim, withdrawn"
    }


@pytest.mark.django_db
def test_the_police_of_another_force_find_nothing(client: Client) -> None:
    party, officer = pw.police_party()
    entry = pw.entry()
    referral = pw.accepted(party, officer, entry)
    stranger = world.api_as(client, cw.officer(cw.force()))

    for response in (
        stranger.get("/parties/{reference}/matches", reference=party.reference),
        stranger.post(
            "/parties/{reference}/referrals",
            {"organisation": entry.organisation.code},
            reference=party.reference,
        ),
        stranger.post(
            "/referrals/{reference}/answer",
            {"answer": "refused", "method": "spoken"},
            reference=referral.reference,
        ),
        stranger.post("/referrals/{reference}/sending", reference=referral.reference),
    ):
        assert response.status_code == 404
        assert body(response) == NOT_FOUND
    assert body(stranger.get("/force/referrals")) == []
    assert Referral.objects.get(pk=referral.pk).status == "accepted"


@pytest.mark.django_db
def test_a_support_worker_works_through_the_inbox(client: Client) -> None:
    party, officer = pw.police_party()
    entry = pw.entry()
    referral = pw.sent(party, officer, entry, categories=("identity", "contact"))
    worker = world.api_as(client, pw.support_worker(entry))

    inbox = worker.get("/referrals")
    assert inbox.status_code == 200
    (listed,) = body(inbox)
    assert listed["reference"] == referral.reference
    assert listed["overdue"] is False
    assert "content" not in listed

    read = worker.get("/referrals/{reference}", reference=referral.reference)
    assert read.status_code == 200
    assert body(read)["content"]["identity"]["given_name"] == "Ana"
    assert body(read)["content"]["contact"]["email"] == "ana.quispe@example.org"

    acknowledged = worker.post(
        "/referrals/{reference}/acknowledgement", reference=referral.reference
    )
    assert acknowledged.status_code == 200
    assert body(acknowledged)["status"] == "acknowledged"

    contacted = worker.post("/referrals/{reference}/first-contact", reference=referral.reference)
    assert contacted.status_code == 200
    assert body(contacted)["status"] == "first_contact_made"

    late = worker.post("/referrals/{reference}/unable-to-contact", reference=referral.reference)
    assert late.status_code == 409
    assert body(late)["error"]["code"] == "invalid_transition"

    supported = worker.post(
        "/referrals/{reference}/support",
        {"support": "receiving", "advice_on_stay_given": True},
        reference=referral.reference,
    )
    assert supported.status_code == 201
    assert body(supported)["support"] == "receiving"
    assert body(supported)["advice_on_stay_given"] is True
    assert Party.objects.get(pk=party.pk).support == "receiving"
    assert SupportStatus.objects.filter(party=party).count() == 1


@pytest.mark.django_db
def test_an_inbox_takes_as_many_queries_for_five_referrals_as_for_one(client: Client) -> None:
    entry = pw.entry()
    worker = world.api_as(client, pw.support_worker(entry))
    party, officer = pw.police_party()
    pw.sent(party, officer, entry)
    police = world.api_as(client, officer)

    def queries(api: Any, path: str) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            listed = body(api.get(path))
        return len(captured), len(listed)

    one = queries(worker, "/referrals"), queries(police, "/force/referrals")
    for _ in range(4):
        pw.sent(cw.report(officer), officer, entry)
    five = queries(worker, "/referrals"), queries(police, "/force/referrals")

    assert [listed for _, listed in one] == [1, 1]
    assert [listed for _, listed in five] == [5, 5]
    assert [count for count, _ in five] == [count for count, _ in one]


@pytest.mark.django_db
def test_overdue_referrals_are_flagged_for_both_sides(client: Client) -> None:
    party, officer = pw.police_party()
    entry = pw.entry()
    referral = pw.sent(party, officer, entry)
    Referral.objects.filter(pk=referral.pk).update(
        first_contact_due_on=timezone.localdate() - timedelta(days=1)
    )
    worker = world.api_as(client, pw.support_worker(entry))
    police = world.api_as(client, officer)

    assert [r["overdue"] for r in body(worker.get("/referrals"))] == [True]
    assert [r["overdue"] for r in body(police.get("/force/referrals"))] == [True]


@pytest.mark.django_db
def test_a_support_worker_declines_with_a_reason_from_the_list(client: Client) -> None:
    party, officer = pw.police_party()
    entry = pw.entry()
    referral = pw.sent(party, officer, entry)
    worker = world.api_as(client, pw.support_worker(entry))

    bad = worker.post(
        "/referrals/{reference}/decline", {"reason": "busy"}, reference=referral.reference
    )
    assert bad.status_code == 422
    assert fields(bad)["reason"].startswith("must be one of no_capacity, outside_area")

    missing = worker.post("/referrals/{reference}/decline", {}, reference=referral.reference)
    assert fields(missing) == {"reason": "is required"}

    declined = worker.post(
        "/referrals/{reference}/decline", {"reason": "no_capacity"}, reference=referral.reference
    )
    assert declined.status_code == 200
    assert body(declined)["status"] == "declined_by_organisation"
    assert body(declined)["decline_reason"] == "no_capacity"


@pytest.mark.django_db
def test_support_input_is_named_field_by_field(client: Client) -> None:
    party, officer = pw.police_party()
    entry = pw.entry()
    referral = pw.sent(party, officer, entry)
    worker = world.api_as(client, pw.support_worker(entry))

    bad = worker.post(
        "/referrals/{reference}/support",
        {"support": "none", "advice_on_stay_given": "yes"},
        reference=referral.reference,
    )

    assert bad.status_code == 422
    assert fields(bad) == {
        "support": "must be one of offered, receiving",
        "advice_on_stay_given": "must be true or false",
    }


@pytest.mark.django_db
def test_another_organisation_finds_nothing(client: Client) -> None:
    party, officer = pw.police_party()
    entry = pw.entry()
    referral = pw.sent(party, officer, entry)
    unsent = pw.accepted(*pw.police_party(), entry)
    own = world.api_as(client, pw.support_worker(entry))
    other = world.api_as(client, pw.support_worker(pw.entry()))

    assert body(other.get("/referrals")) == []
    for caller, reference in ((other, referral.reference), (own, unsent.reference)):
        for response in (
            caller.get("/referrals/{reference}", reference=reference),
            caller.post("/referrals/{reference}/acknowledgement", reference=reference),
            caller.post("/referrals/{reference}/first-contact", reference=reference),
            caller.post("/referrals/{reference}/unable-to-contact", reference=reference),
            caller.post("/referrals/{reference}/decline", {"reason": "other"}, reference=reference),
            caller.post(
                "/referrals/{reference}/support", {"support": "offered"}, reference=reference
            ),
        ):
            assert response.status_code == 404, response.content
            assert body(response) == NOT_FOUND
    assert Referral.objects.get(pk=referral.pk).status == "sent"


def third_party_report(force_code: str, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "force": force_code,
        "crime_type": "domestic_abuse",
        "pseudonym": "Client A",
        "role": "victim",
        "age_group": "adult",
        "immigration_status": "uncertain",
        "summary": "Controlling behaviour and threats by her partner.",
        "occurred_on": "2026-01-03",
        "identity": {
            "given_name": "Rosa",
            "family_name": "Fictitious-Example",
            "phone": "07700 900456",
            "preferred_language": "es",
        },
    }
    values.update(overrides)
    return values


@pytest.mark.django_db
def test_a_third_party_report_reaches_a_case_and_identity_only_with_consent(
    client: Client,
) -> None:
    force = cw.force()
    officer = cw.officer(force)
    entry = pw.entry()
    worker = world.api_as(client, pw.support_worker(entry))
    police = world.api_as(client, officer)

    submitted = worker.post("/third-party-reports", third_party_report(force.code))
    assert submitted.status_code == 201
    report = body(submitted)
    assert report["status"] == "submitted"
    assert report["case"] is None
    assert "identity" not in report

    early = worker.post(
        "/third-party-reports/{reference}/identity-consent",
        {"answer": "given", "method": "written", "categories": ["identity"]},
        reference=report["reference"],
    )
    assert early.status_code == 422
    assert "report" in fields(early)

    recorded = police.post("/third-party-reports/{reference}/case", reference=report["reference"])
    assert recorded.status_code == 201
    case = body(recorded)
    (party,) = case["parties"]
    assert party["person"] is None
    assert case["reporting_route"] == "third_party"

    twice = police.post("/third-party-reports/{reference}/case", reference=report["reference"])
    assert twice.status_code == 409
    assert fields(twice) == {"report": "recorded"}

    consent = worker.post(
        "/third-party-reports/{reference}/identity-consent",
        {"answer": "given", "method": "written", "categories": ["identity"]},
        reference=report["reference"],
    )
    assert consent.status_code == 201
    assert body(consent)["purpose"] == "identity_reveal"
    assert body(consent)["recipient"] == force.code
    revealed = Party.objects.select_related("person").get(reference=party["reference"])
    assert revealed.person is not None
    assert revealed.person.given_name == "Rosa"
    assert revealed.person.phone == ""  # contact was not consented to
    stored = ThirdPartyReport.objects.get(reference=report["reference"])
    assert stored.identity_revealed_categories == ["identity"]


@pytest.mark.django_db
def test_third_party_report_input_is_named_field_by_field(client: Client) -> None:
    force = cw.force()
    worker = world.api_as(client, pw.support_worker(pw.entry()))

    wrong = worker.post(
        "/third-party-reports",
        third_party_report(
            "no-such-force",
            role="suspect",
            crime_type="burglary",
            pseudonym=" ",
            identity={"email": "not an address", "nickname": "R"},
        ),
    )
    assert wrong.status_code == 422
    found = fields(wrong)
    assert found["crime_type"].startswith("must be one of domestic_abuse")
    assert found["identity.nickname"] == "is not a known field"

    checked = worker.post(
        "/third-party-reports",
        third_party_report("no-such-force", role="suspect", pseudonym=" "),
    )
    assert checked.status_code == 422
    found = fields(checked)
    assert found["force"] == "must be a police force of England and Wales, or BTP"
    assert found["role"] == "must be victim or witness: a third party reports for them"
    assert "pseudonym" in found

    naming = worker.post(
        "/third-party-reports",
        third_party_report(force.code, pseudonym="Rosa F", summary="Rosa was hit."),
    )
    assert naming.status_code == 422
    assert set(fields(naming)) == {"pseudonym", "summary"}
    empty = worker.post("/third-party-reports", third_party_report(force.code, summary=""))
    assert fields(empty) == {"summary": "Enter what happened"}

    consent_wrong = worker.post(
        "/third-party-reports/{reference}/identity-consent",
        {"answer": "refused", "method": "spoken"},
        reference=pw.report(pw.support_worker(pw.entry()), force).reference,
    )
    assert consent_wrong.status_code == 404  # another organisation's report


@pytest.mark.django_db
def test_a_report_to_another_force_or_by_another_organisation_is_not_found(
    client: Client,
) -> None:
    force = cw.force()
    entry = pw.entry()
    report = pw.report(pw.support_worker(entry), force)
    other_force = world.api_as(client, cw.officer(cw.force()))
    other_organisation = world.api_as(client, pw.support_worker(pw.entry()))

    for response in (
        other_force.post("/third-party-reports/{reference}/case", reference=report.reference),
        other_organisation.post(
            "/third-party-reports/{reference}/identity-consent",
            {"answer": "refused", "method": "spoken"},
            reference=report.reference,
        ),
    ):
        assert response.status_code == 404
        assert body(response) == NOT_FOUND
    assert ThirdPartyReport.objects.get(pk=report.pk).status == "submitted"
