"""Template filters that say the machine's words as a person would (issue 13, item 6), built into
every template (settings.TEMPLATES' `builtins`): a regime by its title, a rule by its name."""

from __future__ import annotations

from django import template

from safereport.policy.regimes import REGIME_INFO
from safereport.policy.sources import DUTY_RULE
from safereport.policy.vocabulary import DUTY_TEXT, Duty, RegimeId

register = template.Library()


@register.filter
def regime_title(value: object) -> str:
    """`hmicfrs-interim` is "HMICFRS interim Recommendation 1"; anything else is left as it is."""
    try:
        return REGIME_INFO[RegimeId(str(value))].title
    except ValueError:
        return str(value)


@register.filter
def rule_name(value: object) -> str:
    """A rule as the policies name it: `C1` stays "C1" (DOMAIN.md's name), and a duty's rule,
    `duty:give_notice`, is "Duty: tell the person what will and will not be shared, when and
    why"."""
    name = str(value)
    if name.startswith(DUTY_RULE):
        try:
            text = DUTY_TEXT[Duty(name.removeprefix(DUTY_RULE))]
        except ValueError:
            return name
        return f"Duty: {text}"
    return name
