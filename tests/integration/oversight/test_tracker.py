"""The recommendation tracker (issue 12, item 4): the DPO's dated evidence entries (the latest
gives the status; the audit event holds no words of theirs), the evidence the service computes
for Rec 1, 4 and 8, the progress update signed off as shown, and the pages for a DPO and an
inspector, with no personal data."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from safereport.accounts.roles import Role
from safereport.errors import NotPermittedError, ServiceError
from safereport.notices import delivery
from safereport.notices.issuing import current
from safereport.oversight import tracker
from safereport.oversight.models import EvidenceEntry, ProgressUpdate
from safereport.oversight.recommendations import BY_ID, Status
from tests import builders
from tests.integration.casework import builders as cw
from tests.integration.oversight.test_statistics import Fixture

PERSONAL = ("Ana", "Quispe", "Rosa", "Fictitious", "07700", "ana.quispe")


def facts(found: list[tracker.Tracked], recommendation: str) -> dict[str, str]:
    [one] = [t for t in found if t.recommendation.id == recommendation]
    return {fact.label: fact.value for fact in one.held}


@pytest.mark.django_db
def test_the_latest_entry_gives_the_status_and_the_event_holds_no_words(
    oversight_records: Fixture,
) -> None:
    f = oversight_records
    dpo = cw.dpo(f.force)

    tracker.record_evidence(
        actor=dpo, recommendation="rec-1", status="in_progress", evidence="Bulletin 18/03/21."
    )
    tracker.record_evidence(
        actor=dpo, recommendation="rec-1", status="implemented", evidence="Policy adopted."
    )

    [rec_1] = [t for t in tracker.tracked(f.force) if t.recommendation.id == "rec-1"]
    assert rec_1.status is Status.IMPLEMENTED
    assert [e.evidence for e in rec_1.entries] == ["Policy adopted.", "Bulletin 18/03/21."]
    others = [t.status for t in tracker.tracked(f.force) if t.recommendation.id != "rec-1"]
    assert set(others) == {Status.NOT_STARTED}
    event = cw.events("oversight:recommendation_evidence:recorded")[-1]
    assert event["details"] == {
        "force": f.force.code,
        "recommendation": "rec-1",
        "status": "implemented",
    }
    assert "Policy" not in str(event)


@pytest.mark.django_db
def test_evidence_is_refused_naming_what_to_fix_and_only_a_dpo_records_it(
    oversight_records: Fixture,
) -> None:
    f = oversight_records

    with pytest.raises(ServiceError) as refused:
        tracker.record_evidence(
            actor=cw.dpo(f.force), recommendation="ho-protocol", status="done", evidence=" "
        )
    assert set(refused.value.fields) == {"recommendation", "status", "evidence"}
    with pytest.raises(NotPermittedError):
        tracker.record_evidence(
            actor=f.officer, recommendation="rec-1", status="implemented", evidence="x"
        )
    assert not EvidenceEntry.objects.exists()


@pytest.mark.django_db
def test_the_service_counts_its_own_evidence_for_recommendations_1_and_4(
    oversight_records: Fixture,
) -> None:
    f = oversight_records  # one DA victim of uncertain status disclosed; two referrals, one on time

    before = tracker.tracked(f.force)
    notice = current(f.victim)
    assert notice is not None
    delivery.give_in_person(actor=f.officer, notice=notice, interpreter_language="es")
    after = tracker.tracked(f.force)

    rec_1 = facts(before, "rec-1")
    assert rec_1["The force's regimes"].startswith(
        "Immigration Enforcement Migrant Victims Protocol from "
    )
    assert (
        rec_1[
            "Domestic abuse victims of uncertain status whose information was disclosed since "
            "17 December 2020"
        ]
        == "1"
    )
    assert facts(before, "rec-4") == {
        "Referrals to specialist support offered": "2",
        "Referrals sent to an organisation": "2",
        "Of those sent, first contact within 2 working days": "50%",
        "Notices delivered to victims and witnesses": "0",
    }
    assert facts(after, "rec-4")["Notices delivered to victims and witnesses"] == "1"
    # Another force's records are not this force's evidence.
    assert (
        facts(tracker.tracked(f.other), "rec-4")["Referrals to specialist support offered"] == "0"
    )


@pytest.mark.django_db
def test_each_six_monthly_update_is_given_or_not(oversight_records: Fixture) -> None:
    f = oversight_records
    dpo = cw.dpo(f.force)
    shown = tracker.content_sha256(tracker.update_content(f.force))

    made = tracker.sign_off_update(actor=dpo, shown_sha256=shown)

    today = timezone.localdate()
    history = dict(tracker.update_history(f.force, date(today.year + 1, 12, 31)))
    given = [due for due, said in history.items() if said.startswith("Given on")]
    assert len(given) == 1  # the one falling due next after today
    assert given[0] >= today
    assert history[date(2021, 6, 17)] == "Not given"
    assert made.content["recommendations"][0]["id"] == "rec-1"
    [event] = cw.events("oversight:progress_update:signed_off")
    assert event["details"] == {"force": f.force.code, "sha256": made.sha256}


@pytest.mark.django_db
def test_an_update_that_changed_since_it_was_shown_is_not_signed_off(
    oversight_records: Fixture,
) -> None:
    f = oversight_records
    dpo = cw.dpo(f.force)
    shown = tracker.content_sha256(tracker.update_content(f.force))
    tracker.record_evidence(actor=dpo, recommendation="rec-4", status="in_progress", evidence="x")

    with pytest.raises(ServiceError) as refused:
        tracker.sign_off_update(actor=dpo, shown_sha256=shown)

    assert "changed since you opened it" in refused.value.fields["update"]
    assert not ProgressUpdate.objects.exists()


@pytest.mark.django_db
def test_the_dpo_records_evidence_and_signs_off_the_update_on_the_pages(
    client: Client, oversight_records: Fixture
) -> None:
    f = oversight_records
    dpo = cw.dpo(f.force)
    client.force_login(dpo)

    page = client.get("/statistics/recommendations/").content.decode()
    refused = client.post("/statistics/recommendations/rec-4/evidence/", {"status": ""})
    recorded = client.post(
        "/statistics/recommendations/rec-4/evidence/",
        {"status": "in_progress", "evidence": "Pathway agreed with two organisations."},
    )
    update = client.get("/statistics/progress-update/").content.decode()
    [sha256] = [
        line.split('value="')[1].split('"')[0]
        for line in update.splitlines()
        if 'name="sha256"' in line
    ]
    signed = client.post("/statistics/progress-update/", {"sha256": sha256})

    assert escape(BY_ID["rec-1"].text) in page
    assert refused.status_code == 400
    assert "Select the recommendation&#x27;s status" in refused.content.decode()
    assert "Enter what shows the recommendation&#x27;s progress" in refused.content.decode()
    assert recorded.status_code == 302
    assert recorded["Location"] == "/statistics/recommendations/#rec-4"
    assert "Pathway agreed with two organisations." in update
    assert signed.status_code == 302
    assert ProgressUpdate.objects.get().sha256 == sha256


@pytest.mark.django_db
def test_an_inspector_reads_every_force_and_records_nothing(
    client: Client, oversight_records: Fixture
) -> None:
    f = oversight_records
    tracker.record_evidence(
        actor=cw.dpo(f.force), recommendation="rec-5", status="not_accepted", evidence="Declined."
    )
    client.force_login(builders.user(Role.INSPECTOR))

    overview = client.get("/statistics/recommendations/").content.decode()
    force = client.get("/statistics/recommendations/", {"force": f.force.code}).content.decode()
    update = client.get("/statistics/progress-update/", {"force": f.force.code})
    refused = client.post(
        "/statistics/recommendations/rec-5/evidence/", {"status": "implemented", "evidence": "x"}
    )

    assert f.force.name in overview
    assert "Not accepted" in overview
    assert "Declined." in force
    assert "Record the evidence" not in force
    assert update.status_code == 200
    assert "Sign off this update" not in update.content.decode()
    assert refused.status_code == 404
    for html in (overview, force, update.content.decode()):
        for personal in PERSONAL:
            assert personal not in html, personal
