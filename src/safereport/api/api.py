"""The API: one NinjaAPI under `/api/v1`, its routers, its URLs and its OpenAPI document.

The API authenticates every request itself (bearer tokens, `auth.py`), so its URLs are `public`
to the service's sign-in middleware, which would otherwise send a token-bearing request to the
sign-in page. Every path answers in the one error shape: a method a path does not take is 405,
and any path under `/api/v1/` that is not an endpoint is the same 404 as a refusal.

There is no documentation page: ninja's loads its scripts from a CDN unless `ninja` is an
installed app, and the service runs on closed networks under a CSP that allows only its own
scripts. The OpenAPI document (`/api/v1/openapi.json`) is public: it holds no data.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import URLPattern, URLResolver, path
from ninja import NinjaAPI
from ninja.openapi.schema import REF_TEMPLATE, OpenAPISchema
from ninja.openapi.views import openapi_json
from ninja.operation import Operation, PathView
from ninja.schema import NinjaGenerateJsonSchema
from ninja.utils import normalize_path, replace_path_param_notation
from pydantic.json_schema import models_json_schema

from safereport.api import (
    body,
    casework,
    enforcement,
    errors,
    idempotency,
    notices,
    pathways,
    policy,
)
from safereport.api.schemas import GateScenario, SharingScenario

DESCRIPTION = """\
The Safe Reporting service for police forces' and Immigration Enforcement's systems.

Authenticate with `Authorization: Bearer <token>`; an administrator makes a user's token with
`safereport createtoken USERNAME`. Each endpoint serves the roles listed as `x-roles`; to any
other role it answers 404, exactly as for something that does not exist.

Every error is `{"error": {"code", "message", "fields"}}`, where `fields` names each field to fix
(as a dotted path, e.g. `parties[0].person.email`) and why, with the allowed values.

