"""The data protection officer's pages: the force's regime changed after seeing `policy diff`'s
account, and the review queue of prohibited shares later permitted."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from safereport.casework import actions, regimes, tasks
from safereport.casework.models import ForceRegime, ReviewItem
from safereport.policy.diff import ChangeGroup, RegimeDiff, SpaceDiff
from safereport.policy.diff_words import sentence
from safereport.policy.vocabulary import RegimeId
from tests.integration.casework import builders as cw

INTERIM = RegimeId.HMICFRS_INTERIM
PROTOCOL = RegimeId.MIGRANT_VICTIMS_PROTOCOL


def stand_in_diff(before: RegimeId, after: RegimeId, **_: object) -> RegimeDiff:
    """A `policy diff` with one group each side (the real one takes 10 to 30 s)."""
    group = ChangeGroup(
        before="prohibited",
        after="partly_permitted: identity, offence",
        rules_stop=("hmicfrs-rec1",),
        rules_start=(),
        count=270,
        where={"role": ["victim"], "crime": ["domestic_abuse"]},
        exact=True,
    )
    blocked = ChangeGroup("allowed", "blocked", (), ("protocol-no-enforcement",), 1824, {}, False)
    return RegimeDiff(
        before,
        after,
        SpaceDiff(97_200, 810, [group]),
        SpaceDiff(64_800, 1_824, [blocked]),
        seconds=0.0,
    )


def change_fields(day: object) -> dict[str, str]:
    """The regime change page's answers but the regime: the day it takes effect, and why."""
    return {
        "effective_from_day": str(day.day),  # type: ignore[attr-defined]
        "effective_from_month": str(day.month),  # type: ignore[attr-defined]
        "effective_from_year": str(day.year),  # type: ignore[attr-defined]
        "reason": "Decided by the chief officer group (a test).",
    }


