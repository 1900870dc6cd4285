"""Security headers on every response, sign-in required for every page that is not public, and
the service's own error pages."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from safereport import storable
from safereport.accounts.access import declared_roles, is_public, may_see
from safereport.api import errors as api_errors
from safereport.web import logs, outages

# No inline script or style, nothing from elsewhere: the service works on a closed network.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if not request.path.startswith(settings.STATIC_URL):
            # Any page may show personal data: never keep a copy in a browser or proxy cache.
            response["Cache-Control"] = "no-store"
        return response


class SignInRequiredMiddleware:
    """Deny by default: a view must be public or declare its roles, or nobody reaches it; a
    signed-in user of another role gets 404 here, before the CSRF check (see settings)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if is_public(view):
            return None
        roles = declared_roles(view)
        if roles is None:
            raise Http404  # a view that says nothing about who may see it is seen by nobody
        if not request.user.is_authenticated:
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('sign-in')}?{query}")
        if not may_see(request, roles):
            raise Http404  # as the view's own roles_required would, but before the CSRF check
        return None


class BadInputMiddleware:
    """Input no page can take, answered before any view or check reads it.

    A path holding what no reference can hold (a NUL character, `%00`) names nothing: 404, the
    API's in its error shape. PostgreSQL refuses NUL in text, so looking it up failed there (a
    500) where SQLite found nothing (a 404).

    A form over `DATA_UPLOAD_MAX_MEMORY_SIZE` (or with too many fields or files) is refused by
    Django as it is read, by the CSRF check or the view, with an exception that local mode shows
    as a traceback: here it is read first, and too large is the service's own page (413). The
    API reads its bodies itself and answers in its error shape (`api/errors.py`).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        api = request.path.startswith(API_PREFIX)
        if storable.problem(request.path_info) is not None:
            return api_errors.not_found() if api else render(request, "404.html", status=404)
        if not api and request.method == "POST":
            try:
                request.POST  # noqa: B018 - read now, as the CSRF check would, to refuse it here
            except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent):
                return render(request, "413.html", _limits(request), status=413)
        return self.get_response(request)


class ErrorPagesMiddleware:
    """The service's own pages for a page not found, a form's address opened (405) and a failure
    (500), in every mode: Django's local-mode 404 lists every URL pattern, its 405 is an empty
    page the browser calls broken, and its local-mode 500 shows the code and the values it was
    handling, personal data among them. The API answers in its own error shape and is left
    alone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(API_PREFIX) or request.path.startswith(settings.STATIC_URL):
            return response
        if response.status_code == 404 and settings.DEBUG:
            return render(request, "404.html", status=404)
        if response.status_code == 405 and not response.content:
            page = render(request, "405.html", {"back": _back(request)}, status=405)
            page["Allow"] = response.get("Allow", "")
            return page
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """A page whose database cannot be reached answers 503 (outages.unavailable), in every
        mode. In local mode, any other failure shows the service's 500 page instead of Django's
        debug page, the traceback going to the console as Django logs it; in production Django
        itself calls handler500 (outages.server_error)."""
        if request.path.startswith(API_PREFIX):
            return None
        if outages.is_outage(exception):
            logging.getLogger("django.request").warning(
                "Service unavailable: %s %s (the database could not be reached)",
                request.method,
                logs.route_of(request),
            )
            return outages.unavailable(request)
        if not settings.DEBUG:
            return None
        logging.getLogger("django.request").error(
            "Internal Server Error: %s %s",
            request.method,
            logs.route_of(request),
            exc_info=exception,
        )
        return render(request, "500.html", status=500)


API_PREFIX = "/api/"


def _limits(request: HttpRequest) -> dict[str, Any]:
    """What a form may hold, for the page that says it held too much."""
    size = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0  # bytes
    return {
        "limit": f"{size / 1_000_000:g}",
        "fields": f"{settings.DATA_UPLOAD_MAX_NUMBER_FIELDS or 0:,}",
        "back": _back(request),
    }


def _back(request: HttpRequest) -> str:
    """Where the person was, if it was a page of this service; else the home page."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return str(referer)
    return reverse("home")