Every `POST` takes an optional `Idempotency-Key` header (draft-ietf-httpapi-idempotency-key-header),
a Structured Field String such as `"8e03978e-40d5-43e8-bc93-6894a57f9324"`: a retry with the same
key and body gets the first answer again, byte for byte, and nothing is done twice.
"""


class Endpoint:
    """The Django view of one API path: its operations, and 405 in the error shape for any
    other method."""

    public = True  # authenticated by the API itself, not by the sign-in middleware
    csrf_exempt = True  # bearer tokens only: no cookie a browser could send on its own

    def __init__(self, path_view: PathView) -> None:
        self.operations: tuple[Operation, ...] = tuple(path_view.operations)
        self.methods = frozenset(m for op in self.operations for m in op.methods)
        for operation in self.operations:
            if "POST" in operation.methods:
                operation.view_func = idempotency.guarded(operation.view_func)
        self._view = path_view.get_view()

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method not in self.methods:
            return errors.method_not_allowed(str(request.method), self.methods)
        if request.method == "POST" and idempotency.META in request.META:
            return idempotency.once(request, lambda: self._view(request, *args, **kwargs))
        response: HttpResponseBase = self._view(request, *args, **kwargs)
        return response


class Document:
    """The OpenAPI document, to anyone."""

    public = True
    csrf_exempt = True
    methods = frozenset({"GET"})

    def __init__(self, api: NinjaAPI) -> None:
        self.api = api

    def __call__(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        if request.method not in self.methods:
            return errors.method_not_allowed(str(request.method), self.methods)
        try:
            return openapi_json(request, api=self.api, **kwargs)
        except Exception as error:  # noqa: BLE001 - outside ninja's handlers: answered the same way
            return errors.internal_error(request, error)


class Nothing:
    """Any other path under the API: not found, like a refusal."""

    public = True
    csrf_exempt = True

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return errors.not_found()


class SafeReportAPI(NinjaAPI):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._documents: dict[tuple[Any, ...], OpenAPISchema] = {}

    def set_default_exception_handlers(self) -> None:
        errors.install(self)

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        # ninja's own list, built the same way from the same bound routers (django-ninja 1.7),
        # with each path's view wrapped, and nothing left to Django's HTML error pages.
        urls: list[URLResolver | URLPattern] = []
        if self.openapi_url:
            urls.append(path(self.openapi_url.lstrip("/"), Document(self), name="openapi-json"))
        for bound in self._get_bound_routers():
            for route, path_view in bound.path_operations.items():
                joined = normalize_path("/".join(p for p in (bound.prefix, route) if p))
                name = path_view.operations[0].view_func.__name__
                urls.append(
                    path(
                        replace_path_param_notation(joined).lstrip("/"),
                        Endpoint(path_view),
                        name=name,
                    )
                )
        urls.append(path("", Nothing(), name="api-root"))  # ninja finds its prefix by this name
        urls.append(path("<path:anything>", Nothing(), name="not-found"))
        return urls

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        """ninja's document, with the CLI's scenarios, which `decide` and `gate` read without
        ninja's help (so that their errors are the CLI's).

        Made once a process for what it depends on (the routes, fixed once the URLs load, and
        the setting it quotes): the document is public, and making it took about 150 ms of
        processor time, which anyone could have asked for again and again. Each caller gets its
        own copy to change."""
        key = (path_prefix, tuple(sorted((path_params or {}).items())), _quoted_settings())
        made = self._documents.get(key)
        if made is None:
            made = self._documents[key] = self._document(path_prefix, path_params)
        return copy.deepcopy(made)

    def _document(
        self, path_prefix: str | None, path_params: dict[str, Any] | None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema["components"]["schemas"].update(_definitions([SharingScenario, GateScenario]))
        for operations in schema["paths"].values():
            for operation in operations.values():
                if "requestBody" in operation:
                    _declare_body_refusals(operation["responses"])
            if "post" in operations:
                _declare_idempotency_key(operations["post"])
        return schema


# What any endpoint that reads a body may answer about the body itself (`body.py`): too large,
# not sent as JSON, or holding what cannot be stored.
BODY_REFUSALS = {
    413: "Request body too large",
    415: "Unsupported media type: the body must be sent as application/json",
    422: "Unprocessable content: the fields to fix",
}


def _declare_body_refusals(responses: dict[int, Any]) -> None:
    # ninja keys responses by status as a number; every operation has 401 in the error shape.
    shape = responses[401]["content"]
    for status, description in BODY_REFUSALS.items():
        responses.setdefault(status, {"description": description, "content": shape})


# What any POST may answer about its `Idempotency-Key` (`idempotency.py`).
KEY_REFUSALS = {
    400: f"Bad request: e.g. a malformed {idempotency.HEADER} header",
    409: f"Conflict: e.g. a request with this {idempotency.HEADER} is still being processed",
    422: f"Unprocessable content: the fields to fix, e.g. an {idempotency.HEADER} used before "
    "with another request",
}


def _quoted_settings() -> tuple[Any, ...]:
    """The settings the document quotes (`_declare_idempotency_key`)."""
    return (settings.IDEMPOTENCY_KEY_HOURS,)


def _declare_idempotency_key(operation: dict[str, Any]) -> None:
    operation.setdefault("parameters", []).append(
        {
            "in": "header",
            "name": idempotency.HEADER,
            "required": False,
            "description": (
                "Send the same key (a Structured Field String, e.g. "
                '`"8e03978e-40d5-43e8-bc93-6894a57f9324"`) with a retry of this request to get '
                "the first answer again, byte for byte, without anything being done twice. Keys "
                "are yours alone and kept for "
                f"{settings.IDEMPOTENCY_KEY_HOURS} hours; the same key with another body is "
                "refused (422), and while the first request is still being processed, so is a "
                "retry (409)."
            ),
            "schema": {"type": "string", "pattern": idempotency.PATTERN},
        }
    )
    responses = operation["responses"]
    shape = responses[401]["content"]
    for status, description in KEY_REFUSALS.items():
        responses.setdefault(status, {"description": description, "content": shape})


def _definitions(models: Iterable[type[Any]]) -> dict[str, Any]:
    _, found = models_json_schema(
        [(model, "validation") for model in models],
        ref_template=REF_TEMPLATE,
        schema_generator=NinjaGenerateJsonSchema,
    )
    definitions: dict[str, Any] = found.get("$defs", {})
    return definitions


api = SafeReportAPI(
    parser=body.JsonParser(),
    title="Safe Reporting API",
    version="1",
    description=DESCRIPTION,
    docs_url=None,
    urls_namespace="api-v1",
)
api.add_router("", casework.router)
api.add_router("", enforcement.router)
api.add_router("", policy.router)
api.add_router("", pathways.router)
api.add_router("", notices.router)
