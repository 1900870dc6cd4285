"""The Immigration Enforcement side's one form: the protocol check. It asks for a protocol
reference, never a name: there is no way to look a person up here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from safereport.enforcement.references import PROTOCOL_REFERENCE
from safereport.policy.vocabulary import ACTION_TEXT, EnforcementAction

ACTION_CHOICES = [
    (a.value, ACTION_TEXT[a][:1].upper() + ACTION_TEXT[a][1:]) for a in EnforcementAction
]


class ProtocolCheckForm(forms.Form):
    protocol_reference = forms.CharField(
        label="Protocol reference",
        max_length=100,
        help_text="It came with the disclosure: prot_ followed by 32 letters and numbers.",
        error_messages={
            "required": "Enter the protocol reference",
            "max_length": "Protocol reference must be prot_ followed by 32 letters and numbers",
        },
    )
    action = forms.ChoiceField(
        label="What action do you propose to take?",
        choices=ACTION_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the action you propose to take",
            "invalid_choice": "Action must be one of: "
            + ", ".join(label.lower() for _, label in ACTION_CHOICES),
        },
    )

    def clean_protocol_reference(self) -> str:
        reference = str(self.cleaned_data["protocol_reference"]).strip().lower()
        if not PROTOCOL_REFERENCE.fullmatch(reference):
            raise ValidationError(
                "Protocol reference must be prot_ followed by 32 letters and numbers (0 to 9 and "
                "a to f), as it came with the disclosure"
            )
        return reference

    @property
    def error_links(self) -> list[dict[str, str]]:
        """Each error and the input it is about, for the error summary."""
        return [
            {"text": str(error), "href": str(self[name].auto_id)}
            for name in self.fields
            for error in self[name].errors
        ]

    def action_items(self) -> list[dict[str, Any]]:
        """The radios, the first carrying the field's id (the error summary links to it)."""
        chosen = self["action"].value()
        base = self["action"].auto_id
        return [
            {
                "value": value,
                "label": label,
                "id": base if number == 1 else f"{base}-{number}",
                "checked": value == chosen,
            }
            for number, (value, label) in enumerate(ACTION_CHOICES, start=1)
        ]
