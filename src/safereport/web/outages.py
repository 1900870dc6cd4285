"""Outages told apart from bugs (issue 14, item 6): when the database cannot be reached, a page or
an API call answers 503 with `Retry-After`, which a person or a client can act on, rather than a
500 that asks to be reported. And what is logged about a request names its route, never its raw
path: a mistyped reference in an address could be a name."""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from safereport.api import errors as api_errors

RETRY_AFTER = api_errors.RETRY_AFTER
API_PREFIX = "/api/"
UNREACHABLE = (OperationalError, InterfaceError)  # the database is down, restarting or locked


def is_outage(error: BaseException | None) -> bool:
    return isinstance(error, UNREACHABLE)


def unavailable(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: the API's error shape on its paths, the service's page elsewhere."""
    if request.path.startswith(API_PREFIX):
        return api_errors.unavailable(request)
    # Rendered without the request, so that no context processor reads the signed-in user.
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = RETRY_AFTER
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: Django calls it while handling the exception, which is therefore in hand. An
    outage is 503; anything else is the 500 page (the API's own shape on its paths)."""
    _, error, _ = sys.exc_info()
    if is_outage(error):
        return unavailable(request)
    if request.path.startswith(API_PREFIX):
        return api_errors.internal_error_body()
    return HttpResponse(render_to_string("500.html"), status=500)
