"""The directory: administrators manage it, immigration advice needs a regulator, languages are
real ISO 639-1 codes, a CSV import is all or nothing with each problem named by row and column,
an export imports back unchanged, and the demonstration directory loads once."""

from __future__ import annotations

import pytest

from safereport.accounts.models import Organisation
from safereport.accounts.roles import OrganisationKind, Role
from safereport.errors import ServiceError
from safereport.pathways import actions, csvio, queries
from safereport.pathways.demo import DEMO_DIRECTORY, load_demo_directory
from safereport.pathways.errors import NotPermittedError, PathwaysError
from safereport.pathways.models import DirectoryEntry
from tests import builders
from tests.integration.casework import builders as cw
from tests.integration.pathways import builders as pw


@pytest.mark.django_db
def test_an_administrator_adds_an_organisation_and_its_account_organisation() -> None:
    admin = pw.admin()

    entry = actions.save_directory_entry(actor=admin, details=pw.details(code="new-service"))

    assert entry.organisation.kind == OrganisationKind.SUPPORT_ORGANISATION
    assert entry.languages == ["en", "es"]
    assert [e["action"] for e in cw.events()][-2:] == [
        "accounts:organisation:created",
        "pathways:directory_entry:created",
    ]


@pytest.mark.django_db
def test_changing_an_entry_keeps_its_organisation() -> None:
    admin = pw.admin()
    first = actions.save_directory_entry(actor=admin, details=pw.details(code="same"))
    changed = pw.variant(queries.details_of(first), has_capacity=False, languages=["en", "pt"])

    second = actions.save_directory_entry(actor=admin, details=changed)

    assert second.pk == first.pk
    assert (second.has_capacity, second.languages) == (False, ["en", "pt"])
    assert cw.events()[-1]["action"] == "pathways:directory_entry:updated"


@pytest.mark.parametrize(
    "role", [Role.POLICE_OFFICER, Role.SUPPORT_WORKER, Role.INSPECTOR, Role.IE_CASEWORKER]
)
@pytest.mark.django_db
def test_only_administrators_manage_the_directory(role: str) -> None:
    with pytest.raises(NotPermittedError):
        actions.save_directory_entry(actor=builders.user(role), details=pw.details())
    with pytest.raises(NotPermittedError):
        actions.import_directory(actor=builders.user(role), text="")


@pytest.mark.django_db
def test_immigration_advice_is_refused_without_an_adviser_regulator() -> None:
    admin = pw.admin()

    with pytest.raises(PathwaysError) as raised:
        actions.save_directory_entry(
            actor=admin, details=pw.details(services=["domestic_abuse", "immigration_advice"])
        )

    assert raised.value.fields == {
        "adviser_regulator": (
            "Select who regulates its immigration advisers: only regulated advisers may give "
            "immigration advice"
        )
    }
    regulated = actions.save_directory_entry(
        actor=admin,
        details=pw.details(
            services=["immigration_advice"], adviser_regulator="iaa", adviser_registration="F1"
        ),
    )
    assert regulated.adviser_regulator == "iaa"


@pytest.mark.django_db
def test_every_problem_of_an_entry_is_named_at_once() -> None:
    with pytest.raises(PathwaysError) as raised:
        actions.save_directory_entry(
            actor=pw.admin(),
            details=pw.details(
                code="Not A Slug",
                services=["counselling"],
                languages=["es", "xx"],
                national=False,
                forces=["atlantis-police"],
                intake_channel="pigeon",
                communities=["=HYPERLINK()"],
                adviser_regulator="iaa",
            ),
        )

    assert set(raised.value.fields) == {
        "code",
        "services",
        "adviser_regulator",
        "languages",
        "forces",
        "intake_channel",
        "communities",
    }
    assert raised.value.fields["languages"] == (
        "'xx' is not an ISO 639-1 language code, like en or es"
    )
    assert raised.value.fields["forces"] == "'atlantis-police' is not the code of a police force"


@pytest.mark.django_db
def test_an_existing_organisation_of_another_kind_or_name_is_refused() -> None:
    police = cw.force()
    admin = pw.admin()
    pw.entry(code="named", name="The Registered Name")

    with pytest.raises(PathwaysError) as police_code:
        actions.save_directory_entry(actor=admin, details=pw.details(code=police.code))
    with pytest.raises(PathwaysError) as renamed:
        actions.save_directory_entry(actor=admin, details=pw.details(code="named", name="Other"))

    assert police_code.value.fields == {
        "code": "belongs to an organisation that is not a support organisation"
    }
    assert renamed.value.fields["name"].startswith(
        "must be the organisation's registered name, 'The Registered Name'"
    )


