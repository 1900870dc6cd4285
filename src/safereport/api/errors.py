"""Every error the API gives, in the service's one shape `{"error": {"code", "message", "fields"}}`,
mapped here and nowhere else (STYLE.md 6).

Every refusal of the domain is a `safereport.errors.ServiceError` (case work, enforcement, the
pathways, policy scenarios), which already carries the shape; this module only picks its HTTP
status, by its code. Every "not found", whether the thing does not exist, belongs
to someone else, or the endpoint does not serve the caller's role, is the same response, so that
a refusal reveals nothing. An unexpected exception is logged here and answered with a message
that says nothing about the code.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from safereport.api.auth import TooManyAttempts
from safereport.api.body import BodyRefused
from safereport.errors import ServiceError
from safereport.notices import throttle

logger = logging.getLogger(__name__)

NOT_FOUND_MESSAGE = "There is nothing here that you can see."

# The status for each code the domain's exceptions carry. A code not listed (a new exception
# added later) is a 400: the request was refused, and nothing more is claimed about it.
STATUS_BY_CODE: Mapping[str, int] = {
    "invalid_request": 422,  # fields to fix (case work, enforcement)
    "invalid_scenario": 422,  # fields to fix in a `decide`/`gate` scenario, as the CLI names them
    "reason_required": 422,  # a data protection officer must say why they open the case
    "refused_disclosure": 422,  # a disclosure that breaks the firewall's contract
    "not_permitted": 403,  # may see the thing, may not do this to it
    "no_regime": 409,  # the force has no regime yet: its state must change first
    "stale_decision": 409,  # the facts changed since the decision: ask for a new one
    "invalid_transition": 409,  # a referral cannot move from its status to the one asked for
    "already_done": 409,  # e.g. a consent already withdrawn: the state, not the request, says no
    "erasure_refused": 409,  # a case of theirs is open, or another force's: the state says no
    "not_found": 404,
}


def body(code: str, message: str, fields: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The one error shape."""
    return {"error": {"code": code, "message": message, "fields": dict(fields or {})}}


def respond(status: int, error: Mapping[str, Any]) -> HttpResponse:
    return JsonResponse(error, status=status)


def not_found() -> HttpResponse:
    """The one answer for anything the caller cannot see, for whatever reason."""
    return respond(404, body("not_found", NOT_FOUND_MESSAGE))


def method_not_allowed(method: str, allowed: Iterable[str]) -> HttpResponse:
    methods = sorted(allowed)
    response = respond(
        405,
        body(
            "method_not_allowed",
            f"This address does not take {method}; it takes {', '.join(methods)}.",
        ),
    )
    response["Allow"] = ", ".join(methods)
    return response


def install(api: NinjaAPI) -> None:
    """Put the mapping in place of ninja's own handlers."""
    for kind, _ in ANSWERS:
        api.add_exception_handler(kind, answer)


def answer(request: HttpRequest, error: Exception | type[Exception]) -> HttpResponse:
    """The answer to an exception, in the shape and with the status mapped below."""
    for kind, answer in ANSWERS:
        if isinstance(error, kind):
            return answer(request, error)
    return internal_error(request, error)  # not reached: ANSWERS ends with Exception


def _domain(request: HttpRequest, error: ServiceError) -> HttpResponse:
    status = STATUS_BY_CODE.get(error.code, 400)
    if status == 404:
        return not_found()
    return respond(status, error.as_json())


def _not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return not_found()


