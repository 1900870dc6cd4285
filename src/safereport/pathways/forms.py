"""The pathways' forms: they parse what was typed into the actions' arguments. They are built
from the shared GOV.UK kit (`safereport.web.kit.forms`), so every page renders fields, hints and
error summaries the same way; the actions check meaning and their problems go back on the fields.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from safereport.accounts.models import Organisation
from safereport.accounts.roles import OrganisationKind
from safereport.casework.forms import (
    CRIME_TYPE_LABELS,
    STATUS_LABELS,
    PersonForm,
    consent_method,
)
from safereport.casework.status import STATUS_HINTS
from safereport.casework.vocabulary import ConsentAnswer
from safereport.pathways.consent import PERSON_FIELDS, REFERRAL_CATEGORIES, REVEAL_CATEGORIES
from safereport.pathways.directory import FORCE_NAME_BY_CODE, EntryDetails
from safereport.pathways.lifecycle import ReferralStatus
from safereport.pathways.matching import Match
from safereport.pathways.vocabulary import (
    AdviserRegulator,
    ContactMethod,
    DeclineReason,
    IntakeChannel,
    ReportStatus,
    Service,
)
from safereport.policy.vocabulary import AgeGroup, Category, CrimeType, ImmigrationStatus, Support
from safereport.web.kit.forms import (
    YES,
    Checkboxes,
    GovukDateField,
    GovukForm,
    Radios,
    checkboxes,
    choices,
    radios,
    select,
    text_area,
    text_field,
    yes_no,
)

MAX_UPLOAD = 1_000_000  # bytes, as `csvio.MAX_BYTES`
NONE = "none"  # the radio for "no regulator"
SUPPORT_CHOICES = [
    (Support.OFFERED.value, "Support offered"),
    (Support.RECEIVING.value, "Receiving support and advice"),
    (Support.NONE.value, "No support (support has ended)"),
]
FIELD_WORDS = {
    "given_name": "given name",
    "family_name": "family name",
    "date_of_birth": "date of birth",
    "nationality": "nationality",
    "phone": "phone",
    "email": "email",
    "preferred_language": "preferred language",
    "interpreter_needed": "interpreter needed",
    "safe_contact_instructions": "safe contact instructions",
    "address": "address",
}
CATEGORY_HINTS: Mapping[str, str] = {
    **{
        category.value: "Fields: " + ", ".join(FIELD_WORDS[n] for n in names) + "."
        for category, names in PERSON_FIELDS.items()
    },
    Category.IMMIGRATION.value: "Fields: what is known of their immigration status.",
    Category.OFFENCE.value: "Fields: case reference, force, crime type, summary, date reported.",
}


def _categories(label: str, allowed: Sequence[Category], **kw: Any) -> Checkboxes:
    return checkboxes(
        label,
        choices(allowed),
        required_message="Select at least one category of data",
        item_hints={c.value: CATEGORY_HINTS[c.value] for c in allowed},
        required=False,
        **kw,
    )


# The directory ---------------------------------------------------------------------------------


class DirectoryEntryForm(GovukForm):
    """An organisation's directory entry. On an existing entry the code and name are fixed."""

    code = text_field(
        "Code",
        required=True,
        max_length=80,
        help_text="Lowercase words joined by hyphens, like latin-american-womens-aid.",
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    name = text_field("Name", required=True)
    services = checkboxes(
        "Services",
        Service.choices,
        required_message="Select at least one service",
        item_hints={
            Service.IMMIGRATION_ADVICE.value: "Only for regulated advisers: give the regulator."
        },
    )
    adviser_regulator = radios(
        "Who regulates its immigration advisers?",
        [(NONE, "It gives no immigration advice"), *AdviserRegulator.choices],
        required_message="Select who regulates its immigration advisers",
        initial=NONE,
    )
    adviser_registration = text_field(
        "Adviser registration number", max_length=40, help_text="If known. For example, F201900123."
    )
    by_and_for = yes_no(
        "Is it a 'by and for' organisation?",
        required_message="Select whether it is a 'by and for' organisation",
        help_text="Led by and for the communities it serves.",
        initial="no",
    )
    communities = text_area(
        "Communities served", help_text="One a line, like Latin American women."
    )
    national = radios(
        "Where does it work?",
        [(YES, "Across England and Wales"), ("no", "In some police force areas")],
        required_message="Select where it works",
        initial="no",
    )
    forces = checkboxes(
        "Police force areas",
        sorted(FORCE_NAME_BY_CODE.items(), key=lambda item: item[1]),
        required_message="Select the police force areas it works in",
        required=False,
        help_text="Only if it works in some areas.",
    )
    languages = text_field(
        "Languages",
        required=True,
        help_text="ISO 639-1 codes separated by spaces or commas, like en es pt.",
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    intake_channel = radios(
        "How does it take referrals in?",
        IntakeChannel.choices,
        required_message="Select how it takes referrals in",
    )
    intake_notes = text_field(
        "Notes on taking referrals", max_length=300, help_text="Optional. No personal details."
    )
    has_capacity = yes_no(
        "Does it have capacity to take referrals now?",
        required_message="Select whether it has capacity now",
        initial=YES,
    )
    illustrative = yes_no(
        "Is this entry illustrative (not checked with the organisation)?",
        required_message="Select whether the entry is illustrative",
        initial="no",
    )
    listed = yes_no(
        "Should officers be able to refer to it?",
        required_message="Select whether it is listed",
        help_text="An unlisted entry is kept but never matched.",
        initial=YES,
    )

    def __init__(self, *args: Any, existing: EntryDetails | None = None, **kwargs: Any) -> None:
        self.existing = existing
        if existing is not None:
            kwargs.setdefault("initial", initial_of(existing))
        super().__init__(*args, **kwargs)
        if existing is not None:
            del self.fields["code"]
            del self.fields["name"]

    def clean_languages(self) -> list[str]:
        return [
            code.lower() for code in re.split(r"[\s,;]+", self.cleaned_data["languages"]) if code
        ]

    def details(self) -> EntryDetails:
        data = self.cleaned_data
        regulator = data["adviser_regulator"]
        return EntryDetails(
            code=self.existing.code if self.existing else data["code"].strip(),
            name=self.existing.name if self.existing else data["name"].strip(),
            services=data["services"],
            intake_channel=data["intake_channel"],
            adviser_regulator="" if regulator == NONE else regulator,
            adviser_registration=data["adviser_registration"],
            by_and_for=data["by_and_for"] == YES,
            communities=[line.strip() for line in data["communities"].splitlines() if line.strip()],
            national=data["national"] == YES,
            forces=data["forces"],
            languages=data["languages"],
            intake_notes=data["intake_notes"],
            has_capacity=data["has_capacity"] == YES,
            illustrative=data["illustrative"] == YES,
            listed=data["listed"] == YES,
        )


def initial_of(entry: EntryDetails) -> dict[str, Any]:
    """A form's initial values for an entry."""
    return {
        "services": list(entry.services),
        "adviser_regulator": entry.adviser_regulator or NONE,
        "adviser_registration": entry.adviser_registration,
        "by_and_for": _yn(entry.by_and_for),
        "communities": "\n".join(entry.communities),
        "national": _yn(entry.national),
        "forces": list(entry.forces),
        "languages": " ".join(entry.languages),
        "intake_channel": entry.intake_channel,
        "intake_notes": entry.intake_notes,
        "has_capacity": _yn(entry.has_capacity),
        "illustrative": _yn(entry.illustrative),
        "listed": _yn(entry.listed),
    }


def _yn(value: bool) -> str:
    return YES if value else "no"


class ImportForm(GovukForm):
    """A CSV file of directory entries."""

    file = forms.FileField(
        label="CSV file",
        help_text="UTF-8, with the columns of an export. At most 1 MB.",
        error_messages={"required": "Select a CSV file", "empty": "The selected file is empty"},
    )

    def clean_file(self) -> str:
        """The file's text (what the import reads)."""
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise ValidationError("The selected file must be smaller than 1 MB")
        try:
            return str(upload.read().decode("utf-8"))
        except UnicodeDecodeError:
            raise ValidationError("The selected file must be saved as UTF-8 text") from None


# Referrals -------------------------------------------------------------------------------------


class OfferForm(GovukForm):
    """Which organisation the officer offered the victim a referral to."""

    organisation = radios(
        "Which organisation did you offer a referral to?",
        [],
        required_message="Select the organisation you offered a referral to",
    )

    def __init__(self, *args: Any, matches: Sequence[Match], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, Radios)  # noqa: S101 - declared above
        field.choices = [(m.candidate.code, m.candidate.name) for m in matches]
        field.item_hints = {
            m.candidate.code: "; ".join(r.text for r in m.reasons) + "." for m in matches
        }


class RefineForm(GovukForm):
    """What the officer knows that the records do not say."""

    immigration_advice = yes_no(
        "Does the person need immigration advice?",
        required_message="Select whether the person needs immigration advice",
    )
    community = radios(
        "Would a 'by and for' organisation of a community suit them?",
        [],
        required_message="Select a community, or none",
        initial="",
        required=False,
    )

    def __init__(self, *args: Any, communities: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["community"]
        assert isinstance(field, Radios)  # noqa: S101 - declared above
        field.choices = [("", "No preference"), *((c, c) for c in communities)]


class AnswerForm(GovukForm):
    """The victim's answer to the offer of a referral."""

    answer = radios(
        "What did the person answer?",
        [(ConsentAnswer.GIVEN, "They want the referral"), (ConsentAnswer.REFUSED, "They do not")],
        required_message="Select what the person answered",
    )
    categories = _categories(
        "Which data did they agree the organisation may receive?",
        REFERRAL_CATEGORIES,
        help_text="Only if they want the referral. Select all that they agreed to.",
    )
    method = consent_method()


class FirstContactForm(GovukForm):
    """When and how the organisation first spoke with the victim."""

    made_on = GovukDateField(
        label="When did you make first contact?",
        help_text="For example, 27 3 2026.",
        error_messages={"required": "Enter the date you made first contact"},
    )
    method = radios(
        "How did you make contact?",
        ContactMethod.choices,
        required_message="Select how you made contact",
    )
    note = text_area(
        "Note",
        help_text="Anything the police or your colleagues should know. Do not include anything "
        "the person asked you not to share.",
    )


class DeclineForm(GovukForm):
    reason = radios(
        "Why are you declining the referral?",
        DeclineReason.choices,
        required_message="Select why you are declining the referral",
    )


class SupportStatusForm(GovukForm):
    support = radios(
        "What support does your organisation give the person?",
        SUPPORT_CHOICES,
        required_message="Select the support your organisation gives",
    )
    advice_on_stay_given = yes_no(
        "Have they had advice on regularising their stay?",
        required_message="Select whether they have had advice on regularising their stay",
        initial="no",
    )


# Third-party reports ---------------------------------------------------------------------------


class ThirdPartyReportForm(PersonForm):
    """A crime reported for a victim or witness, with the identity the organisation keeps."""

    field_order = (
        "force",
        "crime_type",
        "summary",
        "occurred_on",
        "pseudonym",
        "role",
        "age_group",
        "immigration_status",
        "support",
    )  # then the person's identity

    force = select(
        "Which police force is the report for?",
        [],  # the forces the service knows, set when the form is made
        required_message="Select the police force the report is for",
        help_text="The force for the area where the crime happened.",
    )
    crime_type = radios(
        "Type of crime",
        choices(CrimeType, CRIME_TYPE_LABELS),
        required_message="Select the type of crime",
    )
    summary = text_area(
        "What happened",
        help_text="The police see this: describe what happened without naming the person or "
        "giving their phone number or email address.",
    )
    occurred_on = GovukDateField(
        label="Date of the offence", required=False, help_text="If known. For example, 3 1 2026."
    )
    pseudonym = text_field(
        "Pseudonym",
        required=True,
        max_length=100,
        help_text="What you and the police will call the person, like Client A. Not their name, "
        "nor any part of it.",
    )
    role = radios(
        "Is the person a victim or a witness?",
        [("victim", "Victim"), ("witness", "Witness")],
        required_message="Select whether the person is a victim or a witness",
    )
    age_group = radios(
        "Age group",
        [(AgeGroup.ADULT.value, "Adult"), (AgeGroup.CHILD.value, "Child (under 18)")],
        required_message="Select the person's age group",
    )
    immigration_status = radios(
        "Immigration status",
        [(s.value, STATUS_LABELS[s]) for s in ImmigrationStatus],
        required_message="Select what is known of the person's immigration status",
        item_hints={s.value: STATUS_HINTS[s] for s in ImmigrationStatus},
    )
    support = radios(
        "What support does your organisation give the person?",
        SUPPORT_CHOICES[:2],
        required_message="Select the support your organisation gives",
        initial=Support.OFFERED.value,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        forces = Organisation.objects.filter(kind=OrganisationKind.POLICE_FORCE).order_by("name")
        field = self.fields["force"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared above
        field.choices = [("", "Select a force"), *((f.code, f.name) for f in forces)]


class IdentityConsentForm(GovukForm):
    """The victim's answer about revealing who they are to the police."""

    answer = radios(
        "What did the person answer?",
        [
            (ConsentAnswer.GIVEN, "They agree to the police knowing who they are"),
            (ConsentAnswer.REFUSED, "They do not agree"),
        ],
        required_message="Select what the person answered",
    )
    categories = _categories(
        "What did they agree the police may know?",
        REVEAL_CATEGORIES,
        help_text="Only if they agree. Select all that they agreed to.",
    )
    method = consent_method()


# The lists' filters ------------------------------------------------------------------------------


class ReferralFilterForm(GovukForm):
    """Which referrals to list: by status, or only those overdue for first contact."""

    status = select(
        "Status",
        [("", "Any status"), *[(s.value, s.label) for s in ReferralStatus]],
        required_message="Select a status from the list",
        required=False,
    )
    overdue = checkboxes(
        "First contact",
        [(YES, "Only referrals overdue for first contact")],
        required_message="Select only overdue referrals, or leave it unticked",
        required=False,
    )


class ReportFilterForm(GovukForm):
    """Which third-party reports to list: by status."""

    status = select(
        "Status",
        [("", "Any status"), *ReportStatus.choices],
        required_message="Select a status from the list",
        required=False,
    )
