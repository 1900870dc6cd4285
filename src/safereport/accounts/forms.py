"""The sign-in form, drawn by the shared GOV.UK kit with its error messages in the GOV.UK style."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from safereport.web.kit.forms import GovukBoundField


class SignInForm(AuthenticationForm):
    bound_field_class = GovukBoundField
    error_messages = {  # noqa: RUF012 - Django's own shape
        "invalid_login": "Enter a correct username and password",
        "inactive": "This account has been closed",
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["username"].widget = forms.TextInput(
            attrs={"autocomplete": "username", "spellcheck": "false"}
        )
        self.fields["password"].widget = forms.PasswordInput(
            attrs={"autocomplete": "current-password"}
        )

    @property
    def error_links(self) -> list[dict[str, str]]:
        """Each error and the input it is about; a wrong username or password is about both,
        and the summary links it to the username."""
        links = [{"text": str(e), "href": "id_username"} for e in self.non_field_errors()]
        for field in self:
            links += [{"text": str(e), "href": str(field.auto_id)} for e in field.errors]
        return links
