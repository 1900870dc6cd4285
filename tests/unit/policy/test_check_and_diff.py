"""`policy check` over the whole space, once (the proof); the check's own behaviour on a reduced
space; and `policy diff` between regimes, each regime's whole space decided once a session."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TypeVar

import pytest

from safereport.policy import check as check_module
from safereport.policy import space
from safereport.policy.check import check
from safereport.policy.diff import diff
from safereport.policy.regimes import regime_text
from safereport.policy.situations import (
    CaseState,
    Crime,
    GateSituation,
    Person,
    ShareRequest,
    SharingSituation,
)
from safereport.policy.vocabulary import AgeGroup, CrimeType, Nrm, RegimeId
from tests.exhaustive_check import CheckRun

S = TypeVar("S", SharingSituation, GateSituation)


def _adult_domestic_abuse_no_nrm(
    situations: Callable[[RegimeId], Iterator[S]],
) -> Callable[[RegimeId], Iterator[S]]:
    def reduced(regime: RegimeId) -> Iterator[S]:
        for s in situations(regime):
            if (
                s.person.age_group is AgeGroup.ADULT
                and s.crime.type is CrimeType.DOMESTIC_ABUSE
                and s.case.nrm is Nrm.NONE
            ):
                yield s

    return reduced


@pytest.fixture
def reduced_space(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check over the situations of adults in domestic abuse cases with no NRM referral: a
    fortieth of the space, which still holds the counterexamples the tests below look for (the
    whole space is checked once, for the test above). Only for `check(..., workers=1)`, which
    runs in this process, where the replaced names are seen."""
    every_frame = space.frames

    def reduced_frames() -> Iterator[tuple[Person, Crime, CaseState, ShareRequest]]:
        for person, crime, case, request in every_frame():
            if (
                person.age_group is AgeGroup.ADULT
                and crime.type is CrimeType.DOMESTIC_ABUSE
                and case.nrm is Nrm.NONE
            ):
                yield person, crime, case, request

    # The check decides the sharing space frame by frame (`space.sharing_decisions`).
    monkeypatch.setattr(space, "frames", reduced_frames)
    monkeypatch.setattr(
        check_module, "gate_situations", _adult_domestic_abuse_no_nrm(space.gate_situations)
    )


@pytest.mark.slow
def test_every_regime_passes_the_exhaustive_check(exhaustive_check: CheckRun) -> None:
    """`safereport policy check` itself, run once in the background (tests/exhaustive_check.py)."""
    code, out = exhaustive_check.returncode, exhaustive_check.stdout

    assert code == 0, exhaustive_check.stderr
    assert "All invariants hold" in out
    for regime in RegimeId:
        # 32,400 frames: each under the three consents alike (97,200), and each own request's
        # six more pairs of a set of verdicts and an NRM consent (6,480 x 6 = 38,880).
        assert (
            f"{regime.value}: 136,080 sharing situations (816,480 category verdicts), "
            "64,800 protocol checks" in out
        )
    assert "under every consent" in out


@pytest.mark.usefixtures("reduced_space")
def test_the_check_finds_a_firewall_that_leaks() -> None:
    text = regime_text(RegimeId.COMPLETE_FIREWALL)
    leaky = text.replace(
        'context.request.purpose != Purpose::"victim_request"\n};\n\n@id("firewall-third-party")',
        'context.request.purpose != Purpose::"victim_request" &&\n'
        '  context.request.purpose != Purpose::"safeguarding"\n};\n\n'
        '@id("firewall-third-party")',
    )
    assert leaky != text

    report = check({RegimeId.COMPLETE_FIREWALL: leaky}, workers=1)

    assert not report.passed
    found = report.counterexample
    assert found is not None
    assert found.invariant.startswith("complete-firewall: no victim or witness category")
    assert found.scenario["request"]["purpose"] == "safeguarding"
    assert found.scenario["person"]["role"] in ("victim", "witness")


