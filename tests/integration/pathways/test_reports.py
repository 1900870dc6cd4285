"""Third-party reporting: the identity stays with the organisation, the police case has an
anonymous party with no identity at all (checked in the raw tables), and the identity reaches
the case only when the victim consents, and only what they consented to."""

from __future__ import annotations

import pytest
from django.db import connection

from safereport.accounts.roles import Role
from safereport.casework.models import Case, Party, Person
from safereport.pathways import actions
from safereport.pathways.errors import (
    AlreadyDoneError,
    NotFoundError,
    NotPermittedError,
    PathwaysError,
)
from safereport.pathways.models import ThirdPartyReport
from tests import builders
from tests.integration.casework import builders as cw
from tests.integration.pathways import builders as pw

SECRET_NAMES = ("Rosa", "Fictitious-Example")


def _raw_rows(table: str) -> list[tuple[object, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - the table names are ours
        return list(cursor.fetchall())


def _casework_text() -> str:
    """Every value of every case-work table, as stored and as decrypted."""
    stored = [
        str(value)
        for table in ("casework_case", "casework_party", "casework_person")
        for row in _raw_rows(table)
        for value in row
    ]
    decrypted = [
        str(value)
        for person in Person.objects.all()
        for value in (person.given_name, person.family_name, person.email, person.phone)
    ]
    return " ".join([*stored, *decrypted, *(c.summary for c in Case.objects.all())])


@pytest.mark.django_db
def test_a_report_keeps_the_identity_with_the_organisation_encrypted() -> None:
    to = pw.entry()
    worker = pw.support_worker(to)
    force = cw.force()

    report = pw.report(worker, force)

    assert report.identity["given_name"] == "Rosa"
    assert report.organisation == to.organisation
    (raw,) = (row for row in _raw_rows("pathways_thirdpartyreport"))
    assert not any(name in str(value) for value in raw for name in SECRET_NAMES)
    assert "Client A" not in " ".join(str(value) for value in raw)
    event = cw.events("pathways:third_party_report:submitted")[-1]
    assert event["subjects"] == [
        report.reference,
        f"org:{to.organisation.code}",
        f"org:{force.code}",
    ]
    assert event["details"] == {"crime_type": "domestic_abuse", "role": "victim"}


@pytest.mark.django_db
def test_the_police_record_it_as_a_case_whose_party_holds_no_identity_at_all() -> None:
    worker = pw.support_worker(pw.entry())
    force = cw.force()
    officer = cw.officer(force)
    report = pw.report(worker, force, support="receiving")
    people_before = Person.objects.count()

    party = actions.record_third_party_report(actor=officer, report=report.reference)

    case = party.case
    assert case.reporting_route == "third_party"
    assert case.force == force
    assert case.officer_in_charge == officer
    assert (party.role, party.immigration_status, party.support) == (
        "victim",
        "uncertain",
        "receiving",
    )
    assert party.person is None
    assert Person.objects.count() == people_before
    with connection.cursor() as cursor:
        cursor.execute("SELECT person_id FROM casework_party WHERE id = %s", [party.pk])
        assert cursor.fetchone() == (None,)
    text = _casework_text()
    assert not any(name in text for name in SECRET_NAMES)
    report.refresh_from_db()
    assert (report.status, report.party) == ("recorded", party)
    assert cw.events("pathways:third_party_report:recorded")[-1]["subjects"][:3] == [
        report.reference,
        party.reference,
        case.reference,
    ]


@pytest.mark.django_db
def test_the_identity_is_revealed_only_after_consent_and_only_what_was_agreed() -> None:
    to = pw.entry()
    worker = pw.support_worker(to)
    force = cw.force()
    officer = cw.officer(force)
    report = pw.report(worker, force)
    party = actions.record_third_party_report(actor=officer, report=report)

    refused = actions.record_identity_consent(
        actor=worker, report=report, answer="refused", method="spoken"
    )
    party.refresh_from_db()
    assert party.person is None
    assert refused.recipient == force

    actions.record_identity_consent(
        actor=worker, report=report, answer="given", method="interpreter", categories=["identity"]
    )

    party = Party.objects.select_related("person").get(pk=party.pk)
    person = party.person
    assert person is not None
    assert (person.given_name, person.family_name, person.nationality) == (
        "Rosa",
        "Fictitious-Example",
        "Bolivian",
    )
    # Contact and location were not agreed to: none of it reaches the case.
    assert (person.phone, person.email, person.address) == ("", "", "")
    assert person.preferred_language == ""
    report.refresh_from_db()
    assert report.identity_revealed_categories == ["identity"]
    revealed = cw.events("pathways:identity:revealed")[-1]
    assert revealed["actor"]["id"] == worker.pseudonym
    assert revealed["subjects"][:3] == [party.reference, person.reference, party.case.reference]
    assert revealed["details"] == {
        "fields": ["date_of_birth", "family_name", "given_name", "nationality"]
    }


@pytest.mark.django_db
def test_a_later_consent_adds_the_newly_agreed_fields_to_the_same_person() -> None:
    worker = pw.support_worker(pw.entry())
    force = cw.force()
    report = pw.report(worker, force)
    party = actions.record_third_party_report(actor=cw.officer(force), report=report)
    actions.record_identity_consent(
        actor=worker, report=report, answer="given", method="spoken", categories=["identity"]
    )
    first = Party.objects.get(pk=party.pk).person

    actions.record_identity_consent(
        actor=worker, report=report, answer="given", method="written", categories=["contact"]
    )

    person = Party.objects.select_related("person").get(pk=party.pk).person
    assert person is not None
    assert first is not None
    assert person.pk == first.pk
    assert (person.given_name, person.phone, person.preferred_language) == (
        "Rosa",
        "07700 900123",
        "es",
    )
    assert person.address == ""


@pytest.mark.django_db
def test_consent_to_reveal_needs_the_case_recorded_first() -> None:
    worker = pw.support_worker(pw.entry())
    report = pw.report(worker, cw.force())

    with pytest.raises(PathwaysError) as raised:
        actions.record_identity_consent(
            actor=worker, report=report, answer="given", method="spoken", categories=["identity"]
        )

    assert set(raised.value.fields) == {"report"}


@pytest.mark.django_db
def test_withdrawing_consent_to_reveal_stops_further_reveals_only() -> None:
    worker = pw.support_worker(pw.entry())
    force = cw.force()
    report = pw.report(worker, force)
    party = actions.record_third_party_report(actor=cw.officer(force), report=report)
    consent = actions.record_identity_consent(
        actor=worker, report=report, answer="given", method="spoken", categories=["identity"]
    )

    actions.withdraw_consent(actor=worker, consent=consent)

    assert Party.objects.get(pk=party.pk).person is not None
    assert cw.events("pathways:consent:withdrawn")[-1]["details"] == {"purpose": "identity_reveal"}


@pytest.mark.django_db
def test_a_report_is_refused_field_by_field() -> None:
    worker = pw.support_worker(pw.entry())

    with pytest.raises(PathwaysError) as raised:
        pw.report(
            worker,
            cw.immigration_enforcement(),
            crime_type="burglary",
            role="suspect",
            pseudonym="  ",
            identity=cw.person(email="not-an-address", preferred_language="spanish"),
        )

    assert set(raised.value.fields) == {
        "force",
        "crime_type",
        "role",
        "pseudonym",
        "identity.email",
        "identity.preferred_language",
    }
    assert not ThirdPartyReport.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "pseudonym", ["Rosa", "rosa fictitious-example", "Client ROSA", "Fictitious"]
)
def test_a_pseudonym_that_names_the_person_is_refused_saying_why(pseudonym: str) -> None:
    worker = pw.support_worker(pw.entry())

    with pytest.raises(PathwaysError) as raised:
        pw.report(worker, cw.force(), pseudonym=pseudonym)

    assert set(raised.value.fields) == {"pseudonym"}
    assert "is not the person's name and does not contain it" in raised.value.fields["pseudonym"]
    assert not ThirdPartyReport.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "summary",
    [
        "Rosa was threatened by her partner.",
        "Threats by her partner. Call 07700 900456 only in the morning.",
        "Her partner took the phone; write to rosa.f@example.org.",
    ],
)
def test_a_summary_that_identifies_the_person_is_refused(summary: str) -> None:
    worker = pw.support_worker(pw.entry())
    identity = cw.person(
        given_name="Rosa",
        family_name="Fictitious-Example",
        phone="07700 900456",
        email="rosa.f@example.org",
    )

    with pytest.raises(PathwaysError) as raised:
        pw.report(worker, cw.force(), summary=summary, identity=identity)

    assert raised.value.fields == {
        "summary": (
            "Describe what happened without naming or identifying the person (no name, phone "
            "number or email address): the police see this"
        )
    }


