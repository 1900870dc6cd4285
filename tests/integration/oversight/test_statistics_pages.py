"""The statistics page (issue 12, item 1): an inspector sees England and Wales or any force, a
data protection officer only their own force, with disclosure control below national level; a
period that is not offered is refused naming it; no personal data reaches the page."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from safereport.accounts.roles import Role
from tests import builders
from tests.integration.casework import builders as cw
from tests.integration.oversight.counting import counted
from tests.integration.oversight.test_statistics import Fixture


def cells(html: str, table: str) -> list[list[str]]:
    """The text of each row's cells (headers included) of the table with id `table`."""
    body = html.split(f'id="{table}"', 1)[1].split("</table>", 1)[0]
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


@pytest.mark.django_db
def test_an_inspector_sees_england_and_wales_then_one_force(
    client: Client, oversight_records: Fixture
) -> None:
    f = oversight_records
    client.force_login(builders.user(Role.INSPECTOR))

    national = counted(client).content.decode()
    force = counted(client, "/statistics/", {"period": f.period.code, "force": f.force.code})

    assert "England and Wales" in national
    assert ["Domestic abuse", "2", "1", "3"] in cells(national, "reports")
    page = force.content.decode()
    assert force.status_code == 200
    assert f.force.name in page
    assert ["Domestic abuse", "[c]", "[c]", "[c]"] in cells(page, "reports")
    assert 'id="disclosure-control"' in page


@pytest.mark.django_db
def test_a_data_protection_officer_sees_their_own_force_only(
    client: Client, oversight_records: Fixture
) -> None:
    f = oversight_records
    client.force_login(cw.dpo(f.other))

    page = counted(client, "/statistics/", {"period": f.period.code, "force": f.force.code})

    html = page.content.decode()
    assert page.status_code == 200
    assert f.other.name in html
    assert f.force.name not in html
    assert 'name="force"' not in html
    # Force B's one report, suppressed; none of force A's.
    assert ["Domestic abuse", "[c]", "0", "[c]"] in cells(html, "reports")
    assert ["Modern slavery", "0", "0", "0"] in cells(html, "reports")


@pytest.mark.django_db
def test_a_period_not_offered_is_refused_saying_what_to_do(client: Client) -> None:
    client.force_login(builders.user(Role.INSPECTOR))

    page = client.get("/statistics/", {"period": "1999-00"})

    html = page.content.decode()
    assert "Select a period" in html
    assert "govuk-error-summary" in html
    assert 'id="reports"' not in html


@pytest.mark.django_db
def test_no_personal_data_reaches_the_statistics(
    client: Client, oversight_records: Fixture
) -> None:
    f = oversight_records
    for user in (builders.user(Role.INSPECTOR), cw.dpo(f.force)):
        client.force_login(user)
        for query in ({}, {"period": f.period.code, "force": f.force.code}):
            html = counted(client, "/statistics/", query).content.decode()
            assert 'id="reports"' in html
            for personal in ("Ana", "Quispe", "Rosa", "Fictitious", "07700", "ana.quispe", "1990"):
                assert personal not in html, personal
