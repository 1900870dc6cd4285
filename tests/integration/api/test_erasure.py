"""The API's erasure of a person on their request (issue 14, item 8): only the force's DPO,
refused while a case of theirs is open (409), bad input named field by field (422), in the one
error shape."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.utils import timezone

from tests.integration.api import world
from tests.integration.casework import builders as cw
from tests.integration.casework import erasure_builders as eb

PATH = "/parties/{reference}/erasure"


def valid() -> dict[str, str]:
    return {"request_reference": "DPA/2026/9", "received_on": timezone.localdate().isoformat()}


@pytest.mark.django_db
def test_the_dpo_erases_a_person_and_gets_their_references_back(client: Client) -> None:
    h = eb.held()
    assert h.world.dpo is not None
    dpo = world.api_as(client, h.world.dpo)

    erased = dpo.post(PATH, valid(), reference=h.party.reference)

    assert erased.status_code == 201
    body = json.loads(erased.content)
    assert body["person"] == h.party.person.reference  # type: ignore[union-attr]
    assert body["parties"] == [h.party.reference]
    assert body["cases"] == [h.party.case.reference]
    assert eb.person_of(h.party).family_name == ""
    again = dpo.post(PATH, valid(), reference=h.party.reference)
    assert again.status_code == 409
    assert json.loads(again.content)["error"]["code"] == "already_done"


@pytest.mark.django_db
def test_an_open_case_is_409_and_bad_input_422_naming_the_fields(client: Client) -> None:
    h = eb.held(conclude=False)
    assert h.world.dpo is not None
    dpo = world.api_as(client, h.world.dpo)

    refused = dpo.post(PATH, valid(), reference=h.party.reference)
    bad = dpo.post(
        PATH,
        {"request_reference": "Ana Quispe", "received_on": "someday"},
        reference=h.party.reference,
    )

    assert refused.status_code == 409
    error = json.loads(refused.content)["error"]
    assert error["code"] == "erasure_refused"
    assert h.party.case.reference in error["fields"]["person"]
    assert bad.status_code == 422
    assert set(json.loads(bad.content)["error"]["fields"]) == {"received_on"}
    wrong_reference = dpo.post(
        PATH, {**valid(), "request_reference": "Ana Quispe"}, reference=h.party.reference
    )
    assert wrong_reference.status_code == 422
    assert set(json.loads(wrong_reference.content)["error"]["fields"]) == {"request_reference"}
    assert eb.person_of(h.party).erased_at is None


@pytest.mark.django_db
def test_an_officer_and_another_forces_dpo_get_404(client: Client) -> None:
    h = eb.held()

    for user in (h.world.officer, cw.dpo(cw.force())):
        answer = world.api_as(client, user).post(PATH, valid(), reference=h.party.reference)
        assert answer.status_code == 404
    assert eb.person_of(h.party).erased_at is None
