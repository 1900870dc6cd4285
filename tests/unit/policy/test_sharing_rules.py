"""Worked cases for every sharing rule of DOMAIN.md section 4, each naming the rule it exercises."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from safereport.policy import decide
from safereport.policy.situations import SharingSituation
from tests.unit.policy.builders import sharing

ALL = ("identity", "contact", "location", "immigration", "offence", "support")


@dataclass(frozen=True)
class Case:
    rule: str
    situation: SharingSituation
    permitted: set[str]
    cited: set[str]  # rule ids that must be among the decision's determining rules


CASES = [
    # C1: a status check about a victim or witness is prohibited, in every regime.
    Case(
        "C1 victim status check",
        sharing(purpose="status_check", categories=("identity",)),
        set(),
        {"npcc-no-status-checks"},
    ),
    Case(
        "C1 witness status check",
        sharing(role="witness", crime="other", purpose="status_check"),
        set(),
        {"npcc-no-status-checks"},
    ),
    Case(
        "C1 under the firewall too",
        sharing("complete-firewall", purpose="status_check"),
        set(),
        {"npcc-no-status-checks", "firewall-no-sharing"},
    ),
    # C2: only the categories that can be necessary for the purpose.
    Case(
        "C2 enforcement referral",
        sharing(purpose="enforcement_referral", categories=ALL),
        {"identity", "immigration", "offence"},
        {"ico-data-minimisation", "necessary-for-purpose"},
    ),
    Case(
        "C2 safeguarding",
        sharing(purpose="safeguarding", categories=ALL),
        {"identity", "immigration", "offence", "support"},
        {"ico-data-minimisation", "necessary-for-purpose"},
    ),
    Case(
        "C2 investigation",
        sharing(purpose="investigation", categories=ALL),
        {"identity", "offence"},
        {"ico-data-minimisation"},
    ),
    Case(
        "C2 status check about a suspect: identity only",
        sharing(role="suspect", purpose="status_check", categories=ALL),
        {"identity"},
        {"ico-data-minimisation", "suspect-common-rules-only"},
    ),
    Case(
        "C2 contact and location never for a stated purpose",
        sharing(purpose="safeguarding", categories=("contact", "location")),
        set(),
        {"ico-data-minimisation"},
    ),
    # C3: a victim_request needs consent; with it, any category.
    Case(
        "C3 own request without consent",
        sharing(purpose="victim_request", categories=ALL, consent="none"),
        set(),
        {"consent-for-own-request"},
    ),
    Case(
        "C3 own request refused",
        sharing(purpose="victim_request", categories=("identity",), consent="refused"),
        set(),
        {"consent-for-own-request"},
    ),
    Case(
        "C3 own request with consent: every category",
        sharing(purpose="victim_request", categories=ALL, consent="given"),
        set(ALL),
        {"own-request-with-consent"},
    ),
    # C4: a suspect is not protected by C1, F1 or H1; C2 and C3 still apply.
    Case(
        "C4 suspect under the firewall",
        sharing(
            "complete-firewall", role="suspect", purpose="enforcement_referral", categories=ALL
        ),
        {"identity", "immigration", "offence"},
        {"suspect-common-rules-only", "ico-data-minimisation"},
    ),
    Case(
        "C4 suspect under the interim measure, status uncertain",
        sharing(
            "hmicfrs-interim",
            role="suspect",
            immigration_status="uncertain",
            purpose="investigation",
            categories=("identity", "contact"),
        ),
        {"identity"},
        {"suspect-common-rules-only", "ico-data-minimisation"},
    ),
    Case(
        "C4 suspect's own request still needs consent",
        sharing(role="suspect", purpose="victim_request", consent="none"),
        set(),
        {"consent-for-own-request"},
    ),
    # F1: the firewall stops every purpose but the person's own request.
    Case(
        "F1 victim whose status is not in question",
        sharing(
            "complete-firewall",
            immigration_status="not_in_question",
            purpose="investigation",
            categories=("identity", "offence"),
        ),
        set(),
        {"firewall-no-sharing"},
    ),
    Case(
        "F1 witness with suspected offending",
        sharing(
            "complete-firewall",
            role="witness",
            suspected_offending=True,
            crime="other",
            purpose="safeguarding",
        ),
        set(),
        {"firewall-no-sharing"},
    ),
    Case(
        "F1 leaves a consented own request alone",
        sharing(
            "complete-firewall",
            purpose="victim_request",
            categories=("contact", "location"),
            consent="given",
        ),
        {"contact", "location"},
        {"own-request-with-consent"},
    ),
    # H1: domestic abuse victim, status only uncertain, no suspected offending.
    Case(
        "H1 applies",
        sharing(
            "hmicfrs-interim",
            immigration_status="uncertain",
            purpose="safeguarding",
            categories=("identity", "offence"),
        ),
        set(),
        {"hmicfrs-rec1"},
    ),
    Case(
        "H1 not where status is known to be insecure",
        sharing(
            "hmicfrs-interim",
            immigration_status="insecure",
            purpose="safeguarding",
            categories=("identity", "offence"),
        ),
        {"identity", "offence"},
        {"necessary-for-purpose"},
    ),
    Case(
        "H1 not where there is evidence of offending",
        sharing(
            "hmicfrs-interim",
            immigration_status="uncertain",
            suspected_offending=True,
            purpose="enforcement_referral",
        ),
        {"identity"},
        {"necessary-for-purpose"},
    ),
    Case(
        "H1 covers domestic abuse only",
        sharing(
            "hmicfrs-interim",
            immigration_status="uncertain",
            crime="sexual_violence",
            purpose="enforcement_referral",
        ),
        {"identity"},
        {"necessary-for-purpose"},
    ),
    Case(
        "H1 covers victims, not witnesses",
        sharing(
            "hmicfrs-interim",
            role="witness",
            immigration_status="uncertain",
            purpose="investigation",
        ),
        {"identity"},
        {"necessary-for-purpose"},
    ),
    Case(
        "H1 leaves a consented own request alone",
        sharing(
            "hmicfrs-interim",
            immigration_status="uncertain",
            purpose="victim_request",
            categories=("identity", "contact"),
            consent="given",
        ),
        {"identity", "contact"},
        {"own-request-with-consent"},
    ),
    # Protocol regimes: sharing follows the common rules.
    Case(
        "protocol: the case H1 would stop is shared",
        sharing(
            "migrant-victims-protocol",
            immigration_status="uncertain",
            purpose="enforcement_referral",
            categories=("identity", "immigration", "contact"),
        ),
        {"identity", "immigration"},
        {"necessary-for-purpose", "ico-data-minimisation"},
    ),
    Case(
        "protocol 2023: the same",
        sharing(
            "migrant-victims-protocol-2023",
            immigration_status="uncertain",
            purpose="enforcement_referral",
            categories=("identity", "immigration", "contact"),
        ),
        {"identity", "immigration"},
        {"necessary-for-purpose", "ico-data-minimisation"},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.rule for c in CASES])
def test_worked_case(case: Case) -> None:
    decision = decide(case.situation)

    assert set(decision.permitted) == case.permitted
    requested = {c.value for c in case.situation.request.categories}
    assert {c.value for c in decision.prohibited} == requested - case.permitted
    assert case.cited <= {rule.id for rule in decision.rules}
    expected = (
        "permitted"
        if case.permitted == requested
        else "partly_permitted"
        if case.permitted
        else "prohibited"
    )
    assert decision.outcome.value == expected


def test_a_forbidding_rule_is_cited_for_the_category_it_forbids() -> None:
    decision = decide(sharing(purpose="enforcement_referral", categories=("identity", "contact")))

    basis = {v.category.value: v for v in decision.categories}
    assert basis["identity"].basis == "permitted_by_rule"
    assert basis["identity"].rule_ids == ("necessary-for-purpose",)
    assert basis["contact"].basis == "forbidden_by_rule"
    assert basis["contact"].rule_ids == ("ico-data-minimisation",)
