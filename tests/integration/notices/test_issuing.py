"""Issuing notices (issue 11, item 4): a victim or witness recorded gets a notice; a change of
their position issues a new version, and a change that alters nothing issues nothing; every
version is stored with its hashes, and each issue is an audit event naming no one."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone

from safereport.casework import actions
from safereport.casework.errors import CaseworkError
from safereport.casework.models import DutyTask, ForceRegime
from safereport.enforcement.models import Protection
from safereport.notices import delivery, reading
from safereport.notices.issuing import current
from safereport.notices.models import Notice
from safereport.policy.vocabulary import RegimeId
from tests.integration.casework import builders as cw


@pytest.mark.django_db
def test_recording_a_victim_issues_their_first_notice() -> None:
    w = cw.world(regime=RegimeId.MIGRANT_VICTIMS_PROTOCOL, support="receiving")

    notice = current(w.party)

    assert notice is not None
    assert notice.version == 1
    assert notice.reason == "recorded"
    assert notice.language == "es"  # the person's preferred language, shipped
    assert notice.regime == "migrant-victims-protocol"
    assert notice.sha256 == hashlib.sha256(notice.text.encode()).hexdigest()
    assert notice.english_sha256 == hashlib.sha256(notice.english_text.encode()).hexdigest()
    assert notice.english_text.startswith("What happens to your information")
    assert notice.position["protection"]["arrest"] == "blocked"
    [event] = cw.events("notices:notice:issued")
    assert event["subjects"][:3] == [
        notice.series.reference,
        w.party.reference,
        w.party.case.reference,
    ]
    assert event["details"]["sha256"] == notice.sha256
    assert event["details"]["version"] == 1
    for personal in ("Ana", "Quispe", "07700", "example.org"):
        assert personal not in str(event)
        assert personal not in notice.english_text
    task = DutyTask.objects.get(party=w.party, duty="give_notice", status="open")
    assert task.decision is None
    assert task.reference in event["subjects"]


@pytest.mark.django_db
def test_a_change_of_position_issues_a_new_version_and_a_change_of_nothing_none() -> None:
    w = cw.world(regime=RegimeId.MIGRANT_VICTIMS_PROTOCOL, support="receiving")

    actions.change_case_stage(actor=w.officer, case=w.party.case, stage="concluded")
    actions.change_case_stage(actor=w.officer, case=w.party.case, stage="concluded")  # again

    versions = list(Notice.objects.filter(series__party=w.party).order_by("version"))
    assert [(n.version, n.reason) for n in versions] == [(1, "recorded"), (2, "stage")]
    assert versions[0].position["protection"]["arrest"] == "blocked"
    assert versions[1].position["protection"]["arrest"] == "allowed"
    assert len(cw.events("notices:notice:issued")) == 2


@pytest.mark.django_db
def test_a_change_that_alters_no_answer_issues_nothing() -> None:
    w = cw.world(regime=RegimeId.COMPLETE_FIREWALL)

    actions.change_party_support(actor=w.officer, party=w.party, support="offered")

    # Under the firewall, support changes nothing the rules say... except the duty to tell the
    # support worker when something is shared, which is never here: the same position.
    assert [n.version for n in Notice.objects.filter(series__party=w.party)] == [1]


@pytest.mark.django_db
def test_a_suspect_gets_no_notice_and_a_force_without_a_regime_none_yet() -> None:
    w = cw.world(regime=RegimeId.HMICFRS_INTERIM, role="suspect")
    unregulated = cw.world(regime=None)

    assert current(w.party) is None
    assert current(unregulated.party) is None
    cw.regime(unregulated.force, RegimeId.COMPLETE_FIREWALL)
    notice = current(unregulated.party)
    assert notice is not None
    assert notice.reason == "regime"


@pytest.mark.django_db
def test_a_corrected_status_issues_a_new_version_where_the_rules_read_it() -> None:
    # Under HMICFRS's interim Recommendation 1, doubts about status and a status known to be
    # insecure are answered differently: the notice says something else.
    w = cw.world(regime=RegimeId.HMICFRS_INTERIM, support="receiving")

    actions.change_party_status(actor=w.officer, party=w.party, immigration_status="insecure")
    actions.change_party_status(actor=w.officer, party=w.party, immigration_status="insecure")

    versions = list(Notice.objects.filter(series__party=w.party).order_by("version"))
    assert [(n.version, n.reason) for n in versions] == [(1, "recorded"), (2, "status")]
    [changed] = [
        e
        for e in cw.events("casework:case_state:changed")
        if e["details"]["field"] == "immigration_status"
    ]
    assert (changed["details"]["from"], changed["details"]["to"]) == ("uncertain", "insecure")


@pytest.mark.django_db
def test_a_corrected_status_updates_the_protection_at_once() -> None:
    w = cw.world(regime=RegimeId.MIGRANT_VICTIMS_PROTOCOL, support="receiving")
    decision = actions.request_sharing_decision(
        actor=w.officer, party=w.party, purpose="enforcement_referral", categories=["identity"]
    )
    record = cw.share(w.officer, decision)
    issued = Notice.objects.filter(series__party=w.party).count()

    actions.change_party_status(actor=w.officer, party=w.party, suspected_offending=True)

    protection = Protection.objects.get(protocol_reference=record.protocol_reference)
    assert protection.suspected_offending is True
    [changed] = [
        e
        for e in cw.events("casework:case_state:changed")
        if e["details"]["field"] == "suspected_offending"
    ]
    assert (changed["details"]["from"], changed["details"]["to"]) == ("False", "True")
    assert changed["details"]["protections_updated"] == 1
    # The protocol reads no status here: the notice stays as it was.
    assert Notice.objects.filter(series__party=w.party).count() == issued


@pytest.mark.django_db
def test_a_status_change_is_refused_naming_the_field() -> None:
    w = cw.world(regime=RegimeId.MIGRANT_VICTIMS_PROTOCOL)

    with pytest.raises(CaseworkError) as refused:
        actions.change_party_status(actor=w.officer, party=w.party, immigration_status="unknown")
    with pytest.raises(CaseworkError) as nothing:
        actions.change_party_status(actor=w.officer, party=w.party)

    assert refused.value.fields["immigration_status"].startswith("must be one of not_in_question")
    assert set(nothing.value.fields) == {"immigration_status", "suspected_offending"}


@pytest.mark.django_db
def test_a_regime_taking_effect_later_is_caught_up_when_the_notice_is_next_opened() -> None:
    w = cw.world(regime=RegimeId.MIGRANT_VICTIMS_PROTOCOL, support="receiving")
    assert w.dpo is not None
    tomorrow = timezone.localdate() + timedelta(days=1)
    actions.set_force_regime(
        actor=w.dpo,
        regime=RegimeId.COMPLETE_FIREWALL,
        effective_from=tomorrow,
        shown_diff=cw.shown_diff(RegimeId.MIGRANT_VICTIMS_PROTOCOL, RegimeId.COMPLETE_FIREWALL),
    )
    today = delivery.notice_for(w.officer, w.party)
    # The day comes: nothing in the service acts, but the next opening of the notice sees it.
    ForceRegime.objects.filter(force=w.force, effective_from=tomorrow).update(
        effective_from=timezone.localdate()
    )
    opened = delivery.notice_for(w.officer, w.party)
    read = reading.read(opened.series, "es")

    assert (today.version, today.regime) == (1, "migrant-victims-protocol")
    assert (opened.version, opened.reason, opened.regime) == (2, "refresh", "complete-firewall")
    assert read.pk == opened.pk  # read as issued: nothing changed since
    [event] = cw.events("notices:notice:issued")[-1:]
    assert event["actor"]["id"] == "system:notice-refresh"
