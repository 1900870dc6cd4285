"""What an officer gives when recording a report, and its checking: every problem is collected
and named by field, so one pass says everything to fix (as the policy scenarios do)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from safereport.casework.contact import SafeContact
from safereport.casework.errors import CaseworkError
from safereport.errors import Problems
from safereport.iso639 import is_language
from safereport.policy.vocabulary import (
    AgeGroup,
    ImmigrationStatus,
    Nrm,
    Role,
    Support,
)
from safereport.web.kit.forms import LONG_TEXT, SHORT_TEXT


@dataclass(frozen=True)
class PersonDetails:
    """Who the person is and how to reach them safely. All of it is encrypted at rest."""

    given_name: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    nationality: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    preferred_language: str = ""  # ISO 639-1
    interpreter_needed: bool = False
    safe_contact_instructions: str = ""
    safe_contact: str = ""  # `SafeContact` as JSON; empty: in person only


@dataclass(frozen=True)
class PartyFacts:
    """A person's part in a case, in the vocabulary of DOMAIN.md section 3."""

    role: Role | str
    age_group: AgeGroup | str
    immigration_status: ImmigrationStatus | str
    suspected_offending: bool = False
    support: Support | str = Support.NONE
    nrm: Nrm | str = Nrm.NONE


# Numbers without a country code are read as UK numbers.
PHONE_REGION = "GB"


def _phone(typed: str) -> phonenumbers.PhoneNumber | None:
    """A phone number as typed, if it can be one (`phonenumbers`: possible, not checked as
    assigned, so Ofcom's numbers for drama, which fictional records use, are accepted)."""
    try:
        parsed = phonenumbers.parse(typed, PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    return parsed if phonenumbers.is_possible_number(parsed) else None


def normalised(details: PersonDetails) -> PersonDetails:
    """The person with their phone number written one way: a UK number as the UK writes it
    (07700 900123), any other with its country code (+33 1 23 45 67 89)."""
    parsed = _phone(details.phone) if details.phone else None
    if parsed is None:
        return details
    national = parsed.country_code == phonenumbers.country_code_for_region(PHONE_REGION)
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if national
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return replace(details, phone=phonenumbers.format_number(parsed, style))


def check_person(details: PersonDetails, problems: Problems, prefix: str = "person") -> None:
    """Lengths, a phone number and an e-mail address that are ones, a real language code, a
    past date of birth."""
    for name in ("given_name", "family_name", "nationality", "phone", "email"):
        if len(getattr(details, name)) > SHORT_TEXT:
            problems.add(f"{prefix}.{name}", f"must be {SHORT_TEXT:,} characters or fewer")
    for name in ("address", "safe_contact_instructions"):
        if len(getattr(details, name)) > LONG_TEXT:
            problems.add(f"{prefix}.{name}", f"must be {LONG_TEXT:,} characters or fewer")
    if details.phone and len(details.phone) <= SHORT_TEXT and _phone(details.phone) is None:
        problems.add(
            f"{prefix}.phone", "must be a phone number, like 07700 900123 or +33 1 23 45 67 89"
        )
    if details.email:
        try:
            validate_email(details.email)
        except ValidationError:
            problems.add(f"{prefix}.email", "must be an e-mail address, like name@example.com")
    if details.preferred_language and not is_language(details.preferred_language):
        # The same list as the directory's (safereport.iso639): "qq" has the shape, not a language.
        problems.add(
            f"{prefix}.preferred_language", "must be a two-letter ISO 639-1 code, like es or pt"
        )
    if details.date_of_birth is not None and details.date_of_birth > timezone.localdate():
        problems.add(f"{prefix}.date_of_birth", "must be in the past")
    if details.safe_contact:
        try:
            SafeContact.from_json(details.safe_contact)
        except CaseworkError as error:
            for name, why in (error.fields or {"": error.message}).items():
                problems.add(f"{prefix}.safe_contact{'.' + name if name else ''}", why)


def check_party(facts: PartyFacts, problems: Problems, prefix: str = "party") -> dict[str, object]:
    """The party's facts as column values, with any unknown word noted under `prefix.` (none
    when `prefix` is empty)."""

    def key(name: str) -> str:
        return f"{prefix}.{name}" if prefix else name

    words = {
        "role": problems.word(Role, facts.role, key("role")),
        "age_group": problems.word(AgeGroup, facts.age_group, key("age_group")),
        "immigration_status": problems.word(
            ImmigrationStatus, facts.immigration_status, key("immigration_status")
        ),
        "support": problems.word(Support, facts.support, key("support")),
        "nrm": problems.word(Nrm, facts.nrm, key("nrm")),
    }
    if not isinstance(facts.suspected_offending, bool):
        problems.add(key("suspected_offending"), "must be true or false")
    values: dict[str, object] = {name: word and word.value for name, word in words.items()}
    values["suspected_offending"] = facts.suspected_offending
    return values
