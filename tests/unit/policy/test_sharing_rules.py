"""Worked cases for every sharing rule of DOMAIN.md section 4, each naming the rule it exercises."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from safereport.policy import decide
from safereport.policy.situations import SharingSituation
from safereport.policy.vocabulary import Category
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
    # C3 is per category: only the categories the person consented to, the rest not_consented.
    Case(
        "C3 own request wider than the consent: partly permitted",
        sharing(
            purpose="victim_request",
            categories=("identity", "contact"),
            consent={"identity": "given"},
        ),
        {"identity"},
        {"own-request-with-consent", "consent-for-own-request"},
    ),
    Case(
        "C3 a category refused is not shared, the consented ones are",
        sharing(
            purpose="victim_request",
            categories=("identity", "offence", "location"),
            consent={"identity": "given", "offence": "given", "location": "refused"},
        ),
        {"identity", "offence"},
        {"own-request-with-consent", "consent-for-own-request"},
    ),
    Case(
        "C3 consent to every category asked, one by one: permitted",
        sharing(
            purpose="victim_request",
            categories=("contact", "support"),
            consent={"contact": "given", "support": "given"},
        ),
        {"contact", "support"},
        {"own-request-with-consent"},
    ),
    Case(
        "C3 consent to a category not asked for does not stand for one asked",
        sharing(
            purpose="victim_request",
            categories=("location",),
            consent={"identity": "given", "contact": "given"},
        ),
        set(),
        {"consent-for-own-request"},
    ),
    Case(
        "C3 an empty consent map is no consent at all",
        sharing(purpose="victim_request", categories=("identity", "offence"), consent={}),
        set(),
        {"consent-for-own-request"},
    ),
    Case(
        "C3 per category under the firewall: the consented category only",
        sharing(
            "complete-firewall",
            purpose="victim_request",
            categories=("identity", "contact", "location"),
            consent={"contact": "given", "location": "none"},
        ),
        {"contact"},
        {"own-request-with-consent", "consent-for-own-request"},
    ),
    Case(
        "C3 per category under the interim measure, where H1 would stop other purposes",
        sharing(
            "hmicfrs-interim",
            immigration_status="uncertain",
            purpose="victim_request",
            categories=("identity", "immigration"),
            consent={"immigration": "given", "identity": "refused"},
        ),
        {"immigration"},
        {"own-request-with-consent", "consent-for-own-request"},
    ),
    Case(
        "C3 a suspect's own request, per category too",
        sharing(
            role="suspect",
            purpose="victim_request",
            categories=("identity", "contact"),
            consent={"identity": "given", "contact": "refused"},
        ),
        {"identity"},
        {"own-request-with-consent", "consent-for-own-request"},
    ),
    Case(
        "C3 reads no consent for another purpose: C2 decides, consent refused or not",
        sharing(
            purpose="investigation",
            categories=("identity", "offence", "contact"),
            consent={"identity": "refused", "offence": "none", "contact": "given"},
        ),
        {"identity", "offence"},
        {"necessary-for-purpose", "ico-data-minimisation"},
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
    if case.situation.request.purpose.value == "victim_request":
        # Under C3 every category prohibited in a person's own request lacked their consent.
        assert {c.value for c in decision.not_consented} == requested - case.permitted
    else:
        assert decision.not_consented == ()


def test_a_forbidding_rule_is_cited_for_the_category_it_forbids() -> None:
    decision = decide(sharing(purpose="enforcement_referral", categories=("identity", "contact")))

    basis = {v.category.value: v for v in decision.categories}
    assert basis["identity"].basis == "permitted_by_rule"
    assert basis["identity"].rule_ids == ("necessary-for-purpose",)
    assert basis["contact"].basis == "forbidden_by_rule"
    assert basis["contact"].rule_ids == ("ico-data-minimisation",)


def test_a_request_wider_than_the_consent_says_which_categories_lacked_it() -> None:
    decision = decide(
        sharing(
            "complete-firewall",
            purpose="victim_request",
            categories=("identity", "contact", "location"),
            consent={"identity": "given", "location": "refused"},
        )
    )

    assert decision.outcome.value == "partly_permitted"
    assert decision.not_consented == (Category.CONTACT, Category.LOCATION)
    basis = decision.as_json()["category_basis"]
    assert basis == {
        "identity": {"basis": "permitted_by_rule", "rules": ["own-request-with-consent"]},
        "contact": {"basis": "not_consented", "rules": ["consent-for-own-request"]},
        "location": {"basis": "not_consented", "rules": ["consent-for-own-request"]},
    }
    assert decision.as_json()["categories"] == {
        "identity": "permitted",
        "contact": "prohibited",
        "location": "prohibited",
    }
    assert (
        "Prohibited: contact (consent not asked) and location (consent refused), as the person "
        "has not consented to sharing them, by rule C3 (consent-for-own-request)."
    ) in decision.explanation
    assert "Permitted, which means may be shared, never must be: identity" in decision.explanation


def test_a_prohibition_for_another_reason_is_not_called_a_lack_of_consent() -> None:
    decision = decide(
        sharing(purpose="safeguarding", categories=("identity", "contact"), consent="refused")
    )

    assert decision.not_consented == ()
    assert {v.category.value: v.basis for v in decision.categories} == {
        "identity": "permitted_by_rule",
        "contact": "forbidden_by_rule",
    }
    assert "not consented" not in decision.explanation


def test_consent_given_alike_or_per_category_is_the_same_situation_and_decision() -> None:
    alike = sharing(purpose="victim_request", categories=("identity", "contact"), consent="given")
    per_category = sharing(
        purpose="victim_request",
        categories=("identity", "contact"),
        consent={"identity": "given", "contact": "given", "support": "refused"},
    )

    assert per_category == alike
    assert hash(per_category) == hash(alike)
    assert decide(per_category) is decide(alike)  # the same remembered answer
