"""The sharing space of `policy check`: what each frame decides, and the facts about the engine's
requests that make deciding that much exhaustive."""

from __future__ import annotations

import itertools
from typing import Any

from safereport.policy import decide, load
from safereport.policy import vocabulary as v
from safereport.policy.engine import sharing_requests
from safereport.policy.regimes import Regime, build, regime_text
from safereport.policy.situations import CaseState, Crime, Person, ShareRequest, SharingSituation
from safereport.policy.space import (
    ALL_CATEGORIES,
    MemoEvaluator,
    frame_decisions,
    frames,
    sharing_situations,
)
from tests.unit.policy.builders import case, person, sharing


def frame(
    purpose: str, crime: str = "modern_slavery"
) -> tuple[Person, Crime, CaseState, ShareRequest]:
    return (
        person(),
        Crime(v.CrimeType(crime)),
        case(),
        ShareRequest(v.Purpose(purpose), ALL_CATEGORIES),
    )


def test_a_requests_contexts_carry_each_categorys_consent_and_only_the_duties_nrm_consent() -> None:
    situation = sharing(
        purpose="victim_request",
        categories=("identity", "contact", "location"),
        consent={"identity": "given", "location": "refused"},
        nrm_consent="given",
    )

    contexts, questions = sharing_requests(load(situation.regime), situation)

    carried = {
        q.resource_id: contexts[q.context]["consent"]["__entity"]["id"]
        for q in questions
        if q.action == "share"
    }
    assert carried == {"identity": "given", "contact": "none", "location": "refused"}
    for q in questions:
        context = contexts[q.context]
        if q.action == "share":
            assert "nrm_consent" not in context["case"]
        else:
            assert q.action == "share_duty"
            assert "consent" not in context
            assert context["case"]["nrm_consent"] == {
                "__entity": {"type": "Consent", "id": "given"}
            }
    assert len(contexts) == 4  # the duties', and one for each of the three consents


def test_a_frame_where_consent_decides_nothing_is_decided_under_each_consent_once() -> None:
    regime = load(v.RegimeId.MIGRANT_VICTIMS_PROTOCOL)

    decisions = list(frame_decisions(regime, MemoEvaluator(), frame("investigation")))

    # Each consent to every category, with each NRM consent once: nothing else is reachable.
    assert [(d.situation.uniform_consent, d.situation.case.nrm_consent) for d in decisions] == [
        (c, c) for c in v.Consent
    ]


def test_a_frame_of_an_own_request_is_decided_for_every_set_of_verdicts_and_nrm_consent() -> None:
    regime = load(v.RegimeId.MIGRANT_VICTIMS_PROTOCOL)

    decisions = list(frame_decisions(regime, MemoEvaluator(), frame("victim_request")))

    outcomes = {(d.outcome.value, d.situation.case.nrm_consent.value) for d in decisions}
    assert outcomes == {
        (outcome, nrm_consent)
        for outcome in ("permitted", "partly_permitted", "prohibited")
        for nrm_consent in ("none", "given", "refused")
    }
    assert len(decisions) == 9
    mixed = [d for d in decisions if d.outcome is v.Outcome.PARTLY_PERMITTED]
    assert all(d.situation.uniform_consent is None for d in mixed)
    # And the NRM duties follow the NRM consent under each of them.
    nrm = {"refer_to_nrm", "offer_nrm_referral", "notify_home_office_anonymously"}
    nrm_duties = {
        d.situation.case.nrm_consent.value: {x.value for x in d.duties} & nrm for d in mixed
    }
    assert nrm_duties == {
        "none": {"offer_nrm_referral"},
        "given": {"refer_to_nrm"},
        "refused": {"notify_home_office_anonymously"},
    }


def test_the_spaces_sizes() -> None:
    assert sum(1 for _ in frames()) == 32_400
    assert sum(1 for _ in sharing_situations(v.RegimeId.HMICFRS_INTERIM)) == 97_200


def test_a_change_under_some_per_category_consent_shows_under_a_consent_given_alike() -> None:
    # Why `policy diff` compares consents given alike only (`diff.py`): here a regime that takes
    # "not refused" for consent, compared with the shipped one over every per-category consent of
    # an own request (3 ** 6 of them).
    shipped = load(v.RegimeId.MIGRANT_VICTIMS_PROTOCOL)
    lax = build(
        v.RegimeId.MIGRANT_VICTIMS_PROTOCOL,
        regime_text(v.RegimeId.MIGRANT_VICTIMS_PROTOCOL)
        .replace('context.consent != Consent::"given"', 'context.consent == Consent::"refused"')
        .replace('context.consent == Consent::"given"', 'context.consent != Consent::"refused"'),
    )
    memo = MemoEvaluator()
    person_, crime, case_, request = frame("victim_request")

    def summary(regime: Regime, consent: Any) -> tuple[Any, ...]:
        situation = SharingSituation(regime.id, person_, crime, case_, request, consent)
        d = decide(situation, regime=regime, evaluator=memo)
        return (
            d.outcome.value,
            d.permitted,
            frozenset(r.id for r in d.rules if r.effect == "forbid"),
        )

    changed_alike = {k for k in v.Consent if summary(shipped, k) != summary(lax, k)}
    changed = [
        consents
        for consents in itertools.product(v.Consent, repeat=len(ALL_CATEGORIES))
        if summary(shipped, dict(zip(ALL_CATEGORIES, consents, strict=True)))
        != summary(lax, dict(zip(ALL_CATEGORIES, consents, strict=True)))
    ]

    assert changed_alike == {v.Consent.NONE}
    assert len(changed) == 3**6 - 2**6  # every consent that leaves some category unasked
    assert all(v.Consent.NONE in consents for consents in changed)
