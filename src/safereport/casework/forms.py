"""The police side's forms: they parse what an officer typed into the actions' arguments, and
are built from the shared GOV.UK kit (`safereport.web.kit.forms`), which words their errors.

Forms check shape only (a choice from the list, a real date, a length); the rules about meaning
(an e-mail address that is one, a date of birth in the past...) stay in the actions, whose
problems `add_problems` puts back on the fields they name.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django import forms

from safereport.casework.contact import WEEKDAYS, Channel, SafeContact, TimeWindow
from safereport.casework.inputs import PartyFacts, PersonDetails, check_person
from safereport.casework.status import OFFENDING_HINT, STATUS_HINTS
from safereport.casework.vocabulary import (
    ConsentAnswer,
    ConsentMethod,
    LawfulBasis,
    OpenReason,
    ReportingRoute,
)
from safereport.enforcement.snapshots import DISCLOSABLE_FIELDS
from safereport.errors import Problems
from safereport.policy.regimes import REGIME_INFO
from safereport.policy.vocabulary import (
    AgeGroup,
    Category,
    CrimeType,
    ImmigrationStatus,
    Nrm,
    Purpose,
    RegimeId,
    Role,
    Stage,
    Support,
)
from safereport.web.kit.forms import (
    NO,
    YES,
    Checkboxes,
    GovukDateField,
    GovukForm,
    Radios,
    checkboxes,
    choices,
    radios,
    select,
    sentence,
    text_area,
    text_field,
    yes_no,
)

CRIME_TYPE_LABELS: dict[str, str] = {CrimeType.OTHER: "Another crime"}
NRM_LABELS: dict[str, str] = {
    Nrm.NONE: "Not referred",
    Nrm.REFERRED: "Referred, no decision yet",
    Nrm.POSITIVE_REASONABLE_GROUNDS: "Positive reasonable grounds decision",
    Nrm.POSITIVE_CONCLUSIVE_GROUNDS: "Positive conclusive grounds decision",
    Nrm.NEGATIVE: "Negative decision",
}
STATUS_LABELS: dict[str, str] = {
    ImmigrationStatus.NOT_IN_QUESTION: "Not in question",
    ImmigrationStatus.UNCERTAIN: "Uncertain",
    ImmigrationStatus.INSECURE: "Insecure",
}
SUPPORT_LABELS: dict[str, str] = {
    Support.NONE: "No support",
    Support.OFFERED: "Support offered",
    Support.RECEIVING: "Receiving support and advice",
}
# DOMAIN.md section 4, rule C2: the categories that can be necessary for each purpose.
PURPOSE_HINTS: dict[str, str] = {
    Purpose.STATUS_CHECK: "Never permitted for a victim or witness. Can need: identity.",
    Purpose.ENFORCEMENT_REFERRAL: "Can need: identity, immigration, offence.",
    Purpose.SAFEGUARDING: "Can need: identity, immigration, offence, support.",
    Purpose.INVESTIGATION: "Can need: identity, offence.",
    Purpose.VICTIM_REQUEST: "The person asked for it. Needs their recorded consent.",
}
FIELD_WORDS = {
    "given_name": "given name",
    "family_name": "family name",
    "date_of_birth": "date of birth",
    "nationality": "nationality",
    "phone": "phone",
    "email": "email",
    "address": "address",
    "immigration_status": "immigration status",
    "case_reference": "case reference",
    "crime_type": "crime type",
    "summary": "summary",
    "support": "support",
}
CATEGORY_HINTS = {
    category: "Fields: " + ", ".join(FIELD_WORDS[name] for name in fields) + "."
    for category, fields in DISCLOSABLE_FIELDS.items()
}


def consent_method() -> Radios:
    """How a person gave an answer about consent: asked alike wherever consent is recorded."""
    return radios(
        "How was the answer given?",
        ConsentMethod.choices,
        required_message="Select how the answer was given",
    )


CONTACT_CHANNELS = [
    (Channel.IN_PERSON.value, "In person"),
    (Channel.SMS.value, "Text message"),
    (Channel.EMAIL.value, "Email"),
    (Channel.LETTER.value, "Letter"),
    (Channel.PHONE_CALL.value, "Phone call"),
]
# When contact is safe, in London time: the windows the form offers.
CONTACT_TIMES: dict[str, tuple[str, TimeWindow | None]] = {
    "any": ("At any time", None),
    "weekday_mornings": ("Weekday mornings, 9am to midday", TimeWindow(WEEKDAYS, 540, 720)),
    "weekday_afternoons": ("Weekday afternoons, midday to 5pm", TimeWindow(WEEKDAYS, 720, 1020)),
    "weekday_evenings": ("Weekday evenings, 5pm to 8pm", TimeWindow(WEEKDAYS, 1020, 1200)),
}


# Recording a report ------------------------------------------------------------------------------

PERSON_FIELDS = (
    "given_name",
    "family_name",
    "date_of_birth",
    "nationality",
    "phone",
    "email",
    "address",
    "preferred_language",
    "safe_contact_instructions",
)


def status_field() -> Radios:
    """What is known of the person's immigration status, each answer with what it means (the
    report form and the correction ask it alike)."""
    return radios(
        "Immigration status",
        choices(ImmigrationStatus, STATUS_LABELS),
        item_hints=STATUS_HINTS,
        required_message="Select what is known of the person's immigration status",
    )


def offending_field() -> Radios:
    """Whether there is evidence of an offence: not the same as doubts about status."""
    return yes_no(
        "Is there evidence that the person has committed an offence?",
        required_message="Select whether there is evidence that the person committed an offence",
        help_text=OFFENDING_HINT,
    )


# The person's details that are text as typed (checked together by `PersonForm.clean`).
PERSON_TEXT_FIELDS = (
    "given_name",
    "family_name",
    "nationality",
    "phone",
    "email",
    "address",
    "preferred_language",
    "safe_contact_instructions",
)


class PersonForm(GovukForm):
    """Who the person is and how to reach them safely: the identity part of a report, asked the
    same way by the police's report form and a support organisation's third-party report form.

    Django puts a base form's fields before the subclass's own, so a form built on it places
    them with `field_order`.
    """

    given_name = text_field("Given name", widget=forms.TextInput(attrs={"autocomplete": "off"}))
    family_name = text_field("Family name", widget=forms.TextInput(attrs={"autocomplete": "off"}))
    date_of_birth = GovukDateField(
        label="Date of birth", required=False, help_text="For example, 12 4 1990."
    )
    nationality = text_field("Nationality")
    phone = text_field("Phone number", widget=forms.TextInput(attrs={"type": "tel"}))
    email = text_field(
        "Email address", widget=forms.TextInput(attrs={"type": "email", "spellcheck": "false"})
    )
    address = text_area("Address")
    preferred_language = text_field(
        "Preferred language",
        max_length=2,
        help_text="A two-letter ISO 639-1 code, like es for Spanish or pt for Portuguese.",
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    interpreter_needed = yes_no(
        "Does the person need an interpreter?",
        required_message="Select whether the person needs an interpreter",
        initial="no",
    )
    contact_channels = checkboxes(
        "How may they be contacted safely?",
        CONTACT_CHANNELS,
        required=False,
        required_message="Select how they may be contacted",
        help_text="Only the ways they agree to. A text message to a phone someone else reads can "
        "put them in danger. Notices are sent only in these ways.",
        initial=[Channel.IN_PERSON.value],
    )
    contact_times = radios(
        "When may they be contacted?",
        [(key, label) for key, (label, _) in CONTACT_TIMES.items()],
        required_message="Select when they may be contacted",
        initial="any",
        required=False,  # not asked: at any time
    )
    only_through_support_worker = yes_no(
        "Should they be contacted only through their support worker?",
        required_message="Select whether they should be contacted only through a support worker",
        initial="no",
        required=False,  # not asked: directly, by the ways ticked above
    )
    safe_contact_instructions = text_area(
        "Anything else about contacting them safely",
        help_text="In their words, for the officers who contact them.",
    )

    def clean(self) -> dict[str, Any]:
        """The checks the action makes of a person (`inputs.check_person`: a phone number that is
        one, a language in the list...), made here as well, so that the page names them in the
        same answer as a question left unanswered rather than in a second round (issue 13,
        item 7). A field already in error is not checked again."""
        data = super().clean() or {}
        text = {name: data[name] for name in PERSON_TEXT_FIELDS if isinstance(data.get(name), str)}
        if "preferred_language" in text:
            text["preferred_language"] = text["preferred_language"].lower()  # as `identity` has it
        problems = Problems()
        check_person(PersonDetails(**text, date_of_birth=data.get("date_of_birth")), problems)
        for key, why in problems.fields.items():
            name = key.rsplit(".", 1)[-1]
            if name in self.fields and name not in self.errors:
                self.add_error(name, sentence(str(self.fields[name].label), why))
        return data

    def identity(self) -> PersonDetails:
        """The person as typed."""
        data = self.cleaned_data
        return PersonDetails(
            given_name=data["given_name"],
            family_name=data["family_name"],
            date_of_birth=data["date_of_birth"],
            nationality=data["nationality"],
            phone=data["phone"],
            email=data["email"],
            address=data["address"],
            preferred_language=data["preferred_language"].lower(),
            interpreter_needed=data["interpreter_needed"] == "yes",
            safe_contact_instructions=data["safe_contact_instructions"],
            safe_contact=json.dumps(self.safe_contact().as_json()),
        )

    def safe_contact(self) -> SafeContact:
        """How the person may be reached, as the notices read it."""
        data = self.cleaned_data
        return SafeContact(
            channels=frozenset(Channel(c) for c in data["contact_channels"]),
            windows=self.contact_windows(),
            only_through_support_worker=data["only_through_support_worker"] == "yes",
            note=data["safe_contact_instructions"],
        )

    def contact_windows(self) -> tuple[TimeWindow, ...]:
        """When the person may be contacted, as chosen: none is at any time."""
        _, window = CONTACT_TIMES[self.cleaned_data["contact_times"] or "any"]
        return (window,) if window else ()


# The choice of `contact_times` that keeps windows recorded otherwise (through the API) that no
# choice of the form says: a correction never widens when a person may be contacted unasked.
AS_RECORDED = "as_recorded"


class CorrectPersonForm(PersonForm):
    """Correcting the person's recorded details: the report's questions, answered as recorded."""

    def __init__(self, *args: Any, recorded: SafeContact, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.recorded = recorded
        if recorded.windows and _times_key(recorded.windows) is None:
            field = self.fields["contact_times"]
            said = " or ".join(window.describe() for window in recorded.windows)
            field.choices = [*field.choices, (AS_RECORDED, f"As recorded: {said}")]  # type: ignore[attr-defined]

    def contact_windows(self) -> tuple[TimeWindow, ...]:
        if self.cleaned_data["contact_times"] == AS_RECORDED:
            return self.recorded.windows
        return super().contact_windows()


def person_initial(details: PersonDetails, recorded: SafeContact) -> dict[str, Any]:
    """The person's details as `CorrectPersonForm` asks them."""
    return {
        **{name: getattr(details, name) for name in PERSON_FIELDS},
        "interpreter_needed": YES if details.interpreter_needed else NO,
        "contact_channels": [c.value for c in Channel if c in recorded.channels],
        "contact_times": _times_key(recorded.windows) or AS_RECORDED,
        "only_through_support_worker": YES if recorded.only_through_support_worker else NO,
    }


