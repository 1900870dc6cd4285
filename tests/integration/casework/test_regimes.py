"""A force's regime: set by its DPO only, history kept, the diff shown recorded as counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from safereport.casework import actions, regimes
from safereport.casework.errors import CaseworkError, NoRegimeError, NotPermittedError
from safereport.casework.models import ForceRegime
from safereport.casework.regimes import current_regime, regime_on
from safereport.policy.diff import RegimeDiff
from safereport.policy.vocabulary import RegimeId
from tests.integration.casework import builders as cw

FIREWALL = RegimeId.COMPLETE_FIREWALL
INTERIM = RegimeId.HMICFRS_INTERIM
PROTOCOL = RegimeId.MIGRANT_VICTIMS_PROTOCOL


@pytest.mark.django_db
def test_a_force_without_a_regime_cannot_decide() -> None:
    police = cw.force()

    with pytest.raises(NoRegimeError, match="has no regime in force"):
        current_regime(police)


@pytest.mark.django_db
def test_the_first_regime_needs_no_comparison() -> None:
    police = cw.force()
    dpo = cw.dpo(police)

    change = actions.set_force_regime(actor=dpo, regime=INTERIM)

    assert current_regime(police) == change
    assert (change.regime, change.effective_from, change.set_by) == (
        "hmicfrs-interim",
        timezone.localdate(),
        dpo,
    )
    assert change.diff_counts == {}
    [event] = cw.events("casework:force_regime:changed")
    assert event["subjects"] == [f"org:{police.code}"]
    assert event["details"] == {
        "regime": "hmicfrs-interim",
        "previous": None,
        "effective_from": timezone.localdate().isoformat(),
        "diff": {},
        "review_on": None,
    }


@pytest.mark.django_db
def test_a_change_records_the_counts_of_the_comparison_shown() -> None:
    police = cw.force()
    dpo = cw.dpo(police)
    actions.set_force_regime(actor=dpo, regime=INTERIM)

    change = actions.set_force_regime(
        actor=dpo, regime=PROTOCOL, shown_diff=cw.shown_diff(INTERIM, PROTOCOL)
    )

    counts = {
        "from": "hmicfrs-interim",
        "to": "migrant-victims-protocol",
        "sharing": {"compared": 97_200, "changed": 1_234, "groups": 0},
        "gate": {"compared": 64_800, "changed": 567, "groups": 0},
    }
    assert change.diff_counts == counts
    assert current_regime(police).regime == "migrant-victims-protocol"
    assert ForceRegime.objects.filter(force=police).count() == 2  # history kept
    event = cw.events("casework:force_regime:changed")[-1]
    assert event["details"]["previous"] == "hmicfrs-interim"
    assert event["details"]["diff"] == counts


@pytest.mark.django_db
def test_the_comparison_is_computed_when_not_given(monkeypatch: pytest.MonkeyPatch) -> None:
    police = cw.force()
    dpo = cw.dpo(police)
    actions.set_force_regime(actor=dpo, regime=INTERIM)
    asked: list[tuple[RegimeId, RegimeId]] = []

    def fake_diff(before: RegimeId, after: RegimeId) -> RegimeDiff:
        # The real `policy diff` takes about 10 s; its counts are all this test needs.
        asked.append((before, after))
        return cw.shown_diff(before, after)

    monkeypatch.setattr(regimes, "diff", fake_diff)

    change = actions.set_force_regime(actor=dpo, regime=FIREWALL)

    assert asked == [(INTERIM, FIREWALL)]
    assert change.diff_counts["to"] == "complete-firewall"


@pytest.mark.django_db
def test_a_comparison_that_is_not_current_is_refused() -> None:
    police = cw.force()
    dpo = cw.dpo(police)
    actions.set_force_regime(actor=dpo, regime=INTERIM)

    with pytest.raises(CaseworkError) as refused:
        actions.set_force_regime(
            actor=dpo, regime=PROTOCOL, shown_diff=cw.shown_diff(FIREWALL, PROTOCOL)
        )

    assert refused.value.fields == {"shown_diff": "out of date"}
    assert current_regime(police).regime == "hmicfrs-interim"


@pytest.mark.django_db
def test_setting_the_same_regime_again_is_refused() -> None:
    police = cw.force()
    dpo = cw.dpo(police)
    actions.set_force_regime(actor=dpo, regime=INTERIM)

    with pytest.raises(CaseworkError, match="already operates under hmicfrs-interim"):
        actions.set_force_regime(actor=dpo, regime=INTERIM)


@pytest.mark.django_db
def test_a_future_regime_takes_effect_on_its_day_and_the_past_is_not_rewritten() -> None:
    police = cw.force()
    dpo = cw.dpo(police)
    today = timezone.localdate()
    actions.set_force_regime(actor=dpo, regime=INTERIM)

    actions.set_force_regime(
        actor=dpo,
        regime=PROTOCOL,
        effective_from=today + timedelta(days=30),
        shown_diff=cw.shown_diff(INTERIM, PROTOCOL),
    )

    assert current_regime(police).regime == "hmicfrs-interim"
    later = regime_on(police, today + timedelta(days=30))
    assert later is not None
    assert later.regime == "migrant-victims-protocol"
    with pytest.raises(CaseworkError) as refused:
        actions.set_force_regime(
            actor=dpo, regime=FIREWALL, effective_from=today - timedelta(days=1)
        )
    assert "effective_from" in refused.value.fields


@pytest.mark.django_db
def test_only_the_forces_own_dpo_sets_its_regime() -> None:
    police = cw.force()

    with pytest.raises(NotPermittedError):
        actions.set_force_regime(actor=cw.officer(police), regime=INTERIM)
    with pytest.raises(NotPermittedError):
        actions.set_force_regime(actor=cw.ie_caseworker(), regime=INTERIM)
    with pytest.raises(CaseworkError) as refused:
        actions.set_force_regime(actor=cw.dpo(police), regime="anything-goes")
    assert "regime" in refused.value.fields
    assert ForceRegime.objects.count() == 0
