"""The service's addresses and two more whose pages fail (a fault in the code; a database that
cannot be reached), for the 500 and 503 pages' tests."""

from __future__ import annotations

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.urls import path

from safereport.accounts.access import public
from safereport.web.urls import urlpatterns as service


@public
def failing(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a fault in the page's code, with Example Person's details in hand")


urlpatterns = [path("failing/", failing), *service]


@public
def unreachable(request: HttpRequest) -> HttpResponse:
    raise OperationalError("could not connect to server: Connection refused")


urlpatterns.insert(0, path("unreachable/", unreachable))
