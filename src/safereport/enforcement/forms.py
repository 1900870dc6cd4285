"""The Immigration Enforcement side's one form: the protocol check. It asks for a protocol
reference, never a name: there is no way to look a person up here."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from safereport.enforcement.references import PROTOCOL_REFERENCE
from safereport.policy.vocabulary import ACTION_TEXT, EnforcementAction
from safereport.web.kit.forms import GovukForm, radios, text_field

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
