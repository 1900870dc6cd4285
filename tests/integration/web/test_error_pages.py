"""The service's own error pages in every mode (issue 13, item 7): a page not found in local
mode is the service's page, not Django's list of every URL pattern; opening a form's address
leads back to where the person was; the 500 page does not claim nothing was lost; the API keeps
its own error shape."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import Client, override_settings

from tests.integration.casework import builders as cw


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_a_page_not_found_in_local_mode_lists_no_url_patterns(client: Client) -> None:
    client.force_login(cw.officer(cw.force()))

    page = client.get("/no-such-page/")

    html = page.content.decode()
    assert page.status_code == 404
    assert "Page not found" in html
    assert "URLconf" not in html
    assert "safereport.web.urls" not in html
    assert "&lt;str:reference&gt;" not in html


@pytest.mark.django_db
def test_opening_a_forms_address_leads_back_to_where_the_person_was(client: Client) -> None:
    w = cw.world(regime=None)
    client.force_login(w.officer)
    case_page = f"http://testserver/cases/{w.party.case.reference}/"

    page = client.get("/sign-out/", HTTP_REFERER=case_page)
    elsewhere = client.get("/sign-out/", HTTP_REFERER="https://elsewhere.example/")

    html = page.content.decode()
    assert page.status_code == 405
    assert page["Allow"] == "POST"
    assert "This address is for sending a form" in html
    assert f'href="{case_page}"' in html
    assert 'href="/">Go back' in elsewhere.content.decode()


def test_the_500_page_does_not_claim_that_nothing_was_lost() -> None:
    html = render_to_string("500.html")

    assert "Sorry, there is a problem with the service" in html
    assert "may not have been saved" in html
    assert "has been lost" not in html


@pytest.mark.django_db
def test_the_api_keeps_its_own_error_shape() -> None:
    answer = Client().get("/api/v1/cases/case_nothing")

    assert answer["Content-Type"].startswith("application/json")


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [True, False])
def test_a_failing_page_shows_the_services_500_page_in_either_mode(
    debug: bool, caplog: pytest.LogCaptureFixture
) -> None:
    with override_settings(DEBUG=debug, ROOT_URLCONF="tests.integration.web.failing_urls"):
        page = Client(raise_request_exception=False).get("/failing/")

    html = page.content.decode()
    assert page.status_code == 500
    assert "Sorry, there is a problem with the service" in html
    assert "Traceback" not in html
    assert "Example Person" not in html
    # The fault is still logged for whoever runs the service.
    assert any(record.exc_info for record in caplog.records if record.name == "django.request")
