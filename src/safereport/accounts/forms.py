"""The accounts' forms, drawn by the shared GOV.UK kit with error messages in the GOV.UK style:
sign-in, choosing a password through a link, and the administrator's users and organisations."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm

from safereport.accounts import passwords
from safereport.accounts.actions import organisation_problems, user_problems
from safereport.accounts.models import Organisation, User
from safereport.accounts.roles import OrganisationKind, Role
from safereport.web.kit.forms import (
    SHORT_TEXT,
    GovukBoundField,
    GovukForm,
    radios,
    select,
    text_field,
    yes_no,
)


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


# The administrator's pages ----------------------------------------------------------------------


class UserForm(GovukForm):
    """A new user: who they are, their one role and their organisation. Every problem is shown at
    once: the shape here, and what the action would refuse (`actions.user_problems`) too."""

    first_name = text_field("First name", required=True)
    last_name = text_field("Last name", required=True)
    username = text_field(
        "Username",
        required=True,
        max_length=150,
        validators=[User.username_validator],
        help_text="What they type to sign in. Letters, numbers and @ . + - _ only",
    )
    email = forms.EmailField(
        label="Email address",
        max_length=SHORT_TEXT,
        help_text="The link to set their password is sent here",
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the right format, like name@example.org",
        },
    )
    role = radios("Role", Role.choices, required_message="Select their role")
    organisation = select("Organisation", [], required_message="Select their organisation")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"spellcheck": "false"})
        self.fields["email"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        # Only active organisations are offered: an inactive one's users cannot sign in.
        offered = Organisation.objects.filter(active=True).order_by("name")
        organisation = cast(forms.ChoiceField, self.fields["organisation"])
        organisation.choices = [("", "Select an organisation")] + [
            (o.code, f"{o.name} ({o.get_kind_display().lower()})") for o in offered
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        problems = user_problems(
            username=data.get("username", ""),
            role=data.get("role", ""),
            organisation_code=data.get("organisation", ""),
        )
        # Only on the fields that are otherwise right: the others already say what to fix.
        for field, why in problems.items():
            if field in data:
                self.add_error(field, why)
        return data


class OrganisationForm(GovukForm):
    """A new organisation (a police force is one kind)."""

    name = text_field("Name", required=True, required_message="Enter the organisation's name")
    code = text_field(
        "Code",
        required=True,
        max_length=80,
        required_message="Enter the organisation's code",
        help_text="Lowercase words joined by hyphens, like north-wales-police. It cannot be "
        "changed later: the audit log names the organisation by it",
    )
    kind = radios("Kind", OrganisationKind.choices, required_message="Select what kind it is")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update({"spellcheck": "false"})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        problems = organisation_problems(
            code=data.get("code", ""), name=data.get("name", ""), kind=data.get("kind", "")
        )
        for field, why in problems.items():
            if field in data:
                self.add_error(field, why)
        return data


class OrganisationChangeForm(GovukForm):
    """An organisation's name, and whether it is active."""

    name = text_field("Name", required=True, required_message="Enter the organisation's name")
    active = yes_no(
        "Is the organisation active?",
        required_message="Select yes if the organisation is active",
        help_text="The users of an inactive organisation cannot sign in, and it is not offered "
        "when adding users",
    )


class NewPasswordForm(SetPasswordForm, GovukForm):  # type: ignore[type-arg] # generic in stubs only
    """Choosing a password through a one-time link, with Django's password validators; their
    problems are shown on the first box, a mismatch on the second."""

    error_messages = {  # noqa: RUF012 - Django's own shape
        "password_mismatch": "The passwords do not match: type the same password in both boxes",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        first, second = self.fields["new_password1"], self.fields["new_password2"]
        first.label = "New password"
        first.help_text = (
            "At least 12 characters. Not a common password, not only numbers, and not like "
            "your name, username or email address"
        )
        first.error_messages["required"] = "Enter a new password"
        second.label = "Type the new password again"
        second.help_text = ""
        second.error_messages["required"] = "Type the new password again"

    def clean(self) -> dict[str, Any]:
        self.validate_passwords("new_password1", "new_password2")
        self.validate_password_for_user(self.user, "new_password1")
        return forms.Form.clean(self) or {}

    def save(self, commit: bool = True) -> User:
        return passwords.set_password(user=self.user, password=self.cleaned_data["new_password1"])