# CSV ---------------------------------------------------------------------------------------


def _csv(*rows: str) -> str:
    return "\r\n".join([",".join(csvio.COLUMNS), *rows]) + "\r\n"


ROW = (
    "{code},{name},domestic_abuse,,,yes,Migrant women,metropolitan-police-service,{langs},"
    "service_inbox,,yes,no,yes"
)


@pytest.mark.django_db
def test_a_csv_import_with_one_bad_row_imports_nothing_and_names_row_and_column() -> None:
    before = DirectoryEntry.objects.count()
    text = _csv(
        ROW.format(code="good-one", name="Good One", langs="en;es"),
        ROW.format(code="good-two", name="Good Two", langs="en"),
        ROW.format(code="bad-three", name="Bad Three", langs="en;zz"),
        ROW.format(code="bad-four", name="Bad Four", langs="en").replace(
            "domestic_abuse,", "immigration_advice,"
        ),
    )

    with pytest.raises(PathwaysError) as raised:
        actions.import_directory(actor=pw.admin(), text=text)

    assert raised.value.fields == {
        "row 4.languages": "'zz' is not an ISO 639-1 language code, like en or es",
        "row 5.adviser_regulator": (
            "Select who regulates its immigration advisers: only regulated advisers may give "
            "immigration advice"
        ),
    }
    assert raised.value.message == "The file has problems: nothing was imported."
    assert DirectoryEntry.objects.count() == before
    assert not Organisation.objects.filter(code__in=["good-one", "good-two"]).exists()


@pytest.mark.django_db
def test_a_good_csv_import_creates_and_updates_in_one_event() -> None:
    pw.entry(code="already", name="Already There")
    text = _csv(
        ROW.format(code="already", name="Already There", langs="en;pt"),
        ROW.format(code="brand-new", name="Brand New", langs="en"),
    )

    result = actions.import_directory(actor=pw.admin(), text=text)

    assert (result.created, result.updated) == (("brand-new",), ("already",))
    assert queries.entry_for("already").languages == ["en", "pt"]
    event = cw.events("pathways:directory:imported")[-1]
    assert event["subjects"] == ["org:already", "org:brand-new"]
    assert event["details"] == {"rows": 2}


@pytest.mark.django_db
def test_an_export_imports_back_unchanged() -> None:
    pw.entry(code="exported-one", name="Exported, One", communities=["A", "B"])
    pw.entry(
        code="exported-two",
        services=["modern_slavery", "immigration_advice"],
        adviser_regulator="sra",
        adviser_registration="SRA 123456",
        national=False,
        forces=["kent-police", "essex-police"],
        has_capacity=False,
        illustrative=True,
    )
    before = [queries.details_of(entry) for entry in queries.directory()]
    exported = csvio.write(before)

    result = actions.import_directory(actor=pw.admin(), text=exported)

    after = [queries.details_of(entry) for entry in queries.directory()]
    assert after == before
    assert csvio.write(after) == exported
    assert result.created == ()


# The demonstration directory --------------------------------------------------------------


@pytest.mark.django_db
def test_the_demo_directory_lists_the_seed_organisations_once_marked_illustrative() -> None:
    added = load_demo_directory()
    again = load_demo_directory()

    assert (added, again) == (len(DEMO_DIRECTORY), 0)
    entries = list(queries.directory())
    assert {e.organisation.code for e in entries} == {d.code for d in DEMO_DIRECTORY}
    assert all(e.illustrative for e in entries)
    # No contact details of any kind: only the kind of intake channel, and no notes.
    assert {e.intake_channel for e in entries} == {"service_inbox"}
    assert all(e.intake_notes == "" and e.adviser_registration == "" for e in entries)
    names = {e.organisation.name for e in entries}
    assert "Latin American Women's Rights Service" in names
    assert "Southall Black Sisters" in names


@pytest.mark.django_db
def test_the_demo_directory_joins_the_organisations_the_demo_already_made() -> None:
    builders.organisation(
        OrganisationKind.SUPPORT_ORGANISATION,
        code="lawrs",
        name="Latin American Women's Rights Service",
    )

    load_demo_directory()

    assert queries.entry_for("lawrs").organisation.name == "Latin American Women's Rights Service"


@pytest.mark.django_db
def test_action_errors_have_the_one_error_shape() -> None:
    with pytest.raises(ServiceError) as raised:
        actions.save_directory_entry(actor=pw.admin(), details=pw.details(languages=[]))

    assert raised.value.as_json()["error"]["code"] == "invalid_request"
    assert "languages" in raised.value.as_json()["error"]["fields"]
