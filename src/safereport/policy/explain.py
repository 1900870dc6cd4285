"""Plain-English explanations of decisions and protocol checks, for the officer or caseworker.

The sentences the victim reads come from the policies' @statement annotations; these
explanations cite them by rule so that what staff see and what the victim is told agree.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from safereport.policy.regimes import REGIME_INFO
from safereport.policy.vocabulary import ACTION_TEXT, DUTY_TEXT, PURPOSE_TEXT, Category

if TYPE_CHECKING:
    from safereport.policy.decisions import Decision, GateResult

# Why a category lacked consent, in the officer's words.
_CONSENT_TEXT = {
    "none": "consent not asked",
    "refused": "consent refused",
    "given": "consent given",
}

_OUTCOME_TEXT = {
    "permitted": "permitted",
    "partly_permitted": "partly permitted",
    "prohibited": "prohibited",
}


def _listed(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def sharing(decision: Decision) -> str:
    situation = decision.situation
    title = REGIME_INFO[decision.regime].title
    rules = {rule.id: rule for rule in decision.rules}
    asked = _listed([c.value for c in situation.request.categories])
    sentences = [
        f"Under the {title} regime, sharing this {situation.person.role.value}'s {asked} with "
        f"Immigration Enforcement for {PURPOSE_TEXT[situation.request.purpose]} is "
        f"{_OUTCOME_TEXT[decision.outcome.value]}."
    ]
    by_rules: dict[tuple[str, tuple[str, ...]], list[str]] = defaultdict(list)
    for verdict in decision.categories:
        by_rules[(verdict.basis, verdict.rule_ids)].append(verdict.category.value)
    for (basis, rule_ids), categories in by_rules.items():
        named = _listed([f"{rules[i].rule} ({i})" for i in rule_ids])
        if basis == "not_consented":
            lacking = _listed(
                [
                    f"{c} ({_CONSENT_TEXT[situation.consent_for(Category(c)).value]})"
                    for c in categories
                ]
            )
            sentences.append(
                f"Prohibited: {lacking}, as the person has not consented to sharing "
                f"{'it' if len(categories) == 1 else 'them'}, by rule {named}."
            )
        elif basis == "forbidden_by_rule":
            sentences.append(f"Prohibited: {_listed(categories)}, forbidden by rule {named}.")
        elif basis == "permitted_by_rule":
            sentences.append(
                f"Permitted, which means may be shared, never must be: {_listed(categories)}, "
                f"by rule {named}."
            )
        else:
            sentences.append(f"Prohibited: {_listed(categories)}, as no rule permits it.")
    if decision.duties:
        sentences.append("Next: " + "; ".join(DUTY_TEXT[d] for d in decision.duties) + ".")
    return " ".join(sentences)


def gate(result: GateResult) -> str:
    situation = result.situation
    title = REGIME_INFO[result.regime].title
    action = ACTION_TEXT[situation.action]
    referred = "referred by the police" if situation.referred_by_police else "not referred"
    blocking = result.blocking_rules
    if blocking:
        named = _listed([f"{r.rule} ({r.id})" for r in blocking])
        sentences = [
            f"Under the {title} regime, {action} is blocked for this {situation.person.role.value} "
            f"({referred}) by rule {named}.",
            *(f"The person is told: “{rule.statement}”" for rule in blocking),
            "The block lasts while its conditions hold; check again when the case changes.",
        ]
    else:
        sentences = [
            f"Under the {title} regime, {action} is allowed for this "
            f"{situation.person.role.value} ({referred}): no protection applies."
        ]
    if result.duties:
        sentences.append("Before acting: " + "; ".join(DUTY_TEXT[d] for d in result.duties) + ".")
    return " ".join(sentences)
