"""The police side's forms: they parse what an officer typed into the actions' arguments, and
carry what the GOV.UK Design System markup needs (ids, hints, errors naming the field).

Forms check shape only (a choice from the list, a real date, a length); the rules about meaning
(an e-mail address that is one, a date of birth in the past...) stay in the actions, whose
problems `add_problems` puts back on the fields they name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.utils import timezone

from safereport.casework.errors import CaseworkError
from safereport.casework.inputs import LONG_TEXT, SHORT_TEXT, PartyFacts, PersonDetails
from safereport.casework.vocabulary import (
    ConsentAnswer,
    ConsentMethod,
    OpenReason,
    ReportingRoute,
)
from safereport.enforcement.snapshots import DISCLOSABLE_FIELDS
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

YES_NO = (("yes", "Yes"), ("no", "No"))


def words(value: str) -> str:
    """A vocabulary word as text: `domestic_abuse` is "Domestic abuse"."""
    return value.replace("_", " ").capitalize()


def _choices(
    values: Sequence[str], labels: Mapping[str, str] | None = None
) -> list[tuple[str, str]]:
    labels = labels or {}
    return [(value, labels.get(value, words(value))) for value in values]


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
STATUS_HINTS: dict[str, str] = {
    ImmigrationStatus.NOT_IN_QUESTION: "There is no concern about the person's status.",
    ImmigrationStatus.UNCERTAIN: "You only have concerns or doubts about the person's status.",
    ImmigrationStatus.INSECURE: (
        "The person is known to lack leave, or holds leave that is precarious or depends on "
        "another person."
    ),
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


# GOV.UK markup ----------------------------------------------------------------------------------


class GovukBoundField(BoundField):
    """A bound field with what the GOV.UK templates need: which component, ids for the hint
    and the error, the radio or checkbox items, the parts of a date."""

    @property
    def kind(self) -> str:
        widget = self.field.widget
        if isinstance(self.field, GovukDateField):
            return "date"
        if isinstance(widget, forms.CheckboxSelectMultiple):
            return "checkboxes"
        if isinstance(widget, forms.RadioSelect):
            return "radios"
        if isinstance(widget, forms.Textarea):
            return "textarea"
        return "input"

    @property
    def error_message(self) -> str:
        return str(self.errors[0]) if self.errors else ""

    @property
    def hint_id(self) -> str:
        return f"{self.auto_id}-hint"

    @property
    def error_id(self) -> str:
        return f"{self.auto_id}-error"

    @property
    def described_by(self) -> str:
        ids = [self.hint_id] if self.help_text else []
        return " ".join([*ids, *([self.error_id] if self.errors else [])])

    @property
    def target_id(self) -> str:
        """Where the error summary's link for this field goes: the first input in error."""
        if self.kind == "date":
            wrong = [part for part in self.date_parts if part["error"]]
            return str((wrong or self.date_parts)[0]["id"])
        return str(self.auto_id)

    @property
    def items(self) -> list[dict[str, Any]]:
        """Radios or checkboxes: value, label, hint, id (the first has the field's id)."""
        value = self.value()
        chosen = {str(v) for v in value} if isinstance(value, list | tuple) else {str(value)}
        hints: Mapping[str, str] = getattr(self.field, "item_hints", {})
        found = []
        for number, (choice, label) in enumerate(self.field.choices, start=1):  # type: ignore[attr-defined]
            item_id = self.auto_id if number == 1 else f"{self.auto_id}-{number}"
            found.append(
                {
                    "value": choice,
                    "label": label,
                    "id": item_id,
                    "checked": str(choice) in chosen,
                    "hint": hints.get(str(choice), ""),
                    "hint_id": f"{item_id}-item-hint",
                }
            )
        return found

    @property
    def date_parts(self) -> list[dict[str, Any]]:
        """Day, month and year as typed (or from the initial date), each marked if in error."""
        value = self.value()
        if isinstance(value, date):
            raw = [str(value.day), str(value.month), str(value.year)]
        elif isinstance(value, list | tuple):
            raw = [str(part or "") for part in value]
        else:
            raw = ["", "", ""]
        empty = [not part.strip() for part in raw]
        partly = self.errors and any(empty) and not all(empty)
        return [
            {
                "name": f"{self.html_name}_{part}",
                "id": f"{self.auto_id}_{part}",
                "label": part.capitalize(),
                "value": raw[number],
                "width": "4" if part == "year" else "2",
                "error": bool(self.errors) and (empty[number] if partly else True),
            }
            for number, part in enumerate(("day", "month", "year"))
        ]


