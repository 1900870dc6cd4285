"""Routine referral: the offer and the answer as a consent, sending only what was agreed to,
each step of the organisation's with its audit event, invalid steps refused, the deadline in
working days and overdue referrals listed for the force and the organisation."""

from __future__ import annotations

from datetime import date, timedelta
from unittest import mock

import pytest
from django.utils import timezone

from safereport.casework import actions as casework
from safereport.casework.models import DutyTask
from safereport.casework.vocabulary import TaskStatus
from safereport.pathways import actions, queries
from safereport.pathways.consent import current_consent
from safereport.pathways.errors import AlreadyDoneError, InvalidTransitionError, PathwaysError
from safereport.pathways.models import PathwayConsent, Referral
from safereport.pathways.vocabulary import ConsentPurpose
from safereport.policy.vocabulary import Duty, RegimeId
from tests.integration.casework import builders as cw
from tests.integration.pathways import builders as pw


@pytest.mark.django_db
def test_offering_a_referral_completes_the_duty_to_offer_specialist_support() -> None:
    party, officer = pw.police_party()
    cw.regime(party.case.force, RegimeId.HMICFRS_INTERIM)
    cw.immigration_enforcement()
    casework.request_sharing_decision(
        actor=officer, party=party, purpose="investigation", categories=["offence"]
    )
    task = DutyTask.objects.get(party=party, duty=Duty.OFFER_SPECIALIST_SUPPORT)
    to = pw.entry()

    referral = actions.offer_referral(actor=officer, party=party, organisation=to)

    assert referral.status == "offered"
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert [e["action"] for e in cw.events()][-2:] == [
        "pathways:referral:offered",
        "casework:duty:done",
    ]
    offered = cw.events("pathways:referral:offered")[-1]
    assert offered["subjects"] == [
        referral.reference,
        party.reference,
        party.case.reference,
        f"org:{to.organisation.code}",
    ]


@pytest.mark.django_db
def test_an_organisation_can_be_given_by_its_code_and_must_be_listed() -> None:
    party, officer = pw.police_party()
    listed = pw.entry()
    unlisted = pw.entry(listed=False)

    referral = actions.offer_referral(
        actor=officer, party=party.reference, organisation=listed.organisation.code
    )
    with pytest.raises(PathwaysError) as raised:
        actions.offer_referral(actor=officer, party=party, organisation=unlisted)

    assert referral.entry == listed
    assert raised.value.fields == {
        "organisation": "must be an organisation listed in the directory"
    }


@pytest.mark.django_db
def test_a_second_open_referral_to_the_same_organisation_and_a_suspect_are_refused() -> None:
    party, officer = pw.police_party()
    suspect, suspects_officer = pw.police_party(role="suspect")
    to = pw.entry()
    actions.offer_referral(actor=officer, party=party, organisation=to)

    with pytest.raises(PathwaysError) as again:
        actions.offer_referral(actor=officer, party=party, organisation=to)
    with pytest.raises(PathwaysError) as refused:
        actions.offer_referral(actor=suspects_officer, party=suspect, organisation=to)

    assert again.value.fields == {"organisation": "already has an open referral for this person"}
    assert refused.value.fields == {
        "party": "is a suspect: referrals are for victims and witnesses"
    }


@pytest.mark.django_db
def test_the_answer_is_a_dated_consent_to_the_organisation() -> None:
    party, officer = pw.police_party()
    to = pw.entry()
    referral = actions.offer_referral(actor=officer, party=party, organisation=to)

    accepted = actions.record_referral_answer(
        actor=officer,
        referral=referral,
        answer="given",
        method="interpreter",
        categories=["contact", "identity"],
    )

    consent = PathwayConsent.objects.get(party=party)
    assert accepted.status == "accepted"
    assert accepted.consent == consent
    assert (consent.purpose, consent.recipient, consent.answer, consent.method) == (
        "support_referral",
        to.organisation,
        "given",
        "interpreter",
    )
    assert consent.categories == ["identity", "contact"]
    assert consent.recorded_by == officer
    assert [e["action"] for e in cw.events()][-2:] == [
        "pathways:consent:recorded",
        "pathways:referral:accepted",
    ]


