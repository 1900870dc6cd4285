"""`safereport.rows`: the instances read by SQL written once are the ORM's, value for value, on
SQLite and PostgreSQL alike, and `rows.insert` stores what `save()` would."""

from __future__ import annotations

import pytest
from django.db.models import Model

from safereport import rows
from safereport.casework.models import Case, Party, Person, SharingDecision
from safereport.policy.vocabulary import RegimeId
from tests.integration.casework import builders as cw


def _read(columns: rows.Columns[Model], table: str, key: int) -> Model:
    # Only quoted names are formatted in; the key is a value.
    query = f'SELECT {columns.sql} FROM "{table}" {columns.alias} WHERE id = %s'  # noqa: S608
    row = rows.first_row(query, [key])
    assert row is not None
    return columns.instance(row)


def _values(instance: Model) -> dict[str, object]:
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


@pytest.mark.django_db
def test_every_column_reads_back_as_the_orm_reads_it() -> None:
    w = cw.world(regime=RegimeId.MIGRANT_VICTIMS_PROTOCOL)
    person = w.party.person
    assert person is not None

    for model, key in ((Person, person.pk), (Case, w.party.case_id), (Party, w.party.pk)):
        read = _read(rows.Columns(model, "t"), model._meta.db_table, key)
        # Decrypted, and dates, times and booleans as the ORM gives them on this database.
        assert _values(read) == _values(model.objects.get(pk=key))
        assert read._state.adding is False


@pytest.mark.django_db
def test_columns_left_out_are_deferred_and_never_decrypted() -> None:
    w = cw.world(regime=RegimeId.MIGRANT_VICTIMS_PROTOCOL)
    person = w.party.person
    assert person is not None

    read = _read(rows.Columns(Person, "t", ["id", "reference"]), "casework_person", person.pk)

    assert read.get_deferred_fields() >= {"given_name", "family_name", "address"}
    assert read.reference == person.reference  # type: ignore[attr-defined]


def _decision(w: cw.World) -> SharingDecision:
    return SharingDecision(
        party=w.party,
        purpose="enforcement_referral",
        categories=["identity", "contact"],
        consent="none",
        consent_by_category={"identity": "none", "contact": "none"},
        situation={"a": [1, 2]},
        decision={"categories": {"identity": "permitted"}, "duties": []},
        regime=RegimeId.MIGRANT_VICTIMS_PROTOCOL.value,
        regime_version="v",
        outcome="partly_permitted",
        requested_by=w.officer,
    )


@pytest.mark.django_db
def test_insert_stores_what_save_would() -> None:
    w = cw.world(regime=RegimeId.MIGRANT_VICTIMS_PROTOCOL)
    saved, inserted = _decision(w), _decision(w)
    saved.save()

    rows.insert(inserted)

    assert inserted.pk is not None
    assert inserted.pk != saved.pk
    assert inserted._state.adding is False
    stored = SharingDecision.objects.get(pk=inserted.pk)
    assert stored.reference == inserted.reference  # the field's default, made once
    assert stored.created_at == inserted.created_at  # auto_now_add, as save() sets it
    # Every other column as save() stored it.
    different = {"id", "reference", "created_at"}
    expected = _values(SharingDecision.objects.get(pk=saved.pk))
    for name in different:
        del expected[name]
    assert {k: v for k, v in _values(stored).items() if k not in different} == expected
    assert stored.permitted == ["identity"]
