"""Access: a support worker sees only what was sent to their own organisation, and only once
sent; the police only what concerns their own force. Anything else is "not found", in the
actions, the queries and the pages alike."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from safereport.accounts.roles import Role
from safereport.pathways import actions, queries
from safereport.pathways.errors import NotFoundError
from tests import builders
from tests.integration.casework import builders as cw
from tests.integration.pathways import builders as pw


@pytest.mark.django_db
def test_an_organisation_sees_a_referral_only_once_it_is_sent_to_it() -> None:
    party, officer = pw.police_party()
    to = pw.entry()
    worker = pw.support_worker(to)
    referral = pw.accepted(party, officer, to)

    with pytest.raises(NotFoundError):
        queries.referral_for(worker, referral.reference)
    assert list(queries.inbox(worker)) == []

    actions.send_referral(actor=officer, referral=referral)

    assert queries.referral_for(worker, referral.reference) == referral
    assert list(queries.inbox(worker)) == [referral]


@pytest.mark.django_db
def test_other_organisations_and_other_forces_get_not_found() -> None:
    party, officer = pw.police_party()
    to = pw.entry()
    referral = pw.sent(party, officer, to)
    other_worker = pw.support_worker(pw.entry())
    other_officer = cw.officer(cw.force())

    for user in (other_worker, other_officer, builders.user(Role.IE_CASEWORKER)):
        with pytest.raises(NotFoundError):
            queries.referral_for(user, referral.reference)
    with pytest.raises(NotFoundError):
        actions.read_referral(actor=other_worker, reference=referral.reference)
    with pytest.raises(NotFoundError):
        actions.acknowledge_referral(actor=other_worker, referral=referral)
    with pytest.raises(NotFoundError):
        actions.offer_referral(actor=other_officer, party=party, organisation=to)
    with pytest.raises(NotFoundError):
        actions.send_referral(actor=other_officer, referral=referral)
    assert list(queries.inbox(other_worker)) == []
    assert list(queries.force_referrals(other_officer)) == []
    # The receiving organisation cannot act for the police, nor the police for it.
    with pytest.raises(NotFoundError):
        actions.offer_referral(actor=pw.support_worker(to), party=party, organisation=to)
    with pytest.raises(NotFoundError):
        actions.acknowledge_referral(actor=officer, referral=referral)


@pytest.mark.django_db
def test_an_unknown_reference_is_the_same_not_found() -> None:
    worker = pw.support_worker(pw.entry())

    with pytest.raises(NotFoundError) as raised:
        queries.referral_for(worker, "ref_00000000000000000000000000000000")

    assert raised.value.as_json()["error"]["code"] == "not_found"


@pytest.mark.django_db
def test_reports_are_seen_by_their_organisation_and_the_force_they_were_sent_to() -> None:
    worker = pw.support_worker(pw.entry())
    force = cw.force()
    report = pw.report(worker, force)

    assert queries.report_for(worker, report.reference) == report
    assert queries.report_for(cw.officer(force), report.reference) == report
    for stranger in (pw.support_worker(pw.entry()), cw.officer(cw.force()), pw.admin()):
        with pytest.raises(NotFoundError):
            queries.report_for(stranger, report.reference)
    assert list(queries.organisation_reports(pw.support_worker(pw.entry()))) == []
    assert list(queries.force_reports(cw.officer(cw.force()))) == []


@pytest.mark.django_db
def test_only_the_police_of_the_case_or_the_organisation_concerned_withdraw_consent() -> None:
    party, officer = pw.police_party()
    to = pw.entry()
    referral = pw.sent(party, officer, to)
    assert referral.consent is not None

    for stranger in (pw.support_worker(pw.entry()), cw.officer(cw.force())):
        with pytest.raises(NotFoundError):
            actions.withdraw_consent(actor=stranger, consent=referral.consent)


@pytest.mark.django_db
def test_pages_answer_404_to_another_organisation(client: Client) -> None:
    party, officer = pw.police_party()
    to = pw.entry()
    referral = pw.sent(party, officer, to)
    report = pw.report(pw.support_worker(to), cw.force())
    assert referral.consent is not None
    client.force_login(pw.support_worker(pw.entry()))

    for url in (
        reverse("pathways:referral", args=[referral.reference]),
        reverse("pathways:decline", args=[referral.reference]),
        reverse("pathways:referral-support", args=[referral.reference]),
        reverse("pathways:report", args=[report.reference]),
        reverse("pathways:identity-consent", args=[report.reference]),
        reverse("pathways:withdraw-consent", args=[referral.consent.reference]),
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        reverse("pathways:acknowledge", args=[referral.reference]),
        reverse("pathways:first-contact", args=[referral.reference]),
    ):
        assert client.post(url).status_code == 404, url


@pytest.mark.django_db
def test_pages_answer_404_to_another_force(client: Client) -> None:
    party, officer = pw.police_party()
    referral = pw.accepted(party, officer, pw.entry())
    client.force_login(cw.officer(cw.force()))

    for url in (
        reverse("pathways:offer", args=[party.reference]),
        reverse("pathways:referral", args=[referral.reference]),
        reverse("pathways:answer", args=[referral.reference]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("pathways:send", args=[referral.reference])).status_code == 404


@pytest.mark.django_db
def test_refused_reads_are_audited_naming_only_what_looks_like_a_reference() -> None:
    party, officer = pw.police_party()
    to = pw.entry()
    referral = pw.sent(party, officer, to)
    report = pw.report(pw.support_worker(to), cw.force())
    stranger = pw.support_worker(pw.entry())

    for reference in (referral.reference, "Rosa Fictitious-Example"):
        with pytest.raises(NotFoundError):
            actions.read_referral(actor=stranger, reference=reference)
    for reference in (report.reference, "Client A"):
        with pytest.raises(NotFoundError):
            actions.read_third_party_report(actor=stranger, reference=reference)

    assert [e["subjects"] for e in cw.events("pathways:referral_read:refused")] == [
        [referral.reference],
        [],
    ]
    assert [e["subjects"] for e in cw.events("pathways:third_party_report_read:refused")] == [
        [report.reference],
        [],
    ]
    assert cw.events("pathways:referral:read") == []
    assert cw.events("pathways:third_party_report:read") == []