def _times_key(windows: tuple[TimeWindow, ...]) -> str | None:
    """The `contact_times` choice that says these windows, if one does."""
    for key, (_, window) in CONTACT_TIMES.items():
        if windows == ((window,) if window else ()):
            return key
    return None


class PartyForm(PersonForm):
    """A person (if known) and their part in a case: what adding a party asks, and a report
    after its crime."""

    role = radios(
        "The person's role in the case",
        choices(Role),
        required_message="Select the person's role in the case",
    )
    age_group = radios(
        "Age group",
        choices(AgeGroup, {AgeGroup.ADULT: "Adult", AgeGroup.CHILD: "Child (under 18)"}),
        required_message="Select the person's age group",
    )
    immigration_status = status_field()
    suspected_offending = offending_field()
    support = radios(
        "Support",
        choices(Support, SUPPORT_LABELS),
        required_message="Select whether the person is offered or receiving support",
        initial=Support.NONE.value,
    )
    nrm = radios(
        "National Referral Mechanism",
        choices(Nrm, NRM_LABELS),
        required_message="Select the person's National Referral Mechanism state",
        initial=Nrm.NONE.value,
    )

    def person_details(self) -> PersonDetails | None:
        """The person as typed; None when nothing about them was given (the action accepts that
        for a third party's report only, and says so otherwise)."""
        if not any(self.cleaned_data.get(name) for name in PERSON_FIELDS):
            return None
        return self.identity()

    def party_facts(self) -> PartyFacts:
        data = self.cleaned_data
        return PartyFacts(
            role=data["role"],
            age_group=data["age_group"],
            immigration_status=data["immigration_status"],
            suspected_offending=data["suspected_offending"] == "yes",
            support=data["support"],
            nrm=data["nrm"],
        )