@pytest.mark.django_db
def test_a_refusal_ends_the_referral_and_needs_no_categories() -> None:
    party, officer = pw.police_party()
    referral = actions.offer_referral(actor=officer, party=party, organisation=pw.entry())

    declined = actions.record_referral_answer(
        actor=officer, referral=referral, answer="refused", method="spoken"
    )

    assert declined.status == "declined_by_victim"
    assert declined.consent is not None
    assert declined.consent.categories == []
    with pytest.raises(InvalidTransitionError):
        actions.send_referral(actor=officer, referral=declined)


@pytest.mark.django_db
def test_consent_given_needs_categories_a_referral_can_carry() -> None:
    party, officer = pw.police_party()
    referral = actions.offer_referral(actor=officer, party=party, organisation=pw.entry())

    with pytest.raises(PathwaysError) as none:
        actions.record_referral_answer(
            actor=officer, referral=referral, answer="given", method="spoken"
        )
    with pytest.raises(PathwaysError) as support:
        actions.record_referral_answer(
            actor=officer,
            referral=referral,
            answer="given",
            method="by pigeon",
            categories=["support", "identity", "identity"],
        )

    assert none.value.fields == {
        "categories": (
            "Select at least one category of data they agreed to: "
            "identity, contact, location, immigration, offence"
        )
    }
    assert support.value.fields == {
        "method": "must be one of spoken, written, interpreter",
        "categories[0]": (
            "support cannot be given here; only identity, contact, location, immigration, offence"
        ),
        "categories[2]": "repeats a category; list each once",
    }


@pytest.mark.django_db
def test_sending_carries_only_the_fields_of_the_categories_agreed_to() -> None:
    party, officer = pw.police_party()
    cw.regime(party.case.force, RegimeId.HMICFRS_INTERIM)
    cw.immigration_enforcement()
    # A prohibited share gives the duty to link the victim to a third party (H1).
    casework.request_sharing_decision(
        actor=officer, party=party, purpose="enforcement_referral", categories=["identity"]
    )
    to = pw.entry()

    referral = pw.sent(party, officer, to, ("contact", "offence"))

    assert referral.status == "sent"
    assert referral.categories == ["contact", "offence"]
    assert referral.content == {
        "contact": {
            "phone": "07700 900123",
            "email": "ana.quispe@example.org",
            "preferred_language": "es",
            "interpreter_needed": True,
            "safe_contact_instructions": "Text only, weekday mornings",
        },
        "offence": {
            "case_reference": party.case.reference,
            "force": party.case.force.name,
            "crime_type": "domestic_abuse",
            "summary": "Assaulted at home by her partner on 3 January.",
            "reported_on": party.case.reported_on.isoformat(),
        },
    }
    assert "identity" not in referral.content
    task = DutyTask.objects.get(party=party, duty=Duty.REFER_TO_THIRD_PARTY)
    assert task.status == TaskStatus.DONE
    event = cw.events("pathways:referral:sent")[-1]
    assert event["details"]["categories"] == ["contact", "offence"]
    assert "content" not in event["details"]


@pytest.mark.django_db
def test_an_anonymous_party_can_be_referred_only_without_personal_data() -> None:
    force = cw.force()
    officer = cw.officer(force)
    party = cw.report(officer, anonymous=True)
    referral = actions.offer_referral(actor=officer, party=party, organisation=pw.entry())

    with pytest.raises(PathwaysError) as raised:
        actions.record_referral_answer(
            actor=officer,
            referral=referral,
            answer="given",
            method="spoken",
            categories=["identity", "offence"],
        )
    accepted = actions.record_referral_answer(
        actor=officer, referral=referral, answer="given", method="spoken", categories=["offence"]
    )
    sent = actions.send_referral(actor=officer, referral=accepted)

    assert raised.value.fields == {
        "categories[0]": "identity: the person is anonymous to the police, so none is held"
    }
    assert list(sent.content) == ["offence"]


