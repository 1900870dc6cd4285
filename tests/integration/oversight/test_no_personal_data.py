"""No personal data reaches oversight (issue 12, item 10): every page and download under the
oversight URLs (the statistics, regimes compared, returns, recommendations, the progress update,
the transparency pages, the audit log's pages), taken from the URL configuration so that a new
page cannot escape, rendered for an inspector, a DPO and the public over a fixture holding known
names, contact details and a summary, and none of them found in any answer."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from safereport.accounts.access import declared_roles, is_public
from safereport.accounts.roles import Role
from safereport.oversight import returns, tasks, tracker
from tests import builders
from tests.integration.casework import builders as cw
from tests.integration.oversight.counting import count_queued
from tests.integration.oversight.test_returns import after
from tests.integration.oversight.test_statistics import Fixture

# What the fixture holds about people (tests/integration/casework/builders.py, pathways'):
# names, date of birth, phone, email, address, a third-party report's identity and summary.
PERSONAL = (
    "Ana",
    "Quispe",
    "Mamani",
    "1990-04-12",
    "07700",
    "ana.quispe",
    "Example Street",
    "E1 6AN",
    "Rosa",
    "Fictitious",
    "Controlling behaviour",
    "Assaulted at home",
)
OVERSIGHT = ("audit:", "oversight:", "transparency:")


def routes() -> list[tuple[str, Any]]:
    found = []

    def walk(entries: list[Any], prefix: str, namespace: str) -> None:
        for entry in entries:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + str(entry.pattern), entry.namespace or namespace)
            elif isinstance(entry, URLPattern) and f"{namespace}:" in OVERSIGHT:
                found.append((prefix + str(entry.pattern), entry.callback))

    walk(get_resolver().url_patterns, "", "")
    return found


@pytest.mark.django_db
def test_no_oversight_page_shows_anything_about_a_person(
    client: Client, oversight_records: Fixture
) -> None:
    f = oversight_records
    dpo = cw.dpo(f.force)
    made = returns.submit(actor=dpo, year=f.period, certify_none=False, today=after(f.period.end))
    tracker.record_evidence(actor=dpo, recommendation="rec-1", status="in_progress", evidence="x")
    run = tasks.start_verification(builders.user(Role.INSPECTOR))
    values = {
        "force": f.force.code,
        "year": f.period.code,
        "reference": run.reference,
        "recommendation": "rec-1",
    }
    users = {
        Role.INSPECTOR: builders.user(Role.INSPECTOR),
        Role.POLICE_DPO: dpo,
    }
    checked = []
    for route, view in routes():
        url = "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], route)
        roles = ["public"] if is_public(view) else list(declared_roles(view) or ())
        for role in roles:
            client.logout()
            if role != "public":
                client.force_login(users[Role(role)])
            queries = [{}, {"force": f.force.code}, {"period": f.period.code}]
            for query in queries:
                response = client.get(url, query, follow=True)
                if b'id="counting"' in response.content:  # the statistics, once counted
                    assert count_queued() == 1
                    response = client.get(url, query, follow=True)
                if response.status_code == 405:  # a form's POST-only address
                    continue
                assert response.status_code == 200, (url, role, response.status_code)
                body = response.content.decode(errors="replace")
                for personal in PERSONAL:
                    assert personal not in body, (url, role, personal)
                checked.append(url)

    assert {"/statistics/", "/statistics/regimes/", "/transparency/", "/audit/events/"} <= set(
        checked
    )
    assert f"/transparency/{f.force.code}/{f.period.code}/" in checked
    assert made.reference
