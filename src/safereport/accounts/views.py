"""Sign-in and sign-out, GOV.UK styled."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_POST

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
    return auth_views.LogoutView.as_view()(request)