@pytest.mark.django_db
def test_first_contact_is_due_two_working_days_after_sending() -> None:
    party, officer = pw.police_party()
    referral = pw.accepted(party, officer, pw.entry())
    # Sent on the Thursday before Easter 2026: Good Friday, the weekend and Easter Monday skip.
    thursday = timezone.make_aware(timezone.datetime(2026, 4, 2, 15, 0))

    with mock.patch("django.utils.timezone.now", return_value=thursday):
        sent = actions.send_referral(actor=officer, referral=referral)

    assert sent.first_contact_due_on == date(2026, 4, 8)
    assert cw.events("pathways:referral:sent")[-1]["details"]["first_contact_due_on"] == (
        "2026-04-08"
    )


@pytest.mark.django_db
def test_the_organisation_moves_the_referral_along_with_an_event_for_each_step() -> None:
    party, officer = pw.police_party()
    to = pw.entry()
    worker = pw.support_worker(to)
    referral = pw.sent(party, officer, to)

    acknowledged = actions.acknowledge_referral(actor=worker, referral=referral)
    contacted = actions.record_first_contact(
        actor=worker, referral=referral.reference, method="in_person", note="At the centre."
    )

    assert (acknowledged.status, contacted.status) == ("acknowledged", "first_contact_made")
    assert [label for label, _ in queries.steps_of(contacted)] == [
        "Offered to the victim",
        "Accepted by the victim",
        "Sent to the organisation",
        "Acknowledged by the organisation",
        "First contact made",
    ]
    made = cw.events("pathways:referral:first_contact_made")[-1]
    assert made["actor"]["id"] == worker.pseudonym
    assert made["details"] == {
        "from": "acknowledged",
        "within_two_working_days": True,
        "method": "in_person",
    }
    assert "centre" not in str(made)  # the note stays with the referral, encrypted


@pytest.mark.django_db
def test_unable_to_contact_and_declining_are_endings() -> None:
    party, officer = pw.police_party()
    other, others_officer = pw.police_party()
    to = pw.entry()
    worker = pw.support_worker(to)
    first = actions.acknowledge_referral(actor=worker, referral=pw.sent(party, officer, to))
    second = pw.sent(other, others_officer, to)

    unable = actions.record_unable_to_contact(actor=worker, referral=first)
    declined = actions.decline_referral(actor=worker, referral=second, reason="no_capacity")

    assert unable.status == "unable_to_contact"
    assert (declined.status, declined.decline_reason) == ("declined_by_organisation", "no_capacity")
    assert cw.events("pathways:referral:declined_by_organisation")[-1]["details"] == {
        "from": "sent",
        "reason": "no_capacity",
    }
    with pytest.raises(InvalidTransitionError) as raised:
        actions.record_first_contact(actor=worker, referral=unable)
    assert raised.value.fields == {"status": "is unable_to_contact; it can become nothing"}
    assert raised.value.code == "invalid_transition"


@pytest.mark.django_db
def test_invalid_steps_are_refused_with_what_the_referral_can_become() -> None:
    party, officer = pw.police_party()
    to = pw.entry()
    worker = pw.support_worker(to)
    referral = pw.sent(party, officer, to)

    with pytest.raises(InvalidTransitionError) as skipped:
        actions.record_first_contact(actor=worker, referral=referral)
    with pytest.raises(InvalidTransitionError) as twice:
        actions.send_referral(actor=officer, referral=referral)
    with pytest.raises(PathwaysError) as no_reason:
        actions.decline_referral(actor=worker, referral=referral, reason="busy")

    assert skipped.value.fields == {
        "status": "is sent; it can become acknowledged, declined_by_organisation, withdrawn"
    }
    assert skipped.value.message == (
        "This referral is sent to the organisation: it cannot become first contact made."
    )
    assert twice.value.fields["status"].startswith("is sent;")
    assert "reason" in no_reason.value.fields
    referral.refresh_from_db()
    assert referral.status == "sent"


@pytest.mark.django_db
def test_withdrawing_consent_erases_what_was_sent_and_ends_the_referral() -> None:
    party, officer = pw.police_party()
    to = pw.entry()
    worker = pw.support_worker(to)
    referral = pw.sent(party, officer, to, ("identity", "contact"))
    consent = current_consent(party, ConsentPurpose.SUPPORT_REFERRAL, to.organisation)
    assert consent is not None

    actions.withdraw_consent(actor=worker, consent=consent)

    referral.refresh_from_db()
    consent.refresh_from_db()
    assert referral.status == "withdrawn"
    assert referral.content == {}
    assert consent.withdrawn_by == worker
    withdrawn = cw.events("pathways:consent:withdrawn")[-1]
    assert withdrawn["subjects"][-1] == referral.reference
    assert withdrawn["details"] == {"purpose": "support_referral"}
    with pytest.raises(AlreadyDoneError, match="already withdrawn"):
        actions.withdraw_consent(actor=officer, consent=consent.reference)


