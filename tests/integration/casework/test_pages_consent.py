"""The case page's consent answers, and withdrawing one: the record keeps when and by whom, the
withdrawal is an audit event, and later sharing decisions no longer count the answer."""

from __future__ import annotations

import pytest
from django.test import Client

from safereport.casework import actions
from safereport.casework.models import ConsentRecord, SharingDecision
from safereport.policy.vocabulary import RegimeId
from tests.integration.casework import builders as cw


def consented(regime: RegimeId = RegimeId.COMPLETE_FIREWALL) -> ConsentRecord:
    """A victim in a force under `regime` who has agreed to their identity being shared with
    Immigration Enforcement at their own request."""
    w = cw.world(regime=regime)
    officer, party = w.officer, w.party
    return actions.record_consent(
        actor=officer,
        party=party,
        purpose="victim_request",
        categories=["identity"],
        answer="given",
        method="interpreter",
    )


@pytest.mark.django_db
def test_the_case_page_lists_each_consent_with_a_withdraw_button(client: Client) -> None:
    consent = consented()
    client.force_login(consent.recorded_by)

    html = client.get(f"/cases/{consent.party.case.reference}/").content.decode()

    assert '<h2 class="govuk-heading-m" id="consents">Consent</h2>' in html
    row = html.split(f'id="{consent.reference}"', 1)[1].split("</tr>", 1)[0]
    for shown in ("Victim request", "Identity", "Immigration", "Given", "Through an interpreter"):
        assert shown in row, shown
    assert consent.recorded_by.username in row or consent.recorded_by.get_full_name() in row
    assert "Not withdrawn" in row
    assert f'action="/consents/{consent.reference}/withdraw/"' in row
    assert "csrfmiddlewaretoken" in row


@pytest.mark.django_db
def test_a_case_without_consent_says_so(client: Client) -> None:
    w = cw.world(regime=RegimeId.COMPLETE_FIREWALL)
    officer, party = w.officer, w.party
    client.force_login(officer)

    html = client.get(f"/cases/{party.case.reference}/").content.decode()

    assert "No consent answer has been recorded." in html


@pytest.mark.django_db
def test_withdrawing_records_when_and_by_whom_and_an_audit_event(client: Client) -> None:
    consent = consented()
    officer = cw.officer(consent.party.case.force)  # another officer of the same force
    client.force_login(officer)

    response = client.post(f"/consents/{consent.reference}/withdraw/")

    assert response.status_code == 302
    assert response["Location"] == f"/cases/{consent.party.case.reference}/#consents"
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert consent.withdrawn_by == officer
    [event] = cw.events("casework:consent:withdrawn")
    assert event["subjects"] == [consent.reference, consent.party.reference]
    page = client.get(response["Location"]).content.decode()
    assert "Consent withdrawn for" in page
    row = page.split(f'id="{consent.reference}"', 1)[1].split("</tr>", 1)[0]
    assert "Not withdrawn" not in row
    assert "/withdraw/" not in row  # no second button


@pytest.mark.django_db
def test_a_second_withdrawal_changes_nothing(client: Client) -> None:
    consent = consented()
    client.force_login(consent.recorded_by)

    client.post(f"/consents/{consent.reference}/withdraw/")
    first = ConsentRecord.objects.get(pk=consent.pk).withdrawn_at
    again = client.post(f"/consents/{consent.reference}/withdraw/")

    assert again.status_code == 302
    assert ConsentRecord.objects.get(pk=consent.pk).withdrawn_at == first
    assert len(cw.events("casework:consent:withdrawn")) == 1


@pytest.mark.django_db
def test_a_decision_after_withdrawal_no_longer_counts_the_consent(client: Client) -> None:
    consent = consented()
    party = consent.party
    client.force_login(consent.recorded_by)
    share = {"purpose": "victim_request", "categories": ["identity"]}

    client.post(f"/parties/{party.reference}/share/", share)
    client.post(f"/consents/{consent.reference}/withdraw/")
    client.post(f"/parties/{party.reference}/share/", share)

    before, after = SharingDecision.objects.order_by("created_at", "id")
    assert before.outcome == "permitted"
    assert before.consent_record_id == consent.pk
    assert before.consent == "given"
    assert after.outcome == "prohibited"
    assert after.consent == "refused"  # a withdrawn answer reads as refused, on the record


@pytest.mark.django_db
def test_another_forces_officer_gets_404(client: Client) -> None:
    consent = consented()
    client.force_login(cw.officer(cw.force()))

    theirs = client.post(f"/consents/{consent.reference}/withdraw/")
    unknown = client.post("/consents/csn_no-such-reference/withdraw/")

    assert theirs.status_code == 404
    assert unknown.status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    assert cw.events("casework:consent:withdrawn") == []


@pytest.mark.django_db
def test_withdrawing_is_post_only(client: Client) -> None:
    consent = consented()
    client.force_login(consent.recorded_by)

    response = client.get(f"/consents/{consent.reference}/withdraw/")

    assert response.status_code == 405
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