@pytest.mark.usefixtures("reduced_space")
def test_the_check_finds_a_protocol_that_does_not_protect() -> None:
    text = regime_text(RegimeId.MIGRANT_VICTIMS_PROTOCOL)
    weak = text.replace('EnforcementAction::"removal",\n', "", 1)

    report = check({RegimeId.MIGRANT_VICTIMS_PROTOCOL: weak}, workers=1)

    assert report.counterexample is not None
    assert report.counterexample.scenario["action"] == "removal"
    assert report.counterexample.result["outcome"] == "allowed"


@pytest.mark.slow
@pytest.mark.usefixtures("each_space_decided_once")
def test_diff_interim_to_protocol_names_who_loses_the_protection() -> None:
    result = diff(RegimeId.HMICFRS_INTERIM, RegimeId.MIGRANT_VICTIMS_PROTOCOL)

    sharing = result.sharing
    assert sharing.compared == 97_200
    # 3 purposes x 3 consents x 2 age groups x 3 stages x 3 support states x 5 NRM states
    assert sharing.changed == 810
    # One group per purpose: each lets a different set of categories flow (C2).
    flows = {g.where["purpose"][0]: g.after for g in sharing.groups}
    assert flows == {
        "enforcement_referral": "partly_permitted: identity, immigration, offence",
        "safeguarding": "partly_permitted: identity, immigration, offence, support",
        "investigation": "partly_permitted: identity, offence",
    }
    for group in sharing.groups:
        assert group.before == "prohibited"
        assert group.count == 270
        assert group.rules_stop == ("hmicfrs-rec1",)
        assert group.exact
        assert group.where == {
            "role": ["victim"],
            "immigration status": ["uncertain"],
            "suspected offending": ["false"],
            "crime": ["domestic_abuse"],
            "purpose": group.where["purpose"],
        }
    assert sharing.groups[0].statement.startswith(
        "270 situations go from prohibited to partly permitted (identity"
    )
    gates = result.gate
    assert gates.changed > 0
    assert all(g.before == "allowed" and g.after == "blocked" for g in gates.groups)
    assert "protocol-no-enforcement now applies" in result.as_text()


@pytest.mark.slow
@pytest.mark.usefixtures("each_space_decided_once")
def test_diff_of_a_regime_with_itself_is_empty() -> None:
    # The interim regime, whose space the test above has decided already.
    result = diff(RegimeId.HMICFRS_INTERIM, RegimeId.HMICFRS_INTERIM)

    assert result.sharing.changed == 0
    assert result.gate.changed == 0
    assert re.search(
        r"Sharing decisions: 97,200 situations compared, 0 change outcome", result.as_text()
    )


def test_the_check_finds_an_own_request_that_takes_no_answer_for_consent() -> None:
    # The classic mistake: "not refused" read as consent, so a category never asked about is shared.
    text = regime_text(RegimeId.MIGRANT_VICTIMS_PROTOCOL)
    lax = text.replace(
        'context.consent != Consent::"given"', 'context.consent == Consent::"refused"'
    ).replace('context.consent == Consent::"given"', 'context.consent != Consent::"refused"')
    assert lax != text

    report = check({RegimeId.MIGRANT_VICTIMS_PROTOCOL: lax}, workers=1)

    found = report.counterexample
    assert found is not None
    assert found.scenario["request"]["purpose"] == "victim_request"
    consent = found.scenario["consent"]
    shared_without = [
        c
        for c, verdict in found.result["categories"].items()
        if verdict == "permitted"
        and (consent if isinstance(consent, str) else consent[c]) == "none"
    ]
    assert shared_without


def test_the_check_finds_an_adult_referred_to_the_nrm_without_consent() -> None:
    text = regime_text(RegimeId.HMICFRS_INTERIM)
    unasked = text.replace(
        '(context.person.age_group == AgeGroup::"child" ||\n'
        '   context.case.nrm_consent == Consent::"given")',
        "true",
    )
    assert unasked != text

    report = check({RegimeId.HMICFRS_INTERIM: unasked}, workers=1)

    found = report.counterexample
    assert found is not None
    assert found.invariant.startswith("a victim of modern slavery not yet in the NRM")
    assert found.scenario["crime"]["type"] == "modern_slavery"
    assert found.scenario["person"]["age_group"] == "adult"
    assert found.scenario["case"].get("nrm_consent", "none") != "given"
    assert "refer_to_nrm" in found.result["duties"]