class AddPartyForm(PartyForm):
    """Adding a person to a case: their part first, then who they are."""

    field_order = (
        "role",
        "age_group",
        "immigration_status",
        "suspected_offending",
        "support",
        "nrm",
        *PersonForm.base_fields,
    )


class ReportForm(PartyForm):
    """A report: the crime, the person (if known) and their part in the case."""

    field_order = (
        "crime_type",
        "summary",
        "occurred_on",
        "reported_on",
        "reporting_route",
        "stage",
        *PersonForm.base_fields,
    )  # then the person's part in the case

    crime_type = radios(
        "Type of crime",
        choices(CrimeType, CRIME_TYPE_LABELS),
        required_message="Select the type of crime",
    )
    summary = text_area("Summary of the report", help_text="What happened, in your own words.")
    occurred_on = GovukDateField(
        label="Date of the offence",
        required=False,
        help_text="If known. For example, 3 1 2026.",
    )
    reported_on = GovukDateField(
        label="Date reported",
        help_text="For example, 27 3 2026.",
        error_messages={"required": "Enter the date the crime was reported"},
    )
    reporting_route = radios(
        "How was the crime reported?",
        ReportingRoute.choices,
        required_message="Select how the crime was reported",
    )
    stage = radios(
        "Stage of the case",
        choices(Stage),
        required_message="Select the stage of the case",
        initial=Stage.INVESTIGATION.value,
    )


