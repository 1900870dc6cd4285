"""The service's addresses and one more whose page fails, for the 500 page's tests."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from safereport.accounts.access import public
from safereport.web.urls import urlpatterns as service


@public
def failing(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a fault in the page's code, with Example Person's details in hand")


urlpatterns = [path("failing/", failing), *service]
