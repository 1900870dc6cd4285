"""The page a one-time link opens: choose a password, GOV.UK styled, then sign in with it.

Django's `PasswordResetConfirmView` checks the link: it moves the token into the session and
the address bar shows `.../set-password/` instead (so the token is not sent on in a Referer), and
answers a used, expired or replaced link with the page that says it no longer works.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import reverse_lazy

from safereport.accounts import passwords
from safereport.accounts.access import public
from safereport.accounts.forms import NewPasswordForm
from safereport.accounts.models import User


class SetPasswordView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "accounts/set_password.html"
    success_url = reverse_lazy("sign-in")

    def get_user(self, uidb64: str) -> User | None:
        # Django's `uidb64` part of the address holds the user's pseudonym here: no database id
        # or username in a link. A deactivated account's links stop working.
        return passwords.user_for_link(uidb64)

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, "Your password is set: sign in with it")
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["hours"] = passwords.link_hours()
        return context


set_password = public(SetPasswordView.as_view())