class GovukForm(forms.Form):
    """A form rendered with GOV.UK markup; errors are listed in the summary in field order."""

    bound_field_class = GovukBoundField

    @property
    def error_links(self) -> list[dict[str, str]]:
        """Each error, and the id of the input the summary links it to."""
        links = []
        fields = list(self)
        first = fields[0].target_id if fields else "main-content"  # type: ignore[attr-defined]
        links += [{"text": str(e), "href": first} for e in self.non_field_errors()]
        for field in fields:
            links += [{"text": str(e), "href": field.target_id} for e in field.errors]  # type: ignore[attr-defined]
        return links


class Radios(forms.ChoiceField):
    """One choice from a list, shown as GOV.UK radios; `item_hints` maps a value to its hint."""

    widget = forms.RadioSelect

    def __init__(self, *, item_hints: Mapping[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.item_hints = dict(item_hints or {})


class Checkboxes(forms.MultipleChoiceField):
    """Any number of choices, shown as GOV.UK checkboxes."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *, item_hints: Mapping[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.item_hints = dict(item_hints or {})


class DateWidget(forms.MultiWidget):
    """Three text boxes, `<name>_day`, `<name>_month`, `<name>_year`."""

    def __init__(self) -> None:
        parts: dict[str, forms.Widget | type[forms.Widget]] = {
            "day": forms.TextInput(),
            "month": forms.TextInput(),
            "year": forms.TextInput(),
        }
        super().__init__(widgets=parts)

    def decompress(self, value: Any) -> list[str]:
        if isinstance(value, date):
            return [str(value.day), str(value.month), str(value.year)]
        return ["", "", ""]


class GovukDateField(forms.Field):
    """A date typed as day, month and year; every message names the field."""

    widget = DateWidget

    def to_python(self, value: Any) -> date | None:
        parts = [str(p or "").strip() for p in value] if isinstance(value, list | tuple) else []
        parts = [*parts, "", "", ""][:3]
        if not any(parts):
            return None
        missing = [
            name for name, part in zip(("day", "month", "year"), parts, strict=True) if not part
        ]
        if missing:
            raise ValidationError(f"{self.label} must include a {' and a '.join(missing)}")
        if not all(part.isdigit() for part in parts):
            raise ValidationError(f"{self.label} must be a real date, in numbers, like 27 3 2025")
        day, month, year = parts
        if len(year) != 4:
            raise ValidationError(f"{self.label} must have a year with 4 numbers, like 2025")
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(f"{self.label} must be a real date") from None


def _text(
    label: str, *, required: bool = False, max_length: int = SHORT_TEXT, **kw: Any
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        error_messages={
            "required": f"Enter the {label.lower()}",
            "max_length": f"{label} must be {max_length:,} characters or fewer",
        },
        **kw,
    )


def _area(label: str, **kw: Any) -> forms.CharField:
    return _text(label, max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 5}), **kw)


def _radios(
    label: str,
    values: Sequence[str],
    *,
    required_message: str,
    labels: Mapping[str, str] | None = None,
    **kw: Any,
) -> Radios:
    choices = _choices(values, labels)
    allowed = ", ".join(label for _, label in choices)
    return Radios(
        label=label,
        choices=choices,
        error_messages={
            "required": required_message,
            "invalid_choice": f"{label} must be one of: {allowed}",
        },
        **kw,
    )


def _checkboxes(
    label: str, values: Sequence[str], *, required_message: str, **kw: Any
) -> Checkboxes:
    choices = _choices(values)
    allowed = ", ".join(label for _, label in choices)
    return Checkboxes(
        label=label,
        choices=choices,
        error_messages={
            "required": required_message,
            "invalid_choice": f"{label} must be among: {allowed}",
        },
        **kw,
    )


def _yes_no(label: str, *, required_message: str, **kw: Any) -> Radios:
    return Radios(
        label=label,
        choices=YES_NO,
        error_messages={
            "required": required_message,
            "invalid_choice": f"{label}: choose Yes or No",
        },
        **kw,
    )


def add_problems(
    form: forms.Form, error: CaseworkError, aliases: Mapping[str, str] | None = None
) -> None:
    """Put an action's problems on the fields they name (`person.email` on `email`), each message
    starting with the field's label; anything else goes in the summary as the action said it."""
    aliases = aliases or {}
    placed = False
    for key, why in error.fields.items():
        name = aliases.get(key, key.rsplit(".", 1)[-1].split("[", 1)[0])
        if name in form.fields:
            label = form.fields[name].label or words(name)
            form.add_error(name, f"{label} {why}")
            placed = True
    if not placed:
        form.add_error(None, error.message)


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


class PersonForm(GovukForm):
    """Who the person is and how to reach them safely: the identity part of a report, asked the
    same way by the police's report form and a support organisation's third-party report form.

    Django puts a base form's fields before the subclass's own, so a form built on it places
    them with `field_order`.
    """

    given_name = _text("Given name", widget=forms.TextInput(attrs={"autocomplete": "off"}))
    family_name = _text("Family name", widget=forms.TextInput(attrs={"autocomplete": "off"}))
    date_of_birth = GovukDateField(
        label="Date of birth", required=False, help_text="For example, 12 4 1990."
    )
    nationality = _text("Nationality")
    phone = _text("Phone number", widget=forms.TextInput(attrs={"type": "tel"}))
    email = _text(
        "Email address", widget=forms.TextInput(attrs={"type": "email", "spellcheck": "false"})
    )
    address = _area("Address")
    preferred_language = _text(
        "Preferred language",
        max_length=2,
        help_text="A two-letter ISO 639-1 code, like es for Spanish or pt for Portuguese.",
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    interpreter_needed = _yes_no(
        "Does the person need an interpreter?",
        required_message="Select whether the person needs an interpreter",
        initial="no",
    )
    safe_contact_instructions = _area(
        "Safe contact instructions",
        help_text="How and when the person can be contacted safely.",
    )

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
        )


class ReportForm(PersonForm):
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

    crime_type = _radios(
        "Type of crime",
        [c.value for c in CrimeType],
        labels=CRIME_TYPE_LABELS,
        required_message="Select the type of crime",
    )
    summary = _area("Summary of the report", help_text="What happened, in your own words.")
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
    reporting_route = _radios(
        "How was the crime reported?",
        list(ReportingRoute.values),
        labels=dict(ReportingRoute.choices),
        required_message="Select how the crime was reported",
    )
    stage = _radios(
        "Stage of the case",
        [s.value for s in Stage],
        required_message="Select the stage of the case",
        initial=Stage.INVESTIGATION.value,
    )

    role = _radios(
        "The person's role in the case",
        [r.value for r in Role],
        required_message="Select the person's role in the case",
    )
    age_group = _radios(
        "Age group",
        [a.value for a in AgeGroup],
        labels={AgeGroup.ADULT: "Adult", AgeGroup.CHILD: "Child (under 18)"},
        required_message="Select the person's age group",
    )
    immigration_status = _radios(
        "Immigration status",
        [s.value for s in ImmigrationStatus],
        labels=STATUS_LABELS,
        item_hints=STATUS_HINTS,
        required_message="Select what is known of the person's immigration status",
    )
    suspected_offending = _yes_no(
        "Is there evidence that the person has committed an offence?",
        required_message="Select whether there is evidence that the person committed an offence",
    )
    support = _radios(
        "Support",
        [s.value for s in Support],
        labels=SUPPORT_LABELS,
        required_message="Select whether the person is offered or receiving support",
        initial=Support.NONE.value,
    )
    nrm = _radios(
        "National Referral Mechanism",
        [n.value for n in Nrm],
        labels=NRM_LABELS,
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


# What the action's problem keys are called on the report form.
REPORT_ALIASES = {"person": "given_name", "officer_in_charge": "reporting_route"}


# Case progress -----------------------------------------------------------------------------------


class StageForm(GovukForm):
    stage = _radios(
        "What stage is the case at?",
        [s.value for s in Stage],
        required_message="Select the stage of the case",
    )


class SupportForm(GovukForm):
    support = _radios(
        "Is the person offered or receiving support and advice?",
        [s.value for s in Support],
        labels=SUPPORT_LABELS,
        required_message="Select whether the person is offered or receiving support",
    )


class NrmForm(GovukForm):
    nrm = _radios(
        "What is the person's National Referral Mechanism state?",
        [n.value for n in Nrm],
        labels=NRM_LABELS,
        required_message="Select the person's National Referral Mechanism state",
    )


class OpenReasonForm(GovukForm):
    reason = _radios(
        "Why are you opening this case?",
        list(OpenReason.values),
        labels=dict(OpenReason.choices),
        required_message="Select why you are opening this case",
        help_text="This case is not assigned to you. Your reason is recorded in the audit log.",
    )


# Sharing -----------------------------------------------------------------------------------------


class SharingForm(GovukForm):
    """A proposed share with Immigration Enforcement, to be decided under the force's regime."""

    purpose = _radios(
        "What is the purpose of the share?",
        [p.value for p in Purpose],
        item_hints=PURPOSE_HINTS,
        required_message="Select the purpose of the share",
    )
    categories = _checkboxes(
        "Which data would be shared?",
        [c.value for c in Category],
        item_hints=CATEGORY_HINTS,
        required_message="Select at least one category of data",
        help_text="Select all that apply. Ask only for what the purpose needs.",
    )


class ConsentForm(GovukForm):
    """The person's answer about sharing with Immigration Enforcement for one purpose."""

    purpose = _radios(
        "What purpose is the person's answer about?",
        [p.value for p in Purpose],
        required_message="Select the purpose the person's answer is about",
    )
    categories = _checkboxes(
        "Which data does the answer cover?",
        [c.value for c in Category],
        item_hints=CATEGORY_HINTS,
        required_message="Select at least one category of data",
        help_text="Select all that apply.",
    )
    answer = _radios(
        "What did the person answer?",
        list(ConsentAnswer.values),
        labels={ConsentAnswer.GIVEN: "Consent given", ConsentAnswer.REFUSED: "Consent refused"},
        required_message="Select whether the person gave or refused consent",
    )
    method = _radios(
        "How was the answer given?",
        list(ConsentMethod.values),
        labels=dict(ConsentMethod.choices),
        required_message="Select how the answer was given",
    )


class DiscloseForm(GovukForm):
    """Which of a decision's permitted categories to send (all, unless the officer unticks)."""

    categories = _checkboxes(
        "What will you share?",
        [],
        required_message="Select at least one permitted category to share",
        help_text="Only the permitted categories can be shared. Share only what is needed.",
    )

    def __init__(self, *args: Any, permitted: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["categories"]
        assert isinstance(field, Checkboxes)  # noqa: S101 - declared above
        field.choices = _choices(permitted)
        field.item_hints = {c: CATEGORY_HINTS[Category(c)] for c in permitted}
        field.initial = list(permitted)


# The force's regime ------------------------------------------------------------------------------


class RegimeForm(GovukForm):
    """The regime to operate under, and the day it takes effect (today or later)."""

    regime = _radios(
        "Which regime will the force operate under?",
        [r.value for r in RegimeId],
        labels={r.value: f"{info.title} ({r.value})" for r, info in REGIME_INFO.items()},
        item_hints={r.value: info.position for r, info in REGIME_INFO.items()},
        required_message="Select the regime the force will operate under",
    )
    effective_from = GovukDateField(
        label="Date the regime takes effect",
        help_text="Today or later: the regime in force on a past day is never changed.",
        error_messages={"required": "Enter the date the regime takes effect"},
    )

    def clean_effective_from(self) -> date:
        day: date = self.cleaned_data["effective_from"]
        if day < timezone.localdate():
            raise ValidationError("Date the regime takes effect must be today or in the future")
        return day
