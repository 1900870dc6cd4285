"""The API's authorisation matrix, built from the endpoints the NinjaAPI registers (its URL list),
so that no new endpoint escapes: each declares its roles; every role it does not serve gets the
404 that anything non-existent gets; a missing, unknown or closed account's token gets 401."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from safereport.accounts.roles import Role
from safereport.api.api import Document, Endpoint, Nothing, api
from safereport.api.auth import BearerToken
from safereport.api.errors import NOT_FOUND_MESSAGE
from safereport.api.notices import NotifyToken
from safereport.casework import actions
from safereport.casework.models import ConsentRecord, NrmConsent
from safereport.pathways.models import PathwayConsent
from tests import builders
from tests.integration.api import world
from tests.integration.api.contract import PREFIX, Api, document

NOT_FOUND = {"error": {"code": "not_found", "message": NOT_FOUND_MESSAGE, "fields": {}}}


def endpoints() -> list[tuple[str, str, BearerToken]]:
    """(path as the document names it, method, its authentication) for every operation served."""
    patterns, _, _ = api.urls
    found = []
    for pattern in patterns:
        assert isinstance(pattern, URLPattern)
        view = pattern.callback
        if isinstance(view, Document | Nothing):
            continue  # the public OpenAPI document, and the not-found answer for anything else
        assert isinstance(view, Endpoint), f"{pattern.pattern} is neither an endpoint nor known"
        route = "/" + str(pattern.pattern).replace("<", "{").replace(">", "}")
        for operation in view.operations:
            assert len(operation.auth_callbacks) == 1, f"{route} must declare its roles once"
            (auth,) = operation.auth_callbacks
            if isinstance(auth, NotifyToken):
                # GOV.UK Notify's receipts: no user's, authenticated by Notify's own token.
                assert route == NOTIFY_RECEIPTS, f"{route} must not take Notify's token"
                continue
            assert isinstance(auth, BearerToken), f"{route} must use serves(...)"
            found.extend((route, method, auth) for method in operation.methods)
    return sorted(found, key=lambda e: (e[0], e[1]))


NOTIFY_RECEIPTS = "/notify/delivery-receipts"


ENDPOINTS = endpoints()
IDS = [f"{method} {route}" for route, method, _ in ENDPOINTS]


def sample(route: str, case: world.ProtocolCase, links: world.Pathways) -> dict[str, str]:
    """Path parameters naming real records of the case, chosen by the path's first word."""
    if "{" not in route:
        return {}
    references = {
        "cases": lambda: case.case_reference,
        "parties": lambda: case.party.reference,
        "decisions": lambda: case.pending.reference,
        "consents": lambda: consent_of(case).reference,
        "nrm-consents": lambda: nrm_consent_of(case).reference,
        "referrals": lambda: links.referral.reference,
        "pathway-consents": lambda: pathway_consent_of(links).reference,
        "third-party-reports": lambda: links.report.reference,
    }
    first = route.strip("/").split("/")[0]
    assert first in references, f"add a sample reference for {route} to this test"
    return {"reference": references[first]()}


def consent_of(case: world.ProtocolCase) -> ConsentRecord:
    """The party's consent answer about sharing with Immigration Enforcement (made once)."""
    found = case.party.consents.order_by("id").first()
    if found is not None:
        return found
    return actions.record_consent(
        actor=case.officer,
        party=case.party,
        purpose="victim_request",
        categories=["identity"],
        answer="given",
        method="spoken",
    )


def nrm_consent_of(case: world.ProtocolCase) -> NrmConsent:
    """The party's answer about an NRM referral (made once)."""
    found = case.party.nrm_consents.order_by("id").first()
    if found is not None:
        return found
    return actions.record_nrm_consent(
        actor=case.officer, party=case.party, answer="given", method="spoken"
    )


def pathway_consent_of(links: world.Pathways) -> PathwayConsent:
    """The consent the referral sent to the linked organisation rests on."""
    consent = links.referral.consent
    assert consent is not None
    return consent


def test_the_api_serves_the_endpoints_of_issue_4() -> None:
    served = {(method, route) for route, method, _ in ENDPOINTS}
    assert served >= {
        ("POST", "/cases"),
        ("GET", "/cases/{reference}"),
        ("PATCH", "/cases/{reference}"),
        ("PATCH", "/parties/{reference}"),
        ("POST", "/parties/{reference}/decisions"),
        ("POST", "/decisions/{reference}/disclosures"),
        ("GET", "/inbox"),
        ("POST", "/protocol-checks"),
        ("POST", "/decide"),
        ("POST", "/gate"),
    }


def test_the_service_routes_api_v1_to_exactly_these_urls() -> None:
    (mounted,) = [
        entry
        for entry in get_resolver().url_patterns
        if isinstance(entry, URLResolver) and str(entry.pattern) == "api/v1/"
    ]
    patterns, _, _ = api.urls
    assert [str(p.pattern) for p in mounted.url_patterns] == [str(p.pattern) for p in patterns]


@pytest.mark.parametrize(("route", "method", "auth"), ENDPOINTS, ids=IDS)
def test_every_endpoint_declares_its_roles_in_the_published_document(
    route: str, method: str, auth: BearerToken
) -> None:
    operation = document()["paths"][PREFIX + route][method.lower()]
    assert operation["x-roles"] == sorted(auth.roles)
    assert operation["security"] == [{"BearerToken": []}]


