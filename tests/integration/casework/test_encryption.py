"""Personal data at rest: the database holds ciphertext bound to its column, lookups on it are
refused, damage is reported clearly, and key rotation re-encrypts under the newest key."""

from __future__ import annotations

import base64
import secrets
from datetime import UTC, date, datetime
from io import StringIO

import pytest
from django.core.exceptions import FieldError, ImproperlyConfigured, ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import F, Value
from pytest_django import Settings

from safereport.audit.events import Actor
from safereport.casework.models import Case, Person
from safereport.crypto import MalformedCiphertextError, TamperedCiphertextError, UnknownKeyError
from safereport.crypto.fields import EncryptedBooleanField, EncryptedDateField, EncryptedTextField
from safereport.policy.vocabulary import RegimeId
from safereport.web.rotation import rotate_keys
from tests.integration.casework import builders as cw


def new_key(key_id: str) -> str:
    return f"{key_id}:{base64.b64encode(secrets.token_bytes(32)).decode()}"


def raw(table: str, column: str, pk: int) -> str | None:
    """The column exactly as stored, read past the ORM."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote(column)} FROM {quote(table)} WHERE id = %s",  # noqa: S608 - names are ours
            [pk],
        )
        return cursor.fetchone()[0]  # type: ignore[no-any-return]


def write_raw(table: str, column: str, pk: int, value: str) -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(table)} SET {quote(column)} = %s WHERE id = %s",  # noqa: S608
            [value, pk],
        )


@pytest.mark.django_db
def test_the_database_holds_no_plaintext_of_a_person() -> None:
    police = cw.force()
    cw.regime(police, RegimeId.HMICFRS_INTERIM)
    party = cw.report(cw.officer(police))
    person = party.person
    assert person is not None

    stored = {
        column: raw("casework_person", column, person.pk)
        for column in (
            "given_name",
            "family_name",
            "date_of_birth",
            "nationality",
            "phone",
            "email",
            "address",
            "preferred_language",
            "interpreter_needed",
            "safe_contact_instructions",
        )
    }

    for column, value in stored.items():
        assert value is not None
        assert value.startswith("v1:"), column
    # Read as stored: `v1:<key id>:` and the base64 of nonce, ciphertext and tag. The bytes are
    # searched, not their base64 text, in which a short word like "Ana" turns up by chance.
    payloads = [base64.b64decode(str(v).split(":", 2)[2]) for v in stored.values()]
    for plaintext in ("Ana", "Quispe", "1990-04-12", "Bolivian", "07700", "example.org", "London"):
        assert not any(plaintext.encode() in payload for payload in payloads), plaintext
    case_row = {c: raw("casework_case", c, party.case.pk) for c in ("summary", "occurred_on")}
    assert "Assaulted" not in str(case_row["summary"])
    assert "2026-01-03" not in str(case_row["occurred_on"])
    reread = Person.objects.get(pk=person.pk)
    assert (reread.given_name, reread.date_of_birth.isoformat()) == ("Ana", "1990-04-12")  # type: ignore[union-attr]
    assert reread.interpreter_needed is True
    assert Case.objects.get(pk=party.case.pk).occurred_on.isoformat() == "2026-01-03"  # type: ignore[union-attr]


@pytest.mark.django_db
def test_encrypted_fields_cannot_be_searched() -> None:
    with pytest.raises(FieldError, match="given_name is encrypted: it cannot be searched"):
        Person.objects.filter(given_name="Ana").exists()
    with pytest.raises(FieldError, match="encrypted"):
        Person.objects.filter(family_name__icontains="quispe").exists()
    assert not Person.objects.filter(date_of_birth__isnull=False).exists()


@pytest.mark.django_db
def test_a_value_moved_to_another_column_fails_to_load() -> None:
    person = Person.objects.create(given_name="Ana", family_name="Quispe")
    write_raw(
        "casework_person",
        "family_name",
        person.pk,
        raw("casework_person", "given_name", person.pk) or "",
    )

    with pytest.raises(TamperedCiphertextError, match=r"casework_person\.family_name"):
        Person.objects.get(pk=person.pk)


@pytest.mark.django_db
def test_a_malformed_value_fails_to_load_with_a_clear_error() -> None:
    person = Person.objects.create(given_name="Ana")
    write_raw("casework_person", "given_name", person.pk, "Ana in plain text")

    with pytest.raises(MalformedCiphertextError, match="not a v1 ciphertext"):
        Person.objects.get(pk=person.pk)


@pytest.mark.django_db
def test_a_value_under_a_key_no_longer_in_the_ring_names_the_key(settings: Settings) -> None:
    settings.FIELD_ENCRYPTION_KEYS = new_key("gone")
    person = Person.objects.create(given_name="Ana")
    settings.FIELD_ENCRYPTION_KEYS = new_key("k9")

    with pytest.raises(UnknownKeyError, match="key 'gone'"):
        Person.objects.get(pk=person.pk)


@pytest.mark.django_db
def test_rotation_re_encrypts_every_row_under_the_newest_key(settings: Settings) -> None:
    old, new = new_key("k1"), new_key("k2")
    settings.FIELD_ENCRYPTION_KEYS = old
    police = cw.force()
    cw.regime(police, RegimeId.HMICFRS_INTERIM)
    officer = cw.officer(police)
    parties = [cw.report(officer, details=cw.person(given_name=f"Ana {n}")) for n in range(5)]
    person_ids = [p.person.pk for p in parties if p.person]
    settings.FIELD_ENCRYPTION_KEYS = f"{new},{old}"

    # Before rotation: old rows still decrypt, and a new write uses the new key.
    assert Person.objects.get(pk=person_ids[0]).given_name == "Ana 0"
    assert str(raw("casework_person", "given_name", person_ids[0])).startswith("v1:k1:")
    fresh = Person.objects.create(given_name="Bea")
    assert str(raw("casework_person", "given_name", fresh.pk)).startswith("v1:k2:")

    report = rotate_keys(actor=Actor.system("tests"), batch_size=2)

    assert report.key_id == "k2"
    assert report.rows["casework.person"] == 5  # the sixth was already under k2
    assert report.scanned["casework.person"] == 6
    # Every encrypted field of each of the 5 rows (11 of them: identity, contact, safe contact).
    encrypted = [f for f in Person._meta.get_fields() if type(f).__name__.startswith("Encrypted")]
    assert len(encrypted) == 11
    assert report.values["casework.person"] == 5 * len(encrypted)
    assert report.rows["casework.case"] == 5
    for pk in person_ids:
        assert str(raw("casework_person", "given_name", pk)).startswith("v1:k2:")
        assert str(raw("casework_person", "date_of_birth", pk)).startswith("v1:k2:")
    # The old key can now go: everything still reads.
    settings.FIELD_ENCRYPTION_KEYS = new
    assert sorted(Person.objects.values_list("given_name", flat=True)) == [
        "Ana 0", "Ana 1", "Ana 2", "Ana 3", "Ana 4", "Bea",
    ]  # fmt: skip
    rotated = cw.events("crypto:field_keys:rotated")
    assert (
        sum(e["details"]["rows"] for e in rotated if e["details"]["model"] == "casework.person")
        == 5
    )
    assert len([e for e in rotated if e["details"]["model"] == "casework.person"]) == 3  # 2+2+1
    assert all(e["subjects"] == ["key:k2"] for e in rotated)


@pytest.mark.django_db
def test_the_rotate_keys_command_is_idempotent(settings: Settings) -> None:
    old, new = new_key("k1"), new_key("k2")
    settings.FIELD_ENCRYPTION_KEYS = old
    Person.objects.create(given_name="Ana", date_of_birth=None)
    settings.FIELD_ENCRYPTION_KEYS = f"{new},{old}"
    first, second = StringIO(), StringIO()

    call_command("rotate_keys", "--batch-size", "10", stdout=first)
    call_command("rotate_keys", stdout=second)

    # Every encrypted field but the empty date of birth.
    assert "casework.person: 1 of 1 rows re-encrypted (10 values)" in first.getvalue()
    assert "Nothing to do: every value is already under key k2." in second.getvalue()
    assert len(cw.events("crypto:field_keys:rotated")) == 1


@pytest.mark.parametrize("option", ["unique", "db_index", "primary_key"])
def test_options_that_need_comparable_values_are_refused(option: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=f"cannot be {option}"):
        EncryptedTextField(**{option: True})


def test_typed_fields_read_their_python_values() -> None:
    dates, flags = EncryptedDateField(), EncryptedBooleanField()

    assert dates.to_python("1990-04-12") == date(1990, 4, 12)
    assert flags.to_python("true") is True
    for bad_date in ("12/04/1990", datetime(1990, 4, 12, tzinfo=UTC)):
        with pytest.raises(ValidationError):
            dates.to_python(bad_date)
    with pytest.raises(ValidationError):
        flags.to_python("yes")


@pytest.mark.django_db
def test_a_bad_key_ring_setting_is_named(settings: Settings) -> None:
    settings.FIELD_ENCRYPTION_KEYS = "k1:tooshort"

    with pytest.raises(ImproperlyConfigured, match="FIELD_ENCRYPTION_KEYS: key 'k1'"):
        Person.objects.create(given_name="Ana")


@pytest.mark.django_db
def test_update_writes_plain_values_encrypted_and_refuses_expressions() -> None:
    """An update's expressions never reach the field's encryption: `Value("x")` would be written
    as it is, and another column's ciphertext is bound to that column. Both are refused; a plain
    value is encrypted, and `bulk_update` (whose expressions are of the field itself) works."""
    person = cw.report(cw.officer(cw.force())).person
    assert person is not None

    Person.objects.filter(pk=person.pk).update(given_name="Ana Updated")
    stored = raw("casework_person", "given_name", person.pk)
    for expression in (Value("Written plain"), F("family_name")):
        with (
            transaction.atomic(),
            pytest.raises(FieldError, match=r"Person\.given_name is encrypted: update"),
        ):
            Person.objects.filter(pk=person.pk).update(given_name=expression)
    person.refresh_from_db()
    person.family_name = "Bulk Updated"
    Person.objects.bulk_update([person], ["family_name"])

    assert stored is not None
    assert stored.startswith("v1:")
    assert "Ana Updated" not in stored
    assert raw("casework_person", "given_name", person.pk) == stored  # nothing written plain
    person.refresh_from_db()
    assert (person.given_name, person.family_name) == ("Ana Updated", "Bulk Updated")
    assert "Bulk Updated" not in (raw("casework_person", "family_name", person.pk) or "")