@pytest.mark.django_db
def test_the_dpo_changes_the_regime_after_seeing_what_changes(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    force = cw.force()
    dpo = cw.dpo(force)
    cw.regime(force, INTERIM, by=dpo)
    compared: list[tuple[RegimeId, RegimeId]] = []

    def compare(before: RegimeId, after: RegimeId, **_: object) -> RegimeDiff:
        compared.append((before, after))
        return stand_in_diff(before, after)

    monkeypatch.setattr(regimes, "compare", compare)
    client.force_login(dpo)
    today = timezone.localdate()

    page = client.get("/force/regime/")
    chosen = client.post("/force/regime/", {"regime": PROTOCOL.value, **change_fields(today)})
    confirm = client.get("/force/regime/confirm/")
    again = client.get("/force/regime/confirm/")  # reloading does not compare again
    done = client.post("/force/regime/confirm/")

    assert page.status_code == 200
    assert "HMICFRS interim Recommendation 1" in page.content.decode()
    assert chosen.status_code == 302
    assert chosen["Location"] == "/force/regime/confirm/"
    assert compared == [(INTERIM, PROTOCOL)]
    html = confirm.content.decode()
    assert "Sharing decisions: 810 of 97,200 situations change outcome" in html
    assert "Protocol checks: 1,824 of 64,800 situations change outcome" in html
    assert stand_in_diff(INTERIM, PROTOCOL).sharing.groups[0].statement in html
    # Each group in a sentence a DPO reads, the exact statement beside it (issue 13, item 6).
    assert sentence(stand_in_diff(INTERIM, PROTOCOL).sharing.groups[0].as_json()) in html
    assert "kinds of situation" in html
    assert "protocol-no-enforcement now applies" in html
    assert again.status_code == 200
    assert done.status_code == 302
    change = ForceRegime.objects.filter(force=force).first()
    assert change is not None
    assert (change.regime, change.effective_from, change.set_by) == (PROTOCOL.value, today, dpo)
    assert change.diff_counts["sharing"] == {"compared": 97_200, "changed": 810, "groups": 1}
    history = client.get(done["Location"]).content.decode()
    assert "operates under Immigration Enforcement Migrant Victims Protocol" in history
    assert "810 sharing decisions, 1,824 protocol checks" in history
    assert history.count('<tr class="govuk-table__row">') == 3  # a header and two changes
    event = cw.events("casework:force_regime:changed")[-1]
    assert event["details"]["previous"] == "hmicfrs-interim"
    assert event["details"]["diff"]["gate"]["changed"] == 1_824
    # The pending change is gone: the confirmation page has nothing left to confirm.
    assert "There is no change to confirm" in client.get("/force/regime/confirm/").content.decode()


@pytest.mark.django_db
def test_the_first_regime_needs_no_comparison(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    force = cw.force()
    dpo = cw.dpo(force)
    monkeypatch.setattr(regimes, "compare", lambda *_: pytest.fail("nothing to compare"))
    client.force_login(dpo)
    tomorrow = timezone.localdate() + timedelta(days=1)

    client.post("/force/regime/", {"regime": INTERIM.value, **change_fields(tomorrow)})
    confirm = client.get("/force/regime/confirm/").content.decode()
    client.post("/force/regime/confirm/")

    assert "This is the force's first regime" in confirm
    change = ForceRegime.objects.get(force=force)
    assert (change.regime, change.effective_from) == (INTERIM.value, tomorrow)
    assert "Scheduled</strong>" in client.get("/force/regime/").content.decode()


@pytest.mark.django_db
def test_a_regime_change_with_bad_input_names_each_field(client: Client) -> None:
    force = cw.force()
    dpo = cw.dpo(force)
    cw.regime(force, INTERIM, by=dpo)
    client.force_login(dpo)
    yesterday = timezone.localdate() - timedelta(days=1)

    nothing = client.post("/force/regime/", {"effective_from_day": "3"})
    past = client.post("/force/regime/", {"regime": PROTOCOL.value, **change_fields(yesterday)})
    same = client.post(
        "/force/regime/", {"regime": INTERIM.value, **change_fields(timezone.localdate())}
    )

    nothing_html = nothing.content.decode()
    assert "<title>Error: Your force" in nothing_html
    assert re.findall(r'<a href="(#[^"]+)">([^<]+)</a>', nothing_html)[:2] == [
        ("#id_regime", "Select the regime the force will operate under"),
        (
            "#id_effective_from_month",
            "Date the regime takes effect must include a month and a year",
        ),
    ]
    assert 'value="3"' in nothing_html  # what was typed is kept
    assert "Date the regime takes effect must be today or in the future" in past.content.decode()
    assert "already operates under HMICFRS interim" in same.content.decode()
    assert ForceRegime.objects.filter(force=force).count() == 1


@pytest.mark.django_db
def test_a_comparison_overtaken_by_another_change_is_refused(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    force = cw.force()
    dpo = cw.dpo(force)
    cw.regime(force, INTERIM, by=dpo)
    monkeypatch.setattr(regimes, "compare", stand_in_diff)
    client.force_login(dpo)
    client.post("/force/regime/", {"regime": PROTOCOL.value, **change_fields(timezone.localdate())})
    cw.regime(force, RegimeId.COMPLETE_FIREWALL, by=cw.dpo(force))  # someone else, meanwhile

    response = client.post("/force/regime/confirm/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Check the change of regime" in html
    assert "show the current comparison and confirm again" in html
    assert ForceRegime.objects.filter(force=force).first().regime == "complete-firewall"  # type: ignore[union-attr]


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.usefixtures("each_space_decided_once")
def test_the_real_comparison_is_shown_and_recorded(client: Client) -> None:
    """End to end with `policy diff` itself: about 10 s, unless the unit tests' diff of the same
    regimes already decided their spaces in this session."""
    force = cw.force()
    dpo = cw.dpo(force)
    cw.regime(force, INTERIM, by=dpo)
    client.force_login(dpo)

    client.post("/force/regime/", {"regime": PROTOCOL.value, **change_fields(timezone.localdate())})
    waiting = client.get("/force/regime/confirm/").content.decode()
    tasks.compute_regime_diff.call(INTERIM.value, PROTOCOL.value)  # as the worker does
    html = client.get("/force/regime/confirm/").content.decode()
    done = client.post("/force/regime/confirm/")

    assert "The two regimes are being compared" in waiting
    assert "hmicfrs-rec1 no longer applies" in html
    assert "protocol-no-enforcement now applies" in html
    assert done.status_code == 302
    change = ForceRegime.objects.filter(force=force).first()
    assert change is not None
    assert change.regime == PROTOCOL.value
    assert change.diff_counts["sharing"]["changed"] > 0


# Review queue ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_review_queue_shows_what_changed_and_is_marked_reviewed(client: Client) -> None:
    w = cw.world(regime=RegimeId.COMPLETE_FIREWALL)
    officer, dpo, party = w.officer, w.dpo, w.party
    actions.request_sharing_decision(
        actor=officer, party=party, purpose="victim_request", categories=["identity"]
    )
    actions.record_consent(
        actor=officer,
        party=party,
        purpose="victim_request",
        categories=["identity"],
        answer="given",
        method="written",
    )
    actions.request_sharing_decision(
        actor=officer, party=party, purpose="victim_request", categories=["identity"]
    )
    item = ReviewItem.objects.get()
    client.force_login(dpo)

    queue = client.get("/force/review/").content.decode()
    marked = client.post(f"/force/review/{item.reference}/reviewed/")
    after = client.get("/force/review/").content.decode()

    assert "Victim request: prohibited, then permitted" in queue
    assert "Consent: none to given" in queue
    assert party.case.reference in queue
    assert "Quispe" not in queue  # the queue names no one
    assert marked.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.reviewed_by) == ("reviewed", dpo)
    assert "There is nothing to review" in after
    assert "Marked as reviewed" in after


@pytest.mark.django_db
def test_another_forces_dpo_cannot_see_or_mark_the_queue(client: Client) -> None:
    w = cw.world(regime=INTERIM)
    officer, party = w.officer, w.party
    for consent in (None, "given"):
        if consent:
            actions.record_consent(
                actor=officer,
                party=party,
                purpose="victim_request",
                categories=["identity"],
                answer=consent,
                method="spoken",
            )
        actions.request_sharing_decision(
            actor=officer, party=party, purpose="victim_request", categories=["identity"]
        )
    item = ReviewItem.objects.get()
    client.force_login(cw.dpo(cw.force()))

    queue = client.get("/force/review/").content.decode()
    marked = client.post(f"/force/review/{item.reference}/reviewed/")

    assert party.case.reference not in queue
    assert marked.status_code == 404
    item.refresh_from_db()
    assert item.status == "open"


@pytest.mark.django_db
def test_the_change_shows_the_forces_open_cases_decided_again_under_both_regimes(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = cw.world(regime=PROTOCOL, support="receiving")
    decision = actions.request_sharing_decision(
        actor=w.officer, party=w.party, purpose="enforcement_referral", categories=["identity"]
    )
    cw.share(w.officer, decision)
    # A concluded case's decision is not counted: only open cases.
    closed = cw.report(w.officer, support="receiving")
    actions.request_sharing_decision(
        actor=w.officer, party=closed, purpose="enforcement_referral", categories=["identity"]
    )
    actions.change_case_stage(actor=w.officer, case=closed.case, stage="concluded")
    monkeypatch.setattr(regimes, "compare", stand_in_diff)
    assert w.dpo is not None
    client.force_login(w.dpo)
    today = timezone.localdate()

    client.post("/force/regime/", {"regime": "complete-firewall", **change_fields(today)})
    html = client.get("/force/regime/confirm/").content.decode()

    assert "The 1 sharing decision recorded on cases not yet concluded" in html
    assert "1 disclosure made, 1 protocol protection registered" in html
    section = html.split('id="open-cases"', 1)[1]
    rows = dict(
        re.findall(r'<th scope="row"[^>]*>([^<]+)</th>((?:\s*<td[^>]*>\d+</td>)+)', section)
    )
    cells = {label: re.findall(r">(\d+)<", counts) for label, counts in rows.items()}
    # Now (the protocol): permitted, disclosure allowed, protection holds; under the complete
    # firewall: prohibited, the disclosure would be prohibited.
    assert cells["Decisions that would be permitted"] == ["1", "0"]
    assert cells["Decisions that would be prohibited"] == ["0", "1"]
    assert cells["Disclosures made that would be prohibited"] == ["0", "1"]
    assert cells["Protocol protections that would hold"][0] == "1"


@pytest.mark.django_db
def test_the_dpo_gives_a_reason_and_may_note_a_review(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    force = cw.force()
    dpo = cw.dpo(force)
    cw.regime(force, INTERIM, by=dpo)
    monkeypatch.setattr(regimes, "compare", stand_in_diff)
    client.force_login(dpo)
    today = timezone.localdate()
    answers = {"regime": PROTOCOL.value, **change_fields(today)}

    no_reason = client.post("/force/regime/", {**answers, "reason": ""}).content.decode()
    early = client.post(
        "/force/regime/",
        {**answers, "review_on_day": today.day, "review_on_month": today.month,
         "review_on_year": today.year},
    ).content.decode()  # fmt: skip
    later = today + timedelta(days=180)
    client.post(
        "/force/regime/",
        {**answers, "review_on_day": later.day, "review_on_month": later.month,
         "review_on_year": later.year},
    )  # fmt: skip
    confirm = client.get("/force/regime/confirm/").content.decode()
    client.post("/force/regime/confirm/")

    assert "Enter why the force is changing its regime" in no_reason
    assert "The review date must be after the date it takes effect" in early
    assert "Decided by the chief officer group (a test)." in confirm
    change = ForceRegime.objects.filter(force=force).first()
    assert change is not None
    assert (change.reason, change.review_on) == (
        "Decided by the chief officer group (a test).",
        later,
    )
    event = cw.events("casework:force_regime:changed")[-1]
    assert event["details"]["review_on"] == later.isoformat()
    assert "chief officer" not in str(event)  # the DPO's words stay with the change, encrypted
    history = client.get("/force/regime/").content.decode()
    assert "Decided by the chief officer group (a test)." in history
