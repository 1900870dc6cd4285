"""The inspector's audit page: latest signed checkpoint, public key, last verification, and a
validated form showing inclusion proofs; the downloads; nobody else sees any of it."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test import Client

from safereport import ledger
from safereport.accounts.roles import Role
from safereport.audit import checkpoints
from safereport.audit.events import Actor, record
from safereport.audit.names import AuditAction
from safereport.audit.verification import verify_log
from safereport.ledger.encoding import decode_base64
from tests import builders
from tests.integration.audit.triggers import triggers_dropped

PAGE = "/audit/"


def append_events(count: int) -> None:
    for number in range(count):
        with transaction.atomic():
            record(
                Actor.system("tests"),
                AuditAction.AUDIT_OPERATOR_NOTE_RECORDED,
                subjects=[f"ref_{number}"],
            )


def inspector_client() -> Client:
    client = Client()
    client.force_login(builders.user(Role.INSPECTOR))
    return client


@pytest.mark.django_db
def test_the_page_shows_the_signed_checkpoint_and_public_key() -> None:
    client = inspector_client()
    append_events(6)

    response = client.get(PAGE)

    assert response.status_code == 200
    checkpoint = response.context["checkpoint"]
    page = response.content.decode()
    assert checkpoint.note.split("\n")[0] in page
    assert checkpoint.note.split("\n")[2] in page  # the base64 root
    assert checkpoints.public_key() in page
    assert 'href="/audit/checkpoint.txt"' in page
    assert 'href="/audit/public-key.txt"' in page
    assert "has not been verified yet" in page
    # Signed on demand: the checkpoint covers everything recorded so far.
    assert checkpoint.size == checkpoints.latest_checkpoint(sign_if_needed=False).size


@pytest.mark.django_db
def test_the_page_shows_the_last_verification() -> None:
    client = inspector_client()
    append_events(3)
    result = verify_log()

    page = client.get(PAGE).content.decode()

    assert "Passed" in page
    assert result.message.split(";")[0] in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("index", "error"),
    [
        ("", "Enter an event index"),
        ("abc", "Event index must be a whole number, like 41"),
        ("-1", "Event index must be a whole number, like 41"),
        ("2.5", "Event index must be a whole number, like 41"),
        ("100000", "Event index must be between 0 and "),
    ],
)
def test_a_bad_index_is_named_in_an_error_summary(index: str, error: str) -> None:
    client = inspector_client()
    append_events(4)

    response = client.get(PAGE, {"index": index})

    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Audit log" in page
    assert '<h2 class="govuk-error-summary__title">There is a problem</h2>' in page
    assert f'<li><a href="#id_index">{error}' in page
    assert 'class="govuk-input govuk-input--width-10 govuk-input--error"' in page
    assert response.context["proof"] is None


@pytest.mark.django_db
def test_a_good_index_shows_a_proof_that_verifies_against_the_checkpoint() -> None:
    client = inspector_client()
    append_events(9)

    response = client.get(PAGE, {"index": "5"})

    proof = response.context["proof"]
    checkpoint = response.context["checkpoint"]
    verifier = ledger.Verifier.from_verifier_key(checkpoints.public_key())
    signed = ledger.Checkpoint.parse(ledger.verify_note(checkpoint.note, verifier))
    ledger.verify_inclusion(
        decode_base64(proof["leaf_hash"]),
        5,
        signed.size,
        [decode_base64(value) for value in proof["proof"]],
        signed.root,
    )
    page = response.content.decode()
    assert "Inclusion proof for event 5" in page
    assert all(value in page for value in proof["proof"])
    assert "There is a problem" not in page


@pytest.mark.django_db
def test_downloads_are_plain_text_attachments() -> None:
    client = inspector_client()
    append_events(2)

    note = client.get("/audit/checkpoint.txt")
    key = client.get("/audit/public-key.txt")

    size = checkpoints.latest_checkpoint(sign_if_needed=False).size
    assert note["Content-Type"] == "text/plain; charset=utf-8"
    assert note["Content-Disposition"] == (
        f'attachment; filename="safereport-audit-checkpoint-{size}.txt"'
    )
    verifier = ledger.Verifier.from_verifier_key(key.content.decode().strip())
    assert ledger.Checkpoint.parse(ledger.verify_note(note.content.decode(), verifier)).size == size
    assert key["Content-Disposition"] == 'attachment; filename="safereport-audit-public-key.txt"'


@pytest.mark.django_db
@pytest.mark.parametrize("role", [role for role in Role.values if role != Role.INSPECTOR])
@pytest.mark.parametrize("url", [PAGE, "/audit/checkpoint.txt", "/audit/public-key.txt"])
def test_other_roles_get_not_found(role: str, url: str) -> None:
    client = Client()
    client.force_login(builders.user(role))

    assert client.get(url).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("url", [PAGE, "/audit/checkpoint.txt", "/audit/public-key.txt"])
def test_signed_out_visitors_are_sent_to_sign_in(url: str) -> None:
    response = Client().get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/?next=")
    # Nothing was signed (or revealed) for them.
    assert checkpoints.latest_checkpoint(sign_if_needed=False) is None


@pytest.mark.django_db
def test_a_log_that_no_longer_extends_its_checkpoint_is_flagged_not_hidden() -> None:
    client = inspector_client()
    append_events(8)
    signed = checkpoints.signed_checkpoint()
    append_events(2)
    with triggers_dropped(), connection.cursor() as cursor:
        cursor.execute(
            'UPDATE audit_tree_node SET hash = %s WHERE level = 3 AND "index" = 0', [b"\x07" * 32]
        )

    response = client.get(PAGE)

    page = response.content.decode()
    assert response.status_code == 200
    assert "The log could not be checkpointed: refusing to sign size" in page
    assert response.context["checkpoint"] == signed
    assert client.get("/audit/checkpoint.txt").content.decode() == signed.note
