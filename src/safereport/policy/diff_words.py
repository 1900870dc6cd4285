"""`policy diff`'s groups said in sentences a data protection officer can read (issue 13, item 6):

    270 kinds of situation about domestic abuse victims whose status is only in doubt, with no
    evidence of an offence, asked for an enforcement referral, would no longer be protected:
    identity, immigration and offence could be shared (rule hmicfrs-rec1 would no longer apply).

Made from a group as `diff.ChangeGroup.as_json` keeps it (so a comparison kept before this
module existed reads the same); the exact statement stays beside it for whoever checks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from safereport.policy.vocabulary import ACTION_TEXT, PURPOSE_TEXT, EnforcementAction, Purpose

PEOPLE = {"victim": "victims", "witness": "witnesses", "suspect": "suspects"}
CRIMES = {
    "domestic_abuse": "domestic abuse",
    "modern_slavery": "modern slavery",
    "sexual_violence": "sexual violence",
    "other": "other crimes",
}
AGES = {"adult": "adult", "child": "child"}
STATUSES = {
    "not_in_question": "not in question",
    "uncertain": "only in doubt",
    "insecure": "insecure",
}
OFFENDING = {"false": "with no evidence of an offence", "true": "with evidence of an offence"}
STAGES = {"investigation": "investigation", "prosecution": "prosecution", "concluded": "concluded"}
SUPPORT = {
    "none": "no support",
    "offered": "support offered",
    "receiving": "support being received",
}
NRM = {
    "none": "no NRM referral",
    "referred": "an NRM referral awaiting its decision",
    "positive_reasonable_grounds": "a positive reasonable grounds decision",
    "positive_conclusive_grounds": "a positive conclusive grounds decision",
    "negative": "a negative NRM decision",
}
CONSENT = {"none": "no consent asked", "given": "consent given", "refused": "consent refused"}
REFERRED = {"true": "referred by the police", "false": "not referred by the police"}


def either(words: Sequence[str], joiner: str = "or") -> str:
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + f" {joiner} " + words[-1]


def _said(where: Mapping[str, list[str]], name: str, words: Mapping[str, str]) -> str | None:
    values = where.get(name)
    return either([words.get(v, v.replace("_", " ")) for v in values]) if values else None


def who(where: Mapping[str, list[str]]) -> str:
    """The people a group is about: "adult domestic abuse victims whose status is only in doubt,
    with no evidence of an offence"."""
    roles = where.get("role")
    people = either([PEOPLE.get(r, r) for r in roles], "and") if roles else "people"
    crimes = where.get("crime")
    if crimes and len(crimes) == 1 and crimes[0] != "other":
        people = f"{CRIMES[crimes[0]]} {people}"
    elif crimes:
        people = f"{people} of {either([CRIMES.get(c, c) for c in crimes])}"
    ages = _said(where, "age group", AGES)
    if ages:
        people = f"{ages} {people}"
    parts = [people]
    status = _said(where, "immigration status", STATUSES)
    if status:
        parts[0] += f" whose status is {status}"
    for name, words, before in (
        ("suspected offending", OFFENDING, ""),
        ("stage", STAGES, "at the stage of "),
        ("support", SUPPORT, "with "),
        ("NRM", NRM, "with "),
        ("consent to each category", CONSENT, "with "),
        ("referred by police", REFERRED, ""),
    ):
        said = _said(where, name, words)
        if said:
            parts.append(before + said)
    return ", ".join(parts)


def _asked(where: Mapping[str, list[str]]) -> str:
    purposes = where.get("purpose")
    if purposes:
        return "asked for " + either([PURPOSE_TEXT[Purpose(p)] for p in purposes])
    actions = where.get("action")
    if actions:
        return "before " + either([ACTION_TEXT[EnforcementAction(a)] for a in actions])
    return ""


def _categories(outcome: str) -> list[str]:
    _, _, categories = outcome.partition(": ")
    return [c.strip() for c in categories.split(",")] if categories else []


def _change(before: str, after: str) -> str:
    """What changes, from the outcomes as the diff writes them ("partly_permitted: identity")."""
    was, now = before.partition(":")[0], after.partition(":")[0]
    if now == "blocked":
        return "would now be protected: enforcement would be blocked"
    if now == "allowed":
        return "would no longer be protected: enforcement could go ahead"
    if now == "prohibited":
        return "would now be protected: nothing could be shared"
    shared = either(_categories(after), "and") if _categories(after) else "every category asked for"
    if was == "prohibited":
        return f"would no longer be protected: {shared} could be shared"
    return f"would change what could be shared: {shared}, where it was " + (
        either(_categories(before), "and") if _categories(before) else "every category asked for"
    )


def sentence(group: Mapping[str, Any]) -> str:
    """One group of `policy diff` (its JSON) as a sentence."""
    count = int(group["count"])
    kinds = f"{count:,} kind{'' if count == 1 else 's'} of situation"
    about = ("about " if group["exact"] else "among those about ") + who(group["where"])
    asked = _asked(group["where"])
    subject = ", ".join([f"{kinds} {about}", *([asked] if asked else [])]) + ","
    reasons = [f"rule {r} would no longer apply" for r in group["rules_stop"]]
    reasons += [f"rule {r} would apply" for r in group["rules_start"]]
    because = f" ({'; '.join(reasons)})" if reasons else ""
    return f"{subject} {_change(group['from'], group['to'])}{because}."
