"""Correcting a person's details (issue 13, item 2): the action checks everything at once and
writes the phone number one way, its event names which fields changed and never what they say,
protections are untouched (none holds these details) and the notice is issued again in a new
language; the page asks the report's questions answered as recorded."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from django.test import Client

from safereport.casework import actions
from safereport.casework.contact import WEEKDAYS, Channel, SafeContact, TimeWindow
from safereport.casework.errors import CaseworkError
from safereport.casework.models import Person
from safereport.enforcement.models import Protection
from safereport.errors import NotFoundError
from safereport.policy.vocabulary import RegimeId
from tests.integration.casework import builders as cw


@pytest.mark.django_db
def test_correcting_details_writes_them_and_records_only_which_changed() -> None:
    w = cw.world(regime=RegimeId.HMICFRS_INTERIM)
    before = cw.events("notices:notice:issued")

    actions.correct_person(
        actor=w.officer,
        party=w.party,
        details=cw.person(phone="+44 7700 900456", email="a.q@example.org", address=""),
    )

    person = Person.objects.get(pk=w.party.person_id)
    assert person.phone == "07700 900456"  # a UK number, as the UK writes it
    assert person.email == "a.q@example.org"
    assert person.address == ""  # left empty: cleared
    [event] = cw.events("casework:person:corrected")
    assert event["subjects"] == [w.party.case.reference, w.party.reference, person.reference]
    assert event["details"] == {"fields": ["phone", "email", "address"]}
    for value in ("900456", "a.q@", "Example Street", "Ana", "Quispe"):
        assert value not in json.dumps(event)
    # The notice reads none of these: no new version.
    assert cw.events("notices:notice:issued") == before


@pytest.mark.django_db
def test_a_new_language_issues_the_notice_again_in_it() -> None:
    w = cw.world(regime=RegimeId.HMICFRS_INTERIM)

    actions.correct_person(
        actor=w.officer, party=w.party, details=cw.person(preferred_language="pt")
    )

    issued = cw.events("notices:notice:issued")[-1]
    assert issued["details"]["version"] == 2
    assert issued["details"]["language"] == "pt"
    assert issued["details"]["reason"] == "details"
    assert cw.events("casework:person:corrected")[-1]["details"] == {
        "fields": ["preferred_language"]
    }


@pytest.mark.django_db
def test_protections_keep_their_facts_and_nothing_is_sent_to_immigration_enforcement() -> None:
    w = cw.world(regime=RegimeId.MIGRANT_VICTIMS_PROTOCOL, support="receiving")
    decision = actions.request_sharing_decision(
        actor=w.officer, party=w.party, purpose="enforcement_referral", categories=["identity"]
    )
    record = cw.share(w.officer, decision)
    protection = Protection.objects.get(protocol_reference=record.protocol_reference)
    updates = len(cw.events("enforcement:protection:updated"))

    actions.correct_person(actor=w.officer, party=w.party, details=cw.person(given_name="Anna"))

    assert len(cw.events("enforcement:protection:updated")) == updates
    assert Protection.objects.get(pk=protection.pk).updated_at == protection.updated_at
    assert len(cw.events("enforcement:disclosure:received")) <= 1


@pytest.mark.django_db
def test_nothing_changed_records_nothing() -> None:
    w = cw.world(regime=RegimeId.HMICFRS_INTERIM)

    actions.correct_person(actor=w.officer, party=w.party, details=cw.person())

    assert cw.events("casework:person:corrected") == []


@pytest.mark.django_db
def test_every_problem_is_named_at_once() -> None:
    w = cw.world(regime=RegimeId.HMICFRS_INTERIM)
    wrong = cw.person(
        phone="12",
        email="not an address",
        preferred_language="spanish",
        date_of_birth=date(2999, 1, 1),
    )

    with pytest.raises(CaseworkError) as refused:
        actions.correct_person(actor=w.officer, party=w.party, details=wrong)

    assert set(refused.value.fields) == {
        "person.phone",
        "person.email",
        "person.preferred_language",
        "person.date_of_birth",
    }
    assert Person.objects.get(pk=w.party.person_id).phone == "07700 900123"
    assert cw.events("casework:person:corrected") == []


@pytest.mark.django_db
def test_an_anonymous_party_has_no_details_and_another_force_cannot_correct_them() -> None:
    w = cw.world(regime=RegimeId.HMICFRS_INTERIM)
    anonymous = cw.report(w.officer, anonymous=True)

    with pytest.raises(CaseworkError, match="reported anonymously"):
        actions.correct_person(actor=w.officer, party=anonymous, details=cw.person())
    with pytest.raises(NotFoundError):
        actions.correct_person(
            actor=cw.officer(cw.force()), party=w.party, details=cw.person(given_name="X")
        )


# The page -------------------------------------------------------------------------------------


ANSWERS = {
    "given_name": "Ana",
    "family_name": "Quispe Mamani",
    "date_of_birth_day": "12",
    "date_of_birth_month": "4",
    "date_of_birth_year": "1990",
    "nationality": "Bolivian",
    "phone": "07700900999",
    "email": "ana.quispe@example.org",
    "address": "12 Example Street, London E1 6AN",
    "preferred_language": "es",
    "interpreter_needed": "yes",
    "contact_channels": ["in_person", "sms"],
    "contact_times": "weekday_mornings",
    "only_through_support_worker": "no",
    "safe_contact_instructions": "Text only, weekday mornings",
}


@pytest.mark.django_db
def test_the_officer_corrects_details_from_the_case_page(client: Client) -> None:
    w = cw.world(regime=RegimeId.HMICFRS_INTERIM)
    client.force_login(w.officer)
    url = f"/parties/{w.party.reference}/person/"

    case_page = client.get(f"/cases/{w.party.case.reference}/").content.decode()
    asked = client.get(url).content.decode()
    done = client.post(url, ANSWERS)

    assert f'href="{url}"' in case_page
    assert 'Change<span class="govuk-visually-hidden"> phone for Ana Quispe Mamani' in case_page
    assert "Correct the person's details" in asked
    assert 'value="07700 900123"' in asked  # answered as recorded
    assert 'value="es"' in asked
    assert done.status_code == 302
    person = Person.objects.get(pk=w.party.person_id)
    assert person.phone == "07700 900999"
    contact = SafeContact.from_json(person.safe_contact)
    assert contact.channels == frozenset({Channel.IN_PERSON, Channel.SMS})
    assert contact.windows == (TimeWindow(WEEKDAYS, 540, 720),)


@pytest.mark.django_db
def test_the_page_shows_every_error_at_once_and_keeps_what_was_typed(client: Client) -> None:
    w = cw.world(regime=RegimeId.HMICFRS_INTERIM)
    client.force_login(w.officer)
    url = f"/parties/{w.party.reference}/person/"

    refused = client.post(
        url, {**ANSWERS, "phone": "12", "email": "nope", "preferred_language": "e1"}
    )
    text = refused.content.decode()

    assert refused.status_code == 400
    assert "<title>Error: Correct the person" in text
    start = text.index("govuk-error-summary")
    summary = text[start : text.index("</ul>", start)]
    assert "Phone number must be a phone number" in summary
    assert "Email address must be an e-mail address" in summary
    assert "Preferred language must be a two-letter ISO 639-1 code" in summary
    assert 'value="nope"' in text
    assert Person.objects.get(pk=w.party.person_id).email == "ana.quispe@example.org"


@pytest.mark.django_db
def test_times_recorded_otherwise_are_kept_unless_changed(client: Client) -> None:
    w = cw.world(regime=RegimeId.HMICFRS_INTERIM)
    early_evenings = SafeContact(
        channels=frozenset({Channel.SMS}),
        windows=(TimeWindow(frozenset(WEEKDAYS), 1080, 1140),),
    )
    actions.correct_person(
        actor=w.officer,
        party=w.party,
        details=replace(cw.person(), safe_contact=json.dumps(early_evenings.as_json())),
    )
    client.force_login(w.officer)
    url = f"/parties/{w.party.reference}/person/"

    asked = client.get(url).content.decode()
    client.post(url, {**ANSWERS, "contact_times": "as_recorded", "phone": "07700 900111"})

    assert 'value="as_recorded" checked' in asked
    assert "As recorded: weekdays, 6pm to 7pm" in asked
    kept = SafeContact.from_json(Person.objects.get(pk=w.party.person_id).safe_contact)
    assert kept.windows == early_evenings.windows


@pytest.mark.django_db
def test_an_anonymous_party_has_no_page(client: Client) -> None:
    w = cw.world(regime=RegimeId.HMICFRS_INTERIM)
    anonymous = cw.report(w.officer, anonymous=True)
    client.force_login(w.officer)

    assert client.get(f"/parties/{anonymous.reference}/person/").status_code == 404