@pytest.mark.django_db
def test_a_report_must_say_what_happened() -> None:
    worker = pw.support_worker(pw.entry())

    with pytest.raises(PathwaysError) as raised:
        pw.report(worker, cw.force(), summary="   ")

    assert raised.value.fields == {"summary": "Enter what happened"}


@pytest.mark.django_db
def test_only_support_workers_report_and_only_the_force_records() -> None:
    worker = pw.support_worker(pw.entry())
    force = cw.force()
    report = pw.report(worker, force)

    with pytest.raises(NotPermittedError):
        pw.report(cw.officer(force), force)
    with pytest.raises(NotFoundError):
        actions.record_third_party_report(actor=cw.officer(cw.force()), report=report)
    with pytest.raises(NotFoundError):
        actions.record_third_party_report(actor=worker, report=report)
    party = actions.record_third_party_report(actor=cw.dpo(force), report=report)
    with pytest.raises(AlreadyDoneError, match="already recorded"):
        actions.record_third_party_report(actor=cw.officer(force), report=report)
    assert party.case.reporting_route == "third_party"


@pytest.mark.django_db
def test_reading_a_report_is_recorded_and_says_whether_the_identity_was_shown() -> None:
    worker = pw.support_worker(pw.entry())
    force = cw.force()
    report = pw.report(worker, force)

    actions.read_third_party_report(actor=worker, reference=report.reference)
    actions.read_third_party_report(actor=cw.officer(force), reference=report.reference)

    shown = [e["details"]["identity_shown"] for e in cw.events("pathways:third_party_report:read")]
    assert shown == [True, False]
    with pytest.raises(NotFoundError):
        actions.read_third_party_report(
            actor=builders.user(Role.SUPPORT_WORKER), reference=report.reference
        )
