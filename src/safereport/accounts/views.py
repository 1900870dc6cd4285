"""Sign-in and sign-out, GOV.UK styled."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_POST

from safereport.accounts import lockouts
from safereport.accounts.access import public
from safereport.accounts.forms import SignInForm


@public
def sign_in(request: HttpRequest) -> HttpResponseBase:
    view = auth_views.LoginView.as_view(
        template_name="accounts/sign_in.html",
        authentication_form=SignInForm,
        redirect_authenticated_user=True,
    )
    return view(request)


@public
@require_POST
def sign_out(request: HttpRequest) -> HttpResponseBase:
    response = auth_views.LogoutView.as_view()(request)
    # Said in the new, signed-out session, so the sign-in page shows it.
    messages.success(request, "You have signed out")
    return response


def locked_out(
    request: HttpRequest, original_response: object = None, credentials: object = None
) -> HttpResponse:
    """django-axes' answer to a locked-out sign-in (AXES_LOCKOUT_CALLABLE): when the pause lifts
    (by the clock too), who can help, and the way back to the sign-in page. 429, as axes
    answers."""
    minutes = round(float(settings.AXES_COOLOFF_TIME) * 60)
    username = credentials.get("username") if isinstance(credentials, dict) else None
    until = lockouts.locked_until(str(username)) if username else None
    return render(
        request, "accounts/locked_out.html", {"minutes": minutes, "until": until}, status=429
    )
