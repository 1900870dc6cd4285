"""The Immigration Enforcement side's pages: the inbox and a disclosure show only the fields
disclosed; the protocol check answers blocked or allowed with the rule and the duties, and never
shows the case."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from safereport.accounts.models import User
from safereport.casework import actions
from safereport.casework.models import DisclosureRecord, Party
from safereport.enforcement.models import ProtocolCheck
from safereport.policy.vocabulary import RegimeId
from tests.integration.casework import builders as cw


def disclosed(
    categories: list[str],
    regime: RegimeId = RegimeId.MIGRANT_VICTIMS_PROTOCOL,
    purpose: str = "enforcement_referral",
    **facts: str,
) -> tuple[Party, User, DisclosureRecord]:
    """A victim receiving support whose `categories` a force has shared with IE."""
    w = cw.world(regime=regime, **{"support": "receiving", **facts})
    party, officer = w.party, w.officer
    decision = actions.request_sharing_decision(
        actor=officer, party=party, purpose=purpose, categories=categories
    )
    return party, officer, cw.share(officer, decision)


def errors_of(html: str) -> list[tuple[str, str]]:
    summary = re.search(r'<ul class="govuk-list govuk-error-summary__list">(.*?)</ul>', html, re.S)
    assert summary is not None, "no error summary"
    return re.findall(r'<a href="(#[^"]+)">([^<]+)</a>', summary.group(1))


@pytest.mark.django_db
def test_the_inbox_shows_only_the_fields_disclosed(client: Client) -> None:
    party, _, record = disclosed(["immigration", "offence"])
    client.force_login(cw.ie_caseworker())

    response = client.get("/ie/inbox/")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "Immigration status" in html
    assert "Uncertain" in html
    assert party.case.reference in html  # the offence category carries the case reference
    assert "Assaulted at home by her partner" in html
    assert str(record.protocol_reference) in html
    # Identity, contact and location were not disclosed, so none of them is anywhere.
    for absent in ("Ana", "Quispe", "07700 900123", "ana.quispe@example.org", "Example Street"):
        assert absent not in html, absent
    assert "Given name" not in html


@pytest.mark.django_db
def test_a_disclosure_page_shows_its_fields_and_offers_the_protocol_check(client: Client) -> None:
    _, _, record = disclosed(["identity", "immigration"])
    client.force_login(cw.ie_caseworker())

    response = client.get(f"/ie/disclosures/{record.enforcement_reference}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Quispe Mamani" in html
    assert "12 April 1990" in html
    assert "Assaulted" not in html  # the offence was not disclosed
    assert "07700" not in html
    assert f"/ie/protocol-check/?reference={record.protocol_reference}" in html
    [event] = cw.events("enforcement:disclosure:read")
    assert event["subjects"] == [record.enforcement_reference]


@pytest.mark.django_db
def test_an_unknown_disclosure_is_not_found(client: Client) -> None:
    client.force_login(cw.ie_caseworker())

    assert client.get("/ie/disclosures/dsc_00000000000000000000000000000000/").status_code == 404
    assert client.get("/ie/disclosures/Ana%20Quispe/").status_code == 404
    assert cw.events("enforcement:disclosure:read") == []
    # Refused reads are audited, naming only what has the shape of a reference.
    assert [e["subjects"] for e in cw.events("enforcement:disclosure_read:refused")] == [
        ["dsc_00000000000000000000000000000000"],
        [],
    ]


@pytest.mark.django_db
def test_an_empty_inbox_says_so(client: Client) -> None:
    cw.immigration_enforcement()
    client.force_login(cw.ie_caseworker())

    assert "There are no disclosures." in client.get("/ie/inbox/").content.decode()


@pytest.mark.django_db
def test_a_blocked_protocol_check_names_the_rule_and_shows_nothing_of_the_case(
    client: Client,
) -> None:
    party, _, record = disclosed(["identity"])
    client.force_login(cw.ie_caseworker())

    form = client.get(f"/ie/protocol-check/?reference={record.protocol_reference}")
    checked = client.post(
        "/ie/protocol-check/",
        {"protocol_reference": record.protocol_reference, "action": "arrest"},
    )
    result = client.get(checked["Location"])

    assert f'value="{record.protocol_reference}"' in form.content.decode()
    assert checked.status_code == 302
    assert checked["Location"] == "/ie/protocol-check/result/"
    html = result.content.decode()
    assert "<title>Protocol check: blocked" in html
    assert '<strong class="govuk-tag govuk-tag--red">Blocked</strong>' in html
    assert "Yes, by rule G1 (protocol-no-enforcement)" in html
    assert "001_254dc38fcff2b4b2.txt" in html  # the rule's source
    # Whether the person is protected and by which rule, never the case or the person.
    for absent in (party.case.reference, party.reference, "Quispe", "Assaulted", "Stage"):
        assert absent not in html, absent
    [event] = cw.events("enforcement:protocol_check:made")
    assert event["details"]["outcome"] == "blocked"


@pytest.mark.django_db
def test_an_allowed_protocol_check_gives_the_duty_to_engage_first(client: Client) -> None:
    _, _, record = disclosed(["identity"])
    client.force_login(cw.ie_caseworker())

    checked = client.post(
        "/ie/protocol-check/",
        {"protocol_reference": record.protocol_reference, "action": "casework_decision"},
    )
    html = client.get(checked["Location"]).content.decode()

    assert '<strong class="govuk-tag govuk-tag--green">Allowed</strong>' in html
    assert "No protection applies to this action" in html
    assert "Before you act" in html
    assert "Engage with the victim, through the police or their support worker" in html


@pytest.mark.django_db
def test_the_check_follows_the_case_as_it_is_now(client: Client) -> None:
    party, officer, record = disclosed(["identity"])
    client.force_login(cw.ie_caseworker())
    actions.change_case_stage(actor=officer, case=party.case, stage="concluded")

    checked = client.post(
        "/ie/protocol-check/",
        {"protocol_reference": record.protocol_reference, "action": "arrest"},
    )

    assert "Allowed</strong>" in client.get(checked["Location"]).content.decode()


@pytest.mark.django_db
def test_the_protocol_check_names_each_problem_and_keeps_what_was_typed(client: Client) -> None:
    cw.immigration_enforcement()
    client.force_login(cw.ie_caseworker())

    empty = client.post("/ie/protocol-check/", {})
    malformed = client.post(
        "/ie/protocol-check/", {"protocol_reference": "Ana Quispe", "action": "arrest"}
    )
    unknown = client.post(
        "/ie/protocol-check/",
        {"protocol_reference": "prot_" + "0" * 32, "action": "removal"},
    )

    empty_html = empty.content.decode()
    assert "<title>Error: Protocol check" in empty_html
    assert errors_of(empty_html) == [
        ("#id_protocol_reference", "Enter the protocol reference"),
        ("#id_action", "Select the action you propose to take"),
    ]
    assert "govuk-input--error" in empty_html
    malformed_html = malformed.content.decode()
    [(href, message)] = errors_of(malformed_html)
    assert href == "#id_protocol_reference"
    assert message.startswith("Protocol reference must be prot_ followed by 32 letters")
    assert 'value="arrest" checked' in malformed_html
    [(_, message)] = errors_of(unknown.content.decode())
    assert message.startswith("Protocol reference is not one you can check")
    # A malformed reference is refused before any check; the unknown one is recorded, unnamed.
    assert [e["subjects"] for e in cw.events("enforcement:protocol_check:refused")] == [
        ["prot_" + "0" * 32]
    ]


@pytest.mark.django_db
def test_the_result_page_before_any_check_points_to_the_form(client: Client) -> None:
    cw.immigration_enforcement()
    client.force_login(cw.ie_caseworker())

    response = client.get("/ie/protocol-check/result/")

    assert response.status_code == 200
    assert "You have not run a protocol check" in response.content.decode()


@pytest.mark.django_db
def test_ie_reaches_no_police_page(client: Client) -> None:
    party, _, record = disclosed(["identity"])
    client.force_login(cw.ie_caseworker())

    for url in (
        "/cases/",
        "/cases/new/",
        f"/cases/{party.case.reference}/",
        f"/parties/{party.reference}/share/",
        f"/decisions/{record.decision.reference}/",
        "/force/regime/",
        "/force/review/",
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db
def test_each_check_has_a_reference_to_cite_and_the_history_lists_them(client: Client) -> None:
    _, _, record = disclosed(["identity"])
    reference = record.protocol_reference
    assert reference is not None
    client.force_login(cw.ie_caseworker())

    client.post("/ie/protocol-check/", {"protocol_reference": reference, "action": "arrest"})
    result = client.get("/ie/protocol-check/result/").content.decode()
    history = client.get("/ie/protocol-checks/").content.decode()

    check = ProtocolCheck.objects.get()
    assert check.reference in result
    assert check.reference in history
    assert reference in history
    assert "Quispe" not in history
