"""Regimes compared over the same cases (issue 12, item 6): every recorded decision replayed
under its own regime version (as recorded, always: and the check can fail) and under every
regime; the disclosures each regime would have prohibited and the protections that would have
held; the command line and the page."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.core.management import call_command
from django.test import Client

from safereport.accounts.roles import Role
from safereport.casework.models import RegimeText, SharingDecision
from safereport.oversight import comparison
from safereport.oversight.statistics import Scope
from safereport.policy import regimes
from safereport.policy.vocabulary import Outcome, RegimeId
from tests import builders
from tests.integration.casework import builders as cw
from tests.integration.oversight.counting import counted
from tests.integration.oversight.test_statistics import Fixture

MVP = RegimeId.MIGRANT_VICTIMS_PROTOCOL


def kept(text: str) -> str:
    """Keep `text` as an earlier version of the migrant victims protocol; its version."""
    version = hashlib.sha256(text.encode()).hexdigest()
    RegimeText.objects.create(version=version, regime=MVP.value, text=text)
    return version


@pytest.mark.django_db
def test_every_decision_replays_as_recorded_and_each_regime_is_counted(
    oversight_records: Fixture,
) -> None:
    # Force A: one enforcement referral, permitted, disclosed, protection held.
    f = oversight_records

    found = comparison.compare(Scope(f.force))

    assert (found.decisions, found.replayed, found.replayed_as_recorded) == (1, 1, 1)
    assert found.not_replayable == 0
    assert found.by_regime[MVP][Outcome.PERMITTED] == 1
    assert found.by_regime[RegimeId.COMPLETE_FIREWALL][Outcome.PROHIBITED] == 1
    assert found.disclosures == found.protections == 1
    assert found.disclosures_prohibited_under[RegimeId.COMPLETE_FIREWALL] == 1
    assert found.disclosures_prohibited_under[MVP] == 0
    assert found.protections_held_under[MVP] == 1
    # Every decision of every force, nationally.
    assert comparison.compare(Scope()).decisions == SharingDecision.objects.count()


@pytest.mark.django_db
def test_a_decision_made_under_an_earlier_version_replays_under_that_versions_text(
    oversight_records: Fixture,
) -> None:
    f = oversight_records
    decision = SharingDecision.objects.get(party__case__force=f.force)
    same_rules = kept(regimes.regime_text(MVP) + "\n// an earlier version: the same rules\n")
    SharingDecision.objects.filter(pk=decision.pk).update(regime_version=same_rules)

    assert comparison.compare(Scope(f.force)).replayed_as_recorded == 1

    # A kept text with other rules (here the complete firewall's) gives another answer, which
    # the comparison reports: the replay reads the kept text, not today's.
    other_rules = kept(regimes.regime_text(RegimeId.COMPLETE_FIREWALL) + "\n// kept as MVP\n")
    SharingDecision.objects.filter(pk=decision.pk).update(regime_version=other_rules)
    found = comparison.compare(Scope(f.force))

    assert (found.replayed, found.replayed_as_recorded, found.replayed_differently) == (1, 0, 1)


@pytest.mark.django_db
def test_a_version_whose_text_was_never_kept_is_not_replayable_and_is_said_so(
    oversight_records: Fixture,
) -> None:
    f = oversight_records
    SharingDecision.objects.filter(party__case__force=f.force).update(regime_version="0" * 64)

    found = comparison.compare(Scope(f.force))

    assert (found.decisions, found.replayed, found.not_replayable) == (1, 0, 1)


@pytest.mark.django_db
def test_a_recorded_answer_altered_afterwards_does_not_replay_as_recorded(
    oversight_records: Fixture,
) -> None:
    f = oversight_records
    SharingDecision.objects.filter(party__case__force=f.force).update(outcome="prohibited")

    assert comparison.compare(Scope(f.force)).replayed_differently == 1


@pytest.mark.django_db
def test_the_migration_keeps_the_text_of_every_shipped_version() -> None:
    for regime in RegimeId:
        loaded = regimes.load(regime)
        assert RegimeText.objects.get(version=loaded.version).text == loaded.text


@pytest.mark.django_db
def test_the_comparison_as_json_national_and_for_a_force(
    capsys: pytest.CaptureFixture[str],
    oversight_records: Fixture,
) -> None:
    f = oversight_records

    call_command("oversight", "compare", "--json")
    national = json.loads(capsys.readouterr().out)
    call_command("oversight", "compare", "--json", "--force", f.force.code)
    force = json.loads(capsys.readouterr().out)

    assert national["decisions"] == national["replayed_as_recorded"] == 1
    assert national["by_regime"]["complete-firewall"] == {
        "permitted": 0,
        "partly_permitted": 0,
        "prohibited": 1,
    }
    assert national["disclosures_prohibited_under"]["complete-firewall"] == 1
    assert force["scope"] == f.force.code
    assert force["decisions"] == "[c]"  # one decision: below national level, suppressed


@pytest.mark.django_db
def test_the_page_for_an_inspector_and_a_dpo_shows_counts_and_no_names(
    client: Client, oversight_records: Fixture
) -> None:
    f = oversight_records
    pages = []
    for user, query in (
        (builders.user(Role.INSPECTOR), {}),
        (builders.user(Role.INSPECTOR), {"force": f.force.code}),
        (cw.dpo(f.force), {"force": f.other.code}),  # a DPO's choice of force is not theirs
    ):
        client.force_login(user)
        response = counted(client, "/statistics/regimes/", query)
        assert response.status_code == 200
        pages.append(response.content.decode())

    national, force, own = pages
    assert "England and Wales" in national
    assert 'id="replay"' in national
    assert f.force.name in force
    assert 'id="disclosure-control"' in force
    assert f.force.name in own
    assert f.other.name not in own
    for html in pages:
        for personal in ("Ana", "Quispe", "Rosa", "Fictitious", "07700", "ana.quispe"):
            assert personal not in html, personal