# What the action's problem keys are called on the report form.
REPORT_ALIASES = {"person": "given_name", "officer_in_charge": "reporting_route"}


# Case progress -----------------------------------------------------------------------------------


class StageForm(GovukForm):
    stage = radios(
        "What stage is the case at?",
        choices(Stage),
        required_message="Select the stage of the case",
    )


class SupportForm(GovukForm):
    support = radios(
        "Is the person offered or receiving support and advice?",
        choices(Support, SUPPORT_LABELS),
        required_message="Select whether the person is offered or receiving support",
    )


class ReassignForm(GovukForm):
    """Who is to be the officer in charge: one of the force's officers."""

    officer = select(
        "Who is to be the officer in charge?", [], required_message="Select an officer of the force"
    )

    def __init__(self, *args: Any, officers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officer"].choices = [("", "Choose an officer"), *officers]  # type: ignore[attr-defined]


class StatusForm(GovukForm):
    """Correcting what the police record of the person's status and offending."""

    immigration_status = status_field()
    suspected_offending = offending_field()


class NrmForm(GovukForm):
    nrm = radios(
        "What is the person's National Referral Mechanism state?",
        choices(Nrm, NRM_LABELS),
        required_message="Select the person's National Referral Mechanism state",
    )


class OpenReasonForm(GovukForm):
    reason = radios(
        "Why are you opening this case?",
        OpenReason.choices,
        required_message="Select why you are opening this case",
        help_text="This case is not assigned to you. Your reason is recorded in the audit log.",
    )


# Sharing -----------------------------------------------------------------------------------------


class SharingForm(GovukForm):
    """A proposed share with Immigration Enforcement, to be decided under the force's regime."""

    purpose = radios(
        "What is the purpose of the share?",
        choices(Purpose),
        item_hints=PURPOSE_HINTS,
        required_message="Select the purpose of the share",
    )
    categories = checkboxes(
        "Which data would be shared?",
        choices(Category),
        item_hints=CATEGORY_HINTS,
        required_message="Select at least one category of data",
        help_text="Select all that apply. Ask only for what the purpose needs.",
    )


class ConsentForm(GovukForm):
    """The person's answer about sharing with Immigration Enforcement for one purpose."""

    purpose = radios(
        "What purpose is the person's answer about?",
        choices(Purpose),
        required_message="Select the purpose the person's answer is about",
    )
    categories = checkboxes(
        "Which data does the answer cover?",
        choices(Category),
        item_hints=CATEGORY_HINTS,
        required_message="Select at least one category of data",
        help_text="Select all that apply.",
        required=False,  # the consent action says so when none is chosen (one rule, one place)
    )
    answer = radios(
        "What did the person answer?",
        choices(
            list(ConsentAnswer.values),
            {ConsentAnswer.GIVEN: "Consent given", ConsentAnswer.REFUSED: "Consent refused"},
        ),
        required_message="Select whether the person gave or refused consent",
    )
    method = consent_method()


class NrmConsentForm(GovukForm):
    """An adult's answer about being referred to the National Referral Mechanism."""

    answer = radios(
        "Does the person agree to be referred to the National Referral Mechanism?",
        [
            (ConsentAnswer.GIVEN, "Yes, they agree to be referred"),
            (ConsentAnswer.REFUSED, "No, they do not agree"),
        ],
        required_message="Select whether the person agrees to be referred",
        help_text="The National Referral Mechanism identifies and supports victims of modern "
        "slavery. An adult must give informed consent; if they do not, the police tell the Home "
        "Office about the crime without naming them.",
    )
    method = consent_method()


class DiscloseForm(GovukForm):
    """Which of a decision's permitted categories to send. None is ticked: a share is a choice
    the officer makes, category by category."""

    categories = checkboxes(
        "What will you share?",
        choices([]),
        required_message="Select what you will share",
        help_text="Only the permitted categories can be shared. Share only what is needed.",
    )

    def __init__(self, *args: Any, permitted: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["categories"]
        assert isinstance(field, Checkboxes)  # noqa: S101 - declared above
        field.choices = choices(permitted)
        field.item_hints = {c: CATEGORY_HINTS[Category(c)] for c in permitted}


class ConfirmShareForm(GovukForm):
    """The lawful basis of a share and why it is needed, asked before anything is sent."""

    lawful_basis = radios(
        "What is the lawful basis for this share?",
        LawfulBasis.choices,
        required_message="Select the lawful basis for this share",
    )
    justification = text_area(
        "Why is this share needed?",
        required=True,
        required_message="Enter why this share is needed, in your own words",
        help_text="In your own words. It is kept with the disclosure for the data protection "
        "officer and inspectors; Immigration Enforcement does not see it.",
    )


# The force's regime ------------------------------------------------------------------------------


class RegimeForm(GovukForm):
    """The regime to operate under, and the day it takes effect (today or later)."""

    regime = radios(
        "Which regime will the force operate under?",
        choices(RegimeId, {r.value: info.title for r, info in REGIME_INFO.items()}),
        item_hints={r.value: info.position for r, info in REGIME_INFO.items()},
        required_message="Select the regime the force will operate under",
    )
    effective_from = GovukDateField(
        label="Date the regime takes effect",
        help_text="Today or later: the regime in force on a past day is never changed.",
        error_messages={"required": "Enter the date the regime takes effect"},
    )
    reason = text_area(
        "Why is the force changing its regime?",
        required=True,
        required_message="Enter why the force is changing its regime",
        help_text="For example, the decision of the chief officer group and its date. It is kept "
        "with the change for inspectors and your successors.",
    )
    review_on = GovukDateField(
        label="When will you review it?",
        required=False,
        help_text="If you mean to. For example, 1 4 2027.",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts, review = cleaned.get("effective_from"), cleaned.get("review_on")
        if starts and review and review <= starts:
            self.add_error("review_on", "The review date must be after the date it takes effect")
        return cleaned


class FindCaseForm(GovukForm):
    """Open a case by its reference: the only way to find one (there is no search by name)."""

    reference = text_field(
        "Case reference",
        required=True,
        max_length=80,
        required_message="Enter the case reference",
        help_text="It starts with case_, for example case_3f9a0c…",
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )


class CaseFilterForm(GovukForm):
    """Which of the force's cases to list."""

    stage = select(
        "Stage",
        [("", "Any stage"), *choices(Stage)],
        required_message="Select a stage from the list",
        required=False,
    )
    crime_type = select(
        "Crime",
        [("", "Any crime"), *choices(CrimeType, CRIME_TYPE_LABELS)],
        required_message="Select a crime from the list",
        required=False,
    )
    mine = checkboxes(
        "Officer in charge",
        [("yes", "Only cases assigned to me")],
        required_message="Select only cases assigned to you, or leave it unticked",
        required=False,
    )
    overdue = checkboxes(
        "Tasks",
        [("yes", "Only cases with overdue tasks")],
        required_message="Select only cases with overdue tasks, or leave it unticked",
        required=False,
        help_text="A task is overdue when it is still open 2 working days after it was owed.",
    )


class ErasePersonForm(GovukForm):
    """A person's request to erase their data, as the DPO logged it, and the DPO's confirmation."""

    request_reference = text_field(
        "Request reference",
        required=True,
        max_length=40,
        help_text="Your force's own reference for the request, from its request log: letters, "
        "digits, dots, slashes and dashes only, never a name. It is kept in the audit log.",
    )
    received_on = GovukDateField(
        label="Date the request was received",
        help_text="For example, 27 11 2026.",
        error_messages={"required": "Enter the date the request was received"},
    )
    confirm = checkboxes(
        "Confirm the erasure",
        [("erase", "I have checked the request is valid, and understand this cannot be undone")],
        required_message="Confirm that you have checked the request is valid",
    )
