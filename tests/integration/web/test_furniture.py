"""The service's furniture (issue 13, item 9): footer links to an accessibility statement, a
privacy notice and a cookies page, each public; the signed-in user's name and role in the
header; "You have signed out" after signing out."""

from __future__ import annotations

import pytest
from django.test import Client

from safereport.accounts.roles import Role
from tests import builders


@pytest.mark.django_db
def test_the_footer_links_to_the_statements_anyone_can_read(client: Client) -> None:
    sign_in = client.get("/sign-in/").content.decode()

    for url, heading in (
        ("/accessibility/", "Accessibility statement for Safe Reporting"),
        ("/privacy/", "Privacy notice"),
        ("/cookies/", "Cookies"),
    ):
        assert f'href="{url}"' in sign_in
        page = client.get(url)
        assert page.status_code == 200
        assert heading in page.content.decode()
    cookies = client.get("/cookies/").content.decode()
    assert "<code>sessionid</code>" in cookies
    assert "<code>csrftoken</code>" in cookies
    assert "After 30 minutes without use" in cookies


@pytest.mark.django_db
def test_the_header_names_who_is_signed_in_and_signing_out_says_so(client: Client) -> None:
    person = builders.user(Role.POLICE_OFFICER)
    person.first_name, person.last_name = "Sam", "Example"
    person.save()
    client.force_login(person)

    home = client.get("/").content.decode()
    signed_out = client.post("/sign-out/", follow=True).content.decode()

    assert "Sam Example, police officer" in home
    assert "You have signed out" in signed_out
    assert "Sam Example" not in signed_out
