"""Bad input never reaches a 500 on the pages either (issue 14, item 1): every page of the URL
configuration, opened by a role that may use it on real records, is sent each kind of bad input
in its path and in every field of every form it shows, on SQLite and PostgreSQL alike:

- a NUL character in a path's part: the page-not-found page (PostgreSQL refuses NUL in text, so
  looking it up failed there);
- a NUL character in every field of a form: the form again, each field's error naming it;
- a day or month of many digits, or a year before 1900, in every date: the date's field error
  (a huge day or month overflowed Python's `date`);
- a form of more than `DATA_UPLOAD_MAX_MEMORY_SIZE`: refused, without a traceback.

The forms and their fields are read from each page as served, so a new page or field is in the
corpus without a word here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django import Settings

from safereport import storable
from safereport.accounts.access import declared_roles, is_public
from safereport.accounts.models import User
from safereport.accounts.roles import Role
from safereport.casework.models import DisclosureRecord, DutyTask
from tests.integration.api import world
from tests.integration.api.test_access import consent_of, nrm_consent_of, pathway_consent_of
from tests.integration.web.test_access import URLS

PAGES = [(route, view) for route, view in URLS if not route.startswith("api/v1/")]
PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")
NUL = "x\x00y"
HUGE = "99999999999999999999999"
# Pages whose answer to anything is a file or plain text (no form to refuse in).
PLAIN = (".csv", ".ods", ".txt")


# Inputs a person types in or chooses from: a form refusing NUL in one names it on the page.
TYPED = frozenset(
    {"text", "textarea", "select", "radio", "checkbox", "email", "tel", "number", "password"}
)


@dataclass
class Form:
    method: str
    action: str
    fields: list[str] = field(default_factory=list)
    kinds: set[str] = field(default_factory=set)

    def dates(self) -> list[str]:
        """The dates among the fields: `<name>_day`, `<name>_month` and `<name>_year`."""
        return [
            name[: -len("_day")]
            for name in self.fields
            if name.endswith("_day") and f"{name[:-4]}_year" in self.fields
        ]


class Forms(HTMLParser):
    """The forms of a page, and the names of their fields (not the CSRF token)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form":
            self.forms.append(
                Form((found.get("method") or "get").upper(), found.get("action") or "")
            )
        elif tag in ("input", "select", "textarea", "button") and self.forms:
            name = found.get("name")
            if name and name != "csrfmiddlewaretoken" and name not in self.forms[-1].fields:
                self.forms[-1].fields.append(name)
                self.forms[-1].kinds.add(found.get("type") or "text" if tag == "input" else tag)


def forms_of(html: str) -> list[Form]:
    parser = Forms()
    parser.feed(html)
    return parser.forms


@dataclass(frozen=True)
class World:
    case: world.ProtocolCase
    links: world.Pathways

    def user(self, role: str) -> User:
        """The user of `role` closest to the records: the case's own officer, the linked
        organisation's support worker."""
        if role == Role.POLICE_OFFICER:
            return self.case.officer
        if role == Role.SUPPORT_WORKER:
            return self.links.worker
        return world.user_near(role, self.case, self.links)

    def value(self, route: str, name: str) -> str:
        """A real record's reference for a path's part, chosen by the path's first words."""
        year = str(timezone.localdate().year)
        task = DutyTask.objects.filter(party=self.case.party).first()
        disclosure = DisclosureRecord.objects.first()
        by_start = {
            "administration/organisations/": lambda: self.case.force.code,
            "administration/users/": lambda: self.case.officer.pseudonym,
            "cases/": lambda: self.case.case_reference,
            "consents/": lambda: consent_of(self.case).reference,
            "decisions/": lambda: self.case.pending.reference,
            "ie/disclosures/": lambda: disclosure.enforcement_reference if disclosure else "x",
            "nrm-consents/": lambda: nrm_consent_of(self.case).reference,
            "parties/": lambda: self.case.party.reference,
            "pathways/consents/": lambda: pathway_consent_of(self.links).reference,
            "pathways/directory/": lambda: self.links.entry.organisation.code,
            "pathways/parties/": lambda: self.case.party.reference,
            "pathways/referrals/": lambda: self.links.referral.reference,
            "pathways/reports/": lambda: self.links.report.reference,
            "statistics/returns/": lambda: year,
            "tasks/": lambda: task.reference if task else "x",
            "transparency/": lambda: self.case.force.code if name == "force" else year,
        }
        for start, chosen in by_start.items():
            if route.startswith(start):
                return chosen()
        # Nothing to find by it here (a verification run, a review item, a link's token): the
        # path's own 404 is what is tested.
        return "sample"


