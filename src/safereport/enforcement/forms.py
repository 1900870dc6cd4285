"""The Immigration Enforcement side's forms: the protocol check, and the inbox's filters. They ask
for a protocol reference, dates and a flag, never a name: there is no way to look a person up
here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from safereport.enforcement.references import PROTOCOL_REFERENCE
from safereport.policy.vocabulary import ACTION_TEXT, EnforcementAction
from safereport.web.kit.forms import GovukDateField, GovukForm, radios, text_field

ACTION_CHOICES = [
    (a.value, ACTION_TEXT[a][:1].upper() + ACTION_TEXT[a][1:]) for a in EnforcementAction
]
WRONG_REFERENCE = (
    "Protocol reference must be prot_ followed by 32 letters and numbers (0 to 9 and a to f), "
    "as it came with the disclosure"
)


class ProtocolCheckForm(GovukForm):
    protocol_reference = text_field(
        "Protocol reference",
        required=True,
        max_length=100,
        help_text="It came with the disclosure: prot_ followed by 32 letters and numbers.",
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    action = radios(
        "What action do you propose to take?",
        ACTION_CHOICES,
        required_message="Select the action you propose to take",
    )

    def clean_protocol_reference(self) -> str:
        reference = str(self.cleaned_data["protocol_reference"]).strip().lower()
        if not PROTOCOL_REFERENCE.fullmatch(reference):
            raise ValidationError(WRONG_REFERENCE)
        return reference


PROTECTION_CHOICES = [
    ("", "Either"),
    ("yes", "Protection registered"),
    ("no", "No protection registered"),
]


class InboxFilterForm(GovukForm):
    """Which disclosures to list: received between two days, with a protection or without."""

    received_from = GovukDateField(
        label="Received from", required=False, help_text="For example, 1 4 2026."
    )
    received_to = GovukDateField(
        label="Received to", required=False, help_text="For example, 30 4 2026."
    )
    protection = radios(
        "Protocol protection",
        PROTECTION_CHOICES,
        required_message="Select whether a protocol protection is registered, or either",
        required=False,
        initial="",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts, ends = cleaned.get("received_from"), cleaned.get("received_to")
        if starts and ends and ends < starts:
            self.add_error("received_to", "Received to must be the same as or after received from")
        return cleaned

    def protected(self) -> bool | None:
        """Whether to list only disclosures with a protection (True), only without (False), or
        both (None)."""
        chosen = self.cleaned_data.get("protection") or ""
        return {"yes": True, "no": False}.get(chosen)
