"""What the pathways' pages show about a referral, its content and support, in words: the
templates only lay it out."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from safereport.accounts.models import User
from safereport.casework.models import Party
from safereport.iso639 import language_name
from safereport.pathways import lifecycle, queries
from safereport.pathways.lifecycle import ReferralStatus as S
from safereport.pathways.models import Referral
from safereport.pathways.vocabulary import DeclineReason
from safereport.policy.vocabulary import Category, CrimeType, Support

CATEGORY_TITLES = {
    Category.IDENTITY.value: "Identity",
    Category.CONTACT.value: "Contact",
    Category.LOCATION.value: "Location",
    Category.IMMIGRATION.value: "Immigration status",
    Category.OFFENCE.value: "The offence",
}
FIELD_LABELS = {
    "given_name": "Given name",
    "family_name": "Family name",
    "date_of_birth": "Date of birth",
    "nationality": "Nationality",
    "phone": "Phone",
    "email": "Email",
    "preferred_language": "Preferred language",
    "interpreter_needed": "Needs an interpreter",
    "safe_contact_instructions": "Safe contact",
    "address": "Address",
    "immigration_status": "Immigration status",
    "case_reference": "Case reference",
    "force": "Police force",
    "crime_type": "Crime",
    "summary": "Summary",
    "reported_on": "Date reported",
}
FIELD_ORDER = {name: position for position, name in enumerate(FIELD_LABELS)}
SUPPORT_WORDS = {
    Support.NONE.value: "No support",
    Support.OFFERED.value: "Support offered",
    Support.RECEIVING.value: "Receiving support and advice",
}
STATUS_COLOURS = {
    S.OFFERED: "grey",
    S.ACCEPTED: "light-blue",
    S.DECLINED_BY_VICTIM: "grey",
    S.SENT: "blue",
    S.ACKNOWLEDGED: "turquoise",
    S.FIRST_CONTACT_MADE: "green",
    S.UNABLE_TO_CONTACT: "orange",
    S.DECLINED_BY_ORGANISATION: "orange",
    S.WITHDRAWN: "grey",
}


def crime_words(crime_type: str) -> str:
    if crime_type == CrimeType.OTHER:
        return "Another crime"
    return crime_type.replace("_", " ").capitalize()


def referral_context(referral: Referral) -> dict[str, Any]:
    """A referral in words, with the steps that can follow its status."""
    status = S(referral.status)
    case = referral.party.case
    return {
        "referral": referral,
        "organisation": referral.entry.organisation.name,
        "illustrative": referral.entry.illustrative,
        "status": status.value,
        "status_label": status.label,
        "status_colour": STATUS_COLOURS[status],
        "crime": crime_words(case.crime_type),
        "force": case.force.name,
        "case_reference": case.reference,
        "party_reference": referral.party.reference,
        "role": referral.party.role,
        "due": referral.first_contact_due_on,
        "overdue": queries.is_overdue(referral),
        "decline_reason": DeclineReason(referral.decline_reason).label
        if referral.decline_reason
        else "",
        "can": {to.value: lifecycle.may_move(status, to) for to in S},
    }


def content_rows(content: Mapping[str, Mapping[str, Any]] | None) -> list[dict[str, Any]] | None:
    """A referral's content as titled groups of (label, value); None when there is none."""
    if not content:
        return None
    groups = []
    for category in Category:
        values = content.get(category.value)
        if values is None:
            continue
        rows = [
            (FIELD_LABELS.get(name, name), _value(name, value)) for name, value in values.items()
        ]
        groups.append({"title": CATEGORY_TITLES.get(category.value, category.value), "rows": rows})
    return groups


def _value(name: str, value: Any) -> str:
    if value is None or value == "":
        return ""
    shown = FORMATS.get(name)
    return shown(value) if shown else str(value)


def date_words(iso: str) -> str:
    """A date as pages write it, 12 April 1990 (the text itself if it is not a date)."""
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day} {day:%B %Y}"


FORMATS: Mapping[str, Callable[[Any], str]] = {
    "interpreter_needed": lambda value: "Yes" if value else "No",
    "date_of_birth": lambda value: date_words(str(value)),
    "reported_on": lambda value: date_words(str(value)),
    "preferred_language": lambda value: f"{language_name(str(value))} ({value})",
    "immigration_status": lambda value: str(value).replace("_", " ").capitalize(),
    "crime_type": lambda value: crime_words(str(value)),
}


def support_context(party: Party, user: User) -> dict[str, Any]:
    """What the user's organisation last recorded about its support, and the party's support."""
    latest = queries.latest_support(party, user)
    return {
        "latest": latest,
        "latest_words": SUPPORT_WORDS[latest.support] if latest else "",
        "party_support": SUPPORT_WORDS[party.support],
    }