ROLES_SERVED = {
    ("POST", "/cases"): {"police_officer", "police_dpo"},
    ("GET", "/cases/{reference}"): {"police_officer", "police_dpo"},
    ("PATCH", "/cases/{reference}"): {"police_officer", "police_dpo"},
    ("POST", "/cases/{reference}/parties"): {"police_officer", "police_dpo"},
    ("PATCH", "/parties/{reference}"): {"police_officer", "police_dpo"},
    ("PUT", "/parties/{reference}/person"): {"police_officer", "police_dpo"},
    ("POST", "/parties/{reference}/erasure"): {"police_dpo"},
    ("POST", "/parties/{reference}/decisions"): {"police_officer", "police_dpo"},
    ("POST", "/decisions/{reference}/disclosures"): {"police_officer", "police_dpo"},
    ("POST", "/parties/{reference}/consents"): {"police_officer", "police_dpo"},
    ("POST", "/consents/{reference}/withdrawal"): {"police_officer", "police_dpo"},
    ("POST", "/parties/{reference}/nrm-consents"): {"police_officer", "police_dpo"},
    ("POST", "/nrm-consents/{reference}/withdrawal"): {"police_officer", "police_dpo"},
    ("GET", "/parties/{reference}/notice"): {"police_officer", "police_dpo"},
    ("POST", "/parties/{reference}/notice/deliveries"): {"police_officer", "police_dpo"},
    ("GET", "/inbox"): {"ie_caseworker"},
    ("POST", "/protocol-checks"): {"ie_caseworker"},
    ("POST", "/decide"): set(Role.values),
    ("POST", "/gate"): set(Role.values),
    # Pathways (issue 5): support workers
    ("GET", "/referrals"): {"support_worker"},
    ("GET", "/referrals/{reference}"): {"support_worker"},
    ("POST", "/referrals/{reference}/acknowledgement"): {"support_worker"},
    ("POST", "/referrals/{reference}/first-contact"): {"support_worker"},
    ("POST", "/referrals/{reference}/unable-to-contact"): {"support_worker"},
    ("POST", "/referrals/{reference}/decline"): {"support_worker"},
    ("POST", "/referrals/{reference}/support"): {"support_worker"},
    ("POST", "/third-party-reports"): {"support_worker"},
    ("POST", "/third-party-reports/{reference}/identity-consent"): {"support_worker"},
    ("POST", "/pathway-consents/{reference}/withdrawal"): {"support_worker"},
    # Pathways: police
    ("GET", "/parties/{reference}/matches"): {"police_officer", "police_dpo"},
    ("POST", "/parties/{reference}/referrals"): {"police_officer", "police_dpo"},
    ("POST", "/referrals/{reference}/answer"): {"police_officer", "police_dpo"},
    ("POST", "/referrals/{reference}/sending"): {"police_officer", "police_dpo"},
    ("GET", "/force/referrals"): {"police_officer", "police_dpo"},
    ("POST", "/third-party-reports/{reference}/case"): {"police_officer", "police_dpo"},
}


def test_each_endpoint_serves_the_roles_domain_md_gives_it() -> None:
    """DOMAIN.md section 2: IE reaches no police endpoint; the police reach no IE endpoint. A new
    endpoint must be added here, with its roles, or this fails."""
    assert {(m, r): set(auth.roles) for r, m, auth in ENDPOINTS} == ROLES_SERVED


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_each_role_reaches_only_its_endpoints(
    client: Client, role: str, shared_case: tuple[world.ProtocolCase, world.Pathways]
) -> None:
    case, links = shared_case
    caller = world.api_as(client, world.user_near(role, case, links))
    nowhere = Api(client).call("GET", "/", raw="")  # not an endpoint: the API's plain 404
    assert json.loads(nowhere.content) == NOT_FOUND

    for route, method, auth in ENDPOINTS:
        body: Any = None if method == "GET" else {}
        response = caller.call(method, route, body, **sample(route, case, links))
        if role in auth.roles:
            assert response.status_code not in (401, 403, 404, 405, 500), (route, response.content)
        else:
            assert response.status_code == 404, f"{role} reached {method} {route}"
            assert json.loads(response.content) == NOT_FOUND


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "method", "auth"), ENDPOINTS, ids=IDS)
def test_no_valid_token_is_401_everywhere(
    client: Client,
    route: str,
    method: str,
    auth: BearerToken,
    *,
    shared_case: tuple[world.ProtocolCase, world.Pathways],
) -> None:
    case, links = shared_case
    closed = builders.user(Role.POLICE_OFFICER, case.force.code)
    closed_token = world.token(closed)
    closed.is_active = False
    closed.save()
    params = sample(route, case, links)
    for caller in (
        Api(client),
        Api(client, "srt_not-a-token-we-made"),
        Api(client, "not even the shape of one"),
        Api(client, closed_token),
    ):
        response = caller.call(method, route, None if method == "GET" else {}, **params)
        assert response.status_code == 401, (caller.token, response.content)
        assert response["WWW-Authenticate"] == 'Bearer realm="safereport"'
        assert json.loads(response.content)["error"]["code"] == "unauthorised"
    basic = client.generic(
        method, PREFIX + route.format(**params), HTTP_AUTHORIZATION="Basic dXNlcjpwYXNz"
    )
    assert basic.status_code == 401  # only bearer tokens; never a session or a password


@pytest.mark.django_db
def test_a_signed_in_session_is_not_an_api_token(client: Client) -> None:
    """The API takes tokens only: a browser's session cookie cannot be ridden (no CSRF risk)."""
    case = world.protocol_case()
    client.force_login(case.officer)

    response = Api(client).get("/cases/{reference}", reference=case.case_reference)

    assert response.status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_notifys_receipts_take_notifys_token_and_no_users(client: Client, role: str) -> None:
    user = builders.user(role)

    response = Api(client, world.token(user)).post(NOTIFY_RECEIPTS, {})

    assert response.status_code == 401
