"""The sign-in form, with error messages in the GOV.UK style."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    error_messages = {  # noqa: RUF012 - Django's own shape
        "invalid_login": "Enter a correct username and password",
        "inactive": "This account has been closed",
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["username"].widget = forms.TextInput(
            attrs={"class": "govuk-input", "autocomplete": "username", "spellcheck": "false"}
        )
        self.fields["password"].widget = forms.PasswordInput(
            attrs={"class": "govuk-input", "autocomplete": "current-password"}
        )

    def full_clean(self) -> None:
        """Mark the inputs in error the GOV.UK way, and tie each to its message."""
        super().full_clean()
        for name, field in self.fields.items():
            if name not in self.errors and not self.non_field_errors():
                continue
            field.widget.attrs["class"] = "govuk-input govuk-input--error"
            if name in self.errors:
                field.widget.attrs["aria-describedby"] = f"id_{name}-error"
