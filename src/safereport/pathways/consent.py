"""Which data each pathways purpose can carry, what the person agreed to now, and the values a
referral or an identity reveal holds: only the fields of the categories agreed to.

Decisions read the consent as it stands at the moment they are made: the latest answer for the
purpose and recipient speaks, and a withdrawn one speaks as a refusal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict
from typing import Any

from safereport.accounts.models import Organisation
from safereport.casework.facts import PERSONAL_CATEGORIES
from safereport.casework.inputs import PersonDetails
from safereport.casework.models import Party
from safereport.pathways.models import PathwayConsent
from safereport.pathways.vocabulary import ConsentPurpose
from safereport.policy.vocabulary import Category

# The fields of a person each personal category holds. Contact includes the language and how to
# get in touch safely: a support worker cannot use a phone number without them.
PERSON_FIELDS: Mapping[Category, tuple[str, ...]] = {
    Category.IDENTITY: ("given_name", "family_name", "date_of_birth", "nationality"),
    Category.CONTACT: (
        "phone",
        "email",
        "preferred_language",
        "interpreter_needed",
        "safe_contact_instructions",
    ),
    Category.LOCATION: ("address",),
}

# What a referral may carry: the person, their status (for immigration advice) and the offence.
# `support` is about the organisation itself, so there is nothing to send it.
REFERRAL_CATEGORIES: tuple[Category, ...] = (
    Category.IDENTITY,
    Category.CONTACT,
    Category.LOCATION,
    Category.IMMIGRATION,
    Category.OFFENCE,
)
# What a victim can agree to reveal to the police about themselves after a third-party report.
REVEAL_CATEGORIES: tuple[Category, ...] = (Category.IDENTITY, Category.CONTACT, Category.LOCATION)

ALLOWED: Mapping[ConsentPurpose, tuple[Category, ...]] = {
    ConsentPurpose.SUPPORT_REFERRAL: REFERRAL_CATEGORIES,
    ConsentPurpose.IDENTITY_REVEAL: REVEAL_CATEGORIES,
}


def current_consent(
    party: Party, purpose: ConsentPurpose, recipient: Organisation
) -> PathwayConsent | None:
    """The latest answer for this purpose and recipient, withdrawn or not; None if never asked."""
    return (
        PathwayConsent.objects.filter(party=party, purpose=purpose, recipient=recipient)
        .order_by("-recorded_at", "-id")
        .first()
    )


def is_in_force(consent: PathwayConsent | None) -> bool:
    """Consent asked, given and not withdrawn."""
    return consent is not None and consent.in_force


def in_order(categories: Iterable[Category | str]) -> list[Category]:
    """Categories in the vocabulary's order, each once."""
    chosen = {Category(c) for c in categories}
    return [c for c in Category if c in chosen]


def referral_content(party: Party, categories: Sequence[Category]) -> dict[str, dict[str, Any]]:
    """The values a referral carries, read now: exactly the fields of `categories`.

    An anonymous party has no person, so its personal categories cannot be asked for (the
    actions refuse them before this is called)."""
    case = party.case
    content: dict[str, dict[str, Any]] = {}
    for category in categories:
        if category in PERSONAL_CATEGORIES:
            if party.person is None:
                raise ValueError("an anonymous party has no personal details")
            values = {name: getattr(party.person, name) for name in PERSON_FIELDS[category]}
        elif category is Category.IMMIGRATION:
            values = {"immigration_status": party.immigration_status}
        elif category is Category.OFFENCE:
            values = {
                "case_reference": case.reference,
                "force": case.force.name,
                "crime_type": case.crime_type,
                "summary": case.summary,
                "reported_on": case.reported_on,
            }
        else:
            raise ValueError(f"a referral cannot carry {category.value}")
        content[category.value] = {name: _plain(value) for name, value in values.items()}
    return content


def revealed_details(identity: Mapping[str, Any], categories: Iterable[Category]) -> dict[str, Any]:
    """The fields of a held identity (`PersonDetails` as JSON) that `categories` reveal."""
    known = asdict(PersonDetails())
    return {
        name: identity.get(name, known[name])
        for category in in_order(categories)
        for name in PERSON_FIELDS[category]
    }


def _plain(value: Any) -> Any:
    """JSON-ready: dates as YYYY-MM-DD, empty text as None (nothing held)."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if value == "":
        return None
    return value