@pytest.mark.django_db
def test_a_referral_whose_consent_was_withdrawn_cannot_be_sent() -> None:
    party, officer = pw.police_party()
    to = pw.entry()
    referral = pw.accepted(party, officer, to)
    consent = referral.consent
    assert consent is not None

    actions.withdraw_consent(actor=officer, consent=consent)

    referral.refresh_from_db()
    assert referral.status == "withdrawn"
    with pytest.raises(InvalidTransitionError):
        actions.send_referral(actor=officer, referral=referral)


@pytest.mark.django_db
def test_sending_reads_the_consent_in_force_now() -> None:
    party, officer = pw.police_party()
    to = pw.entry()
    referral = pw.accepted(party, officer, to)
    # A later answer to the same organisation (here, recorded directly) takes the place of the
    # first: decisions read the current consent, not the one the referral started with.
    PathwayConsent.objects.create(
        party=party,
        purpose=ConsentPurpose.SUPPORT_REFERRAL,
        recipient=to.organisation,
        answer="refused",
        method="written",
        recorded_by=officer,
    )

    with pytest.raises(PathwaysError) as raised:
        actions.send_referral(actor=officer, referral=referral)

    assert raised.value.fields == {"consent": "not in force"}


@pytest.mark.django_db
def test_overdue_referrals_are_listed_first_for_the_force_and_the_organisation() -> None:
    party, officer = pw.police_party()
    later, _ = pw.police_party()
    to = pw.entry()
    worker = pw.support_worker(to)
    overdue = pw.sent(party, officer, to)
    on_time = pw.sent(later, cw.officer(later.case.force), to)
    Referral.objects.filter(pk=overdue.pk).update(
        first_contact_due_on=timezone.localdate() - timedelta(days=1)
    )
    overdue.refresh_from_db()

    inbox = queries.inbox(worker)
    forces = queries.force_referrals(officer)

    assert [r.reference for r in inbox] == [overdue.reference, on_time.reference]
    assert queries.is_overdue(inbox[0])
    assert not queries.is_overdue(inbox[1])
    assert [r.reference for r in forces] == [overdue.reference]
    actions.acknowledge_referral(actor=worker, referral=overdue)
    late = actions.record_first_contact(actor=worker, referral=overdue)
    assert not queries.is_overdue(late)
    assert late.first_contact_on == timezone.localdate()
    assert (
        cw.events("pathways:referral:first_contact_made")[-1]["details"]["within_two_working_days"]
        is False
    )


@pytest.mark.django_db
def test_first_contact_is_measured_by_the_day_it_was_made_and_refused_naming_the_day() -> None:
    party, officer = pw.police_party()
    to = pw.entry()
    worker = pw.support_worker(to)
    referral = pw.sent(party, officer, to)
    actions.acknowledge_referral(actor=worker, referral=referral)
    today = timezone.localdate()

    with pytest.raises(PathwaysError) as future:
        actions.record_first_contact(
            actor=worker, referral=referral, made_on=today + timedelta(days=1)
        )
    with pytest.raises(PathwaysError) as before_sent:
        actions.record_first_contact(
            actor=worker, referral=referral, made_on=today - timedelta(days=30), method="fax"
        )
    # Recorded late, but made within the 2 working days: on time.
    Referral.objects.filter(pk=referral.pk).update(
        sent_at=timezone.now() - timedelta(days=3), first_contact_due_on=today - timedelta(days=1)
    )
    made = actions.record_first_contact(
        actor=worker, referral=referral, made_on=today - timedelta(days=1), method="phone"
    )

    assert future.value.fields == {"made_on": "must be today or in the past"}
    assert set(before_sent.value.fields) == {"made_on", "method"}
    assert made.first_contact_on == today - timedelta(days=1)
    event = cw.events("pathways:referral:first_contact_made")[-1]
    assert event["details"]["within_two_working_days"] is True
