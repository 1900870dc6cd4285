"""Case work that was missing (issue 13, items 2 and 7): correcting a person's status from the
case page (the question with what each answer means, the change made through the action so the
protection and the notice follow), adding a witness, handing a case to a colleague, and phone
numbers checked and written one way with `phonenumbers`."""

from __future__ import annotations

import pytest
from django.test import Client

from safereport.casework import actions
from safereport.casework.errors import CaseworkError
from safereport.errors import AlreadyDoneError, NotPermittedError
from safereport.policy.vocabulary import RegimeId
from tests.integration.casework import builders as cw


@pytest.mark.django_db
def test_the_officer_corrects_a_persons_status_from_the_case_page(client: Client) -> None:
    w = cw.world(regime=RegimeId.HMICFRS_INTERIM)
    client.force_login(w.officer)
    url = f"/parties/{w.party.reference}/status/"

    case_page = client.get(f"/cases/{w.party.case.reference}/").content.decode()
    asked = client.get(url).content.decode()
    refused = client.post(url, {"immigration_status": ""}).content.decode()
    done = client.post(url, {"immigration_status": "insecure", "suspected_offending": "no"})

    assert f'href="{url}"' in case_page
    assert "Correct the person&#x27;s status" in asked
    assert 'value="uncertain" checked' in asked  # the answer recorded so far
    assert "Select what is known of the person&#x27;s immigration status" in refused
    assert done.status_code == 302
    w.party.refresh_from_db()
    assert w.party.immigration_status == "insecure"
    assert cw.events("notices:notice:issued")[-1]["details"]["version"] == 2


@pytest.mark.django_db
def test_the_officer_adds_a_witness_from_the_case_page(client: Client) -> None:
    w = cw.world(regime=RegimeId.MIGRANT_VICTIMS_PROTOCOL)
    client.force_login(w.officer)
    case = w.party.case
    url = f"/cases/{case.reference}/parties/new/"
    answers = {
        "role": "witness",
        "age_group": "adult",
        "immigration_status": "not_in_question",
        "suspected_offending": "no",
        "support": "none",
        "nrm": "none",
        "given_name": "Lina",
        "family_name": "Example-Witness",
        "interpreter_needed": "no",
        "contact_channels": ["in_person"],
        "contact_times": "any",
        "only_through_support_worker": "no",
    }

    case_page = client.get(f"/cases/{case.reference}/").content.decode()
    refused = client.post(url, {**answers, "role": ""}).content.decode()
    added = client.post(url, answers)

    assert f'href="{url}"' in case_page
    assert "Select the person&#x27;s role in the case" in refused
    assert added.status_code == 302
    witness = case.parties.get(role="witness")
    assert witness.person is not None
    assert witness.person.family_name == "Example-Witness"
    [event] = cw.events("casework:party:added")
    assert "Example" not in str(event)
    # A witness is told too: their first notice.
    assert any(e["subjects"][1] == witness.reference for e in cw.events("notices:notice:issued"))


@pytest.mark.django_db
def test_the_officer_in_charge_hands_the_case_to_a_colleague(client: Client) -> None:
    w = cw.world(regime=RegimeId.MIGRANT_VICTIMS_PROTOCOL)
    colleague = cw.officer(w.force)
    elsewhere = cw.officer(cw.force())
    case = w.party.case
    url = f"/cases/{case.reference}/officer/"
    client.force_login(w.officer)

    asked = client.get(url).content.decode()
    foreign = client.post(url, {"officer": elsewhere.pseudonym}).content.decode()
    done = client.post(url, {"officer": colleague.pseudonym})

    assert colleague.pseudonym in asked
    assert elsewhere.pseudonym not in asked
    assert "Select an officer of the force" in foreign
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.officer_in_charge == colleague
    [event] = cw.events("casework:case:reassigned")
    assert event["details"] == {"from": w.officer.pseudonym, "to": colleague.pseudonym}
    # The former officer in charge may no longer hand it on; its new one may.
    with pytest.raises(NotPermittedError):
        actions.reassign_case(actor=w.officer, case=case, officer=w.officer)
    with pytest.raises(AlreadyDoneError):
        actions.reassign_case(actor=colleague, case=case, officer=colleague)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("07700900123", "07700 900123"),
        ("+44 7700 900123", "07700 900123"),
        ("+33 1 23 45 67 89", "+33 1 23 45 67 89"),
    ],
)
def test_a_phone_number_is_written_one_way(typed: str, stored: str) -> None:
    w = cw.world(regime=None, details=cw.person(phone=typed))

    assert w.party.person is not None
    assert w.party.person.phone == stored


@pytest.mark.django_db
def test_something_that_is_no_phone_number_is_refused_naming_the_field() -> None:
    force = cw.force()

    with pytest.raises(CaseworkError) as refused:
        cw.report(cw.officer(force), details=cw.person(phone="call me maybe"))

    assert refused.value.fields["person.phone"].startswith("must be a phone number, like 07700")
