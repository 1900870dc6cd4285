"""The notices' forms, on the shared GOV.UK kit."""

from __future__ import annotations

from django import forms

from safereport.web.kit.forms import GovukForm, text_field


class GiveInPersonForm(GovukForm):
    """Giving the current version in person."""

    interpreter_language = text_field(
        "Which language did the interpreter read it in?",
        max_length=16,
        help_text="Only if an interpreter read the notice to the person. For example, ar or pt.",
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )


class OpenNoticeForm(GovukForm):
    """What the person types to read their notice: both printed on it."""

    reference = text_field(
        "Notice reference",
        required=True,
        max_length=80,
        required_message="Enter the notice reference",
        help_text="It starts with ntc_ and is printed at the top of your notice.",
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    code = text_field(
        "Access code",
        required=True,
        max_length=40,
        required_message="Enter the access code",
        help_text="10 letters and numbers, printed on your notice.",
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
