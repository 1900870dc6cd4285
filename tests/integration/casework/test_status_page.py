"""Correcting a person's status from the case page (issue 13, item 2): the question with what
each answer means, refused without an answer, and the change made through the action (so the
protection and the notice follow)."""

from __future__ import annotations

import pytest
from django.test import Client

from safereport.policy.vocabulary import RegimeId
from tests.integration.casework import builders as cw


@pytest.mark.django_db
def test_the_officer_corrects_a_persons_status_from_the_case_page(client: Client) -> None:
    w = cw.world(regime=RegimeId.HMICFRS_INTERIM)
    client.force_login(w.officer)
    url = f"/parties/{w.party.reference}/status/"

    case_page = client.get(f"/cases/{w.party.case.reference}/").content.decode()
    asked = client.get(url).content.decode()
    refused = client.post(url, {"immigration_status": ""}).content.decode()
    done = client.post(url, {"immigration_status": "insecure", "suspected_offending": "no"})

    assert f'href="{url}"' in case_page
    assert "Correct the person&#x27;s status" in asked
    assert 'value="uncertain" checked' in asked  # the answer recorded so far
    assert "Select what is known of the person&#x27;s immigration status" in refused
    assert done.status_code == 302
    w.party.refresh_from_db()
    assert w.party.immigration_status == "insecure"
    assert cw.events("notices:notice:issued")[-1]["details"]["version"] == 2