def role_for(view: Any) -> str | None:
    """A role that may use the page (a police officer where one may), None if it is public."""
    if is_public(view):
        return None
    roles = sorted(declared_roles(view) or ())
    assert roles, "every page declares its roles (test_access.py)"
    return Role.POLICE_OFFICER.value if Role.POLICE_OFFICER in roles else roles[0]


def url(route: str, values: dict[str, str]) -> str:
    return "/" + PARAMETER.sub(lambda m: quote(values[m.group(1)], safe=""), route)


Shared = tuple[world.ProtocolCase, world.Pathways]


def opened(client: Client, route: str, view: Any, shared: Shared) -> tuple[World, str]:
    """The page's address on real records (made once for this module's tests: `shared_case`),
    signed in as a role it serves."""
    w = World(*shared)
    role = role_for(view)
    if role is not None:
        client.force_login(w.user(role))
    values = {name: w.value(route, name) for name in PARAMETER.findall(route)}
    return w, url(route, values)


def answered(response: Any, where: str) -> None:
    assert response.status_code < 500, (where, response.status_code)
    body = response.content.decode(errors="replace")
    assert "Traceback" not in body, where


IDS = [route for route, _ in PAGES]
WITH_PARTS = [(r, v) for r, v in PAGES if PARAMETER.search(r)]


def test_the_corpus_reaches_the_pages_that_take_input() -> None:
    assert len(PAGES) >= 60
    assert len(WITH_PARTS) >= 30


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "view"), WITH_PARTS, ids=[r for r, _ in WITH_PARTS])
def test_a_nul_in_a_path_is_the_page_not_found(
    client: Client, route: str, view: Any, shared_case: Shared
) -> None:
    _, _ = opened(client, route, view, shared_case)

    for part in ("case_\x00abc", "\x00"):
        address = url(route, dict.fromkeys(PARAMETER.findall(route), part))
        for method in ("get", "post"):
            response = getattr(client, method)(address)
            assert response.status_code == 404, (address, method, response.status_code)
            assert b"Page not found" in response.content


def submitted(client: Client, form: Form, page: str, data: dict[str, str]) -> Any:
    target = form.action or page
    if form.method == "POST":
        return client.post(target, data)
    return client.get(target, data)


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "view"), PAGES, ids=IDS)
def test_every_form_refuses_what_cannot_be_stored_and_impossible_dates(
    client: Client, route: str, view: Any, shared_case: Shared
) -> None:
    _, page = opened(client, route, view, shared_case)
    shown = client.get(page)
    answered(shown, page)
    if shown.status_code != 200 or route.endswith(PLAIN):
        return  # nothing shown to fill in (a redirect, a file, a record not found)
    for form in forms_of(shown.content.decode()):
        if not form.fields:
            continue  # a button alone: nothing typed
        where = f"{form.method} {form.action or page}"
        # Every field holding NUL at once: each refused by name, nothing stored, no 500.
        response = submitted(client, form, page, dict.fromkeys(form.fields, NUL))
        answered(response, where)
        if form.kinds & TYPED:
            # The form again (some pages answer 200 with errors, some 400), naming the fields.
            assert response.status_code in (200, 400), (where, response.status_code)
            assert storable.HAS_NUL.encode() in response.content, where
        for date in form.dates():
            for day, month, year, words in (
                (HUGE, "1", "2000", "must be a real date"),
                ("1", HUGE, "2000", "must be a real date"),
                ("1", "9" * 5_001, "2000", "must be a real date"),
                ("1", "1", "1800", "between 1900"),
            ):
                # Every other field sent empty: a list's filter form reads its query only when
                # its button's name is in it.
                data = dict.fromkeys(form.fields, "")
                data |= {f"{date}_day": day, f"{date}_month": month, f"{date}_year": year}
                response = submitted(client, form, page, data)
                answered(response, f"{where} {date}")
                assert words.encode() in response.content, (where, date, day, month, year)


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "view"), PAGES, ids=IDS)
def test_a_form_over_the_size_limit_is_the_too_large_page_without_a_traceback(
    route: str, view: Any, settings: Settings, shared_case: Shared
) -> None:
    """In local mode too, where Django shows the refusal of a large form (by the CSRF check,
    before any view) as a traceback."""
    settings.DEBUG = True
    client = Client(enforce_csrf_checks=True)
    # A browser's CSRF cookie, so that the check goes on to read the form (for its token).
    client.cookies["csrftoken"] = "a" * 32
    _, page = opened(client, route, view, shared_case)

    response = client.post(page, {"summary": "x" * 5_000_000})

    answered(response, page)
    assert response.status_code == 413, response.status_code
    assert b"The form was too large to send" in response.content
