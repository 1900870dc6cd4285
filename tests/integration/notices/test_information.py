"""Public information ('Safe to share?' Recommendation 5; issue 11, item 7): for each force,
what happens to a person's information under the regime it follows now, in every shipped
language, written from the policies' statements; it changes by itself with the regime."""

from __future__ import annotations

import pytest
from django.test import Client

from safereport.notices.text import statement
from safereport.pathways.demo import load_demo_directory
from safereport.policy.regimes import load
from safereport.policy.vocabulary import RegimeId
from tests import builders
from tests.integration.casework import builders as cw


@pytest.mark.django_db
def test_a_forces_page_says_what_its_regime_does_and_follows_a_change(client: Client) -> None:
    force = cw.force()
    cw.regime(force, RegimeId.COMPLETE_FIREWALL)
    url = f"/your-information/{force.code}/"

    firewall = client.get(url)
    cw.regime(force, RegimeId.HMICFRS_INTERIM)
    interim = client.get(url).content.decode()

    html = firewall.content.decode()
    assert firewall.status_code == 200
    assert not firewall.cookies
    assert firewall["Referrer-Policy"] == "no-referrer"
    assert "govuk-exit-this-page" in html
    assert force.name in html
    rule = next(r for r in load(RegimeId.COMPLETE_FIREWALL).rules if r.rule == "F1")
    assert statement(rule).replace("'", "&#x27;") in html
    h1 = next(r for r in load(RegimeId.HMICFRS_INTERIM).rules if r.rule == "H1")
    assert statement(h1).replace("'", "&#x27;") in interim
    assert statement(rule).replace("'", "&#x27;") not in interim
    assert "A support organisation can report the crime for you." in html


@pytest.mark.django_db
def test_the_index_lists_the_forces_and_a_force_without_a_regime_says_so(client: Client) -> None:
    force = cw.force()

    index = client.get("/your-information/").content.decode()
    page = client.get(f"/your-information/{force.code}/").content.decode()

    assert f"/your-information/{force.code}/" in index
    assert "has not yet said which rules it follows" in page
    assert client.get("/your-information/no-such-force/").status_code == 404


@pytest.mark.django_db
def test_the_organisations_serving_the_area_are_named(client: Client) -> None:
    load_demo_directory()
    met = builders.organisation("police_force", code="metropolitan-police-service")
    elsewhere = cw.force()
    cw.regime(met, RegimeId.MIGRANT_VICTIMS_PROTOCOL)

    london = client.get(f"/your-information/{met.code}/").content.decode()
    other = client.get(f"/your-information/{elsewhere.code}/").content.decode()

    assert "Organisations that can help in this area" in london
    assert "Latin American Women&#x27;s Rights Service" in london  # serves London's forces
    assert "Latin American Women" not in other


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "direction"), [("cy", "ltr"), ("ar", "rtl")])
def test_the_pages_read_in_another_language(client: Client, language: str, direction: str) -> None:
    force = cw.force()
    cw.regime(force, RegimeId.COMPLETE_FIREWALL)

    html = client.get(f"/your-information/{force.code}/?language={language}").content.decode()

    assert f'<html lang="{language}" dir="{direction}"' in html