def _unauthorised(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    response = respond(
        401,
        body(
            "unauthorised",
            "Send a valid API token as 'Authorization: Bearer <token>'. A token stops working "
            "when a new one is made for its user or the account is closed.",
        ),
    )
    response["WWW-Authenticate"] = 'Bearer realm="safereport"'
    return response


def _refused_body(request: HttpRequest, error: BodyRefused) -> HttpResponse:
    return respond(error.status, body(error.code, error.message, error.fields))


def _too_large(request: HttpRequest, error: RequestDataTooBig) -> HttpResponse:
    # Django refuses the body as it is read, before anything parses it (a SuspiciousOperation,
    # which would otherwise be the catch-all 500 here).
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return respond(
        413,
        body(
            "request_too_large",
            "The request body is too large.",
            {"(body)": f"must be at most {limit:,} bytes" if limit else "is too large"},
        ),
    )


def _http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    if isinstance(error.__cause__, BodyRefused):
        # ninja wraps whatever its parser raises in its 400, keeping the parser's refusal.
        return _refused_body(request, error.__cause__)
    if error.status_code == 400:
        # ninja's only 400: a body it could not parse. Its message may quote the parser's error
        # (in local mode), so it is not passed on.
        return respond(
            400,
            body(
                "malformed_request",
                "The request body is not valid JSON.",
                {"(body)": "must be a JSON object"},
            ),
        )
    phrase = HTTPStatus(error.status_code).phrase
    return respond(error.status_code, body(phrase.lower().replace(" ", "_"), f"{phrase}."))


def internal_error(request: HttpRequest, error: object) -> HttpResponse:
    """An unexpected failure: logged in full, answered with nothing about the code."""
    # The route, not the path: what a caller puts in a path could be anything, even a name.
    route = getattr(request.resolver_match, "route", "(unknown route)")
    logger.error(
        "API %s /%s failed",
        request.method,
        route,
        exc_info=error if isinstance(error, BaseException) else None,
    )
    return internal_error_body()


def internal_error_body() -> HttpResponse:
    return respond(
        500,
        body(
            "internal_error",
            "Something went wrong on our side. It has been logged; if it happens again, "
            "report it with the time of the request.",
        ),
    )


def _too_many_attempts(request: HttpRequest, error: object) -> HttpResponse:
    response = respond(
        429,
        body(
            "too_many_attempts",
            "Too many requests from here carried a token that is not one. Wait "
            f"{throttle.retry_after() // 60} minutes, then send a valid API token.",
        ),
    )
    response["Retry-After"] = str(throttle.retry_after())
    return response


RETRY_AFTER = "30"  # seconds


def unavailable(request: HttpRequest | None = None, error: object = None) -> HttpResponse:
    """The database cannot be reached just now (down, restarting): 503 with Retry-After, an
    answer a client can act on by trying again, not a fault to report."""
    logger.warning("API: the database could not be reached (%s)", type(error).__name__)
    response = respond(
        503,
        body(
            "unavailable",
            f"The service cannot reach its database just now. Try again in {RETRY_AFTER} "
            "seconds; nothing was recorded by this request.",
        ),
    )
    response["Retry-After"] = RETRY_AFTER
    return response


# Validation of the request against the schemas -------------------------------------------------


def _invalid_input(request: HttpRequest, error: ValidationError) -> HttpResponse:
    fields: dict[str, str] = {}
    for problem in error.errors:
        fields.setdefault(_field(problem["loc"]), _why(problem))
    return respond(422, body("invalid_request", "Some details need correcting.", fields))


def _field(location: Iterable[Any]) -> str:
    """ninja's error location as the dotted path the domain uses: `parties[0].person.email`.

    The location starts with where the value came from (body, query, path); a body's also names
    the endpoint's parameter that holds it, which the caller never sees.
    """
    source, *rest = location
    if source == "body":
        rest = rest[1:]
    name = ""
    for part in rest:
        name += f"[{part}]" if isinstance(part, int) else f".{part}" if name else str(part)
    return name or "(body)"


# pydantic's error types in the words the domain's own checks use; `{name}` is from the error's
# context. A type not listed keeps pydantic's own message.
WORDS: Mapping[str, str] = {
    "missing": "is required",
    "extra_forbidden": "is not a known field",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "string_type": "must be text",
    "string_too_long": "must be at most {max_length} characters",
    "list_type": "must be a list",
    "too_short": "must have at least {min_length} item(s)",
    "model_type": "must be an object",
    "model_attributes_type": "must be an object",
    "dict_type": "must be an object",
    **dict.fromkeys(
        ("date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"),
        "must be a date written YYYY-MM-DD, like 2026-11-21",
    ),
    "date_too_early": "must be a date from 1900-01-01 on, written YYYY-MM-DD",
}


def _why(problem: Mapping[str, Any]) -> str:
    """What is wrong with one value, naming the allowed values where there is a list of them."""
    kind = problem["type"]
    context = problem.get("ctx") or {}
    if kind in ("enum", "literal_error"):
        # pydantic lists them as "'a', 'b' or 'c'"
        allowed = re.findall(r"'([^']*)'", str(context.get("expected", "")))
        return f"must be one of {', '.join(allowed)}"
    words = WORDS.get(kind)
    return words.format(**context) if words else str(problem["msg"])


# Most specific first: the first class an exception is an instance of decides its answer.
ANSWERS: tuple[tuple[type[Exception], Callable[[HttpRequest, Any], HttpResponse]], ...] = (
    (Http404, _not_found),
    (BodyRefused, _refused_body),
    (RequestDataTooBig, _too_large),
    (ServiceError, _domain),
    (ValidationError, _invalid_input),
    (AuthenticationError, _unauthorised),
    (HttpError, _http_error),
    (TooManyAttempts, _too_many_attempts),
    (OperationalError, unavailable),
    (InterfaceError, unavailable),
    (Exception, internal_error),
)
