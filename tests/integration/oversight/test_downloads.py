"""The statistics as downloads (issue 12, item 3): a CSV of every count, and an ODS spreadsheet
laid out as the Government Statistical Service's guidance asks (cover sheet, contents, notes, a
table a sheet with its title in A1, numbers stored as numbers, `[c]` explained); both as the page
publishes them, for the scope the user may see."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from odf.opendocument import load
from odf.table import Table, TableCell, TableRow
from odf.text import P

from safereport.accounts.roles import Role
from tests import builders
from tests.integration.casework import builders as cw
from tests.integration.oversight.test_statistics import Fixture


def sheets(content: bytes) -> dict[str, list[list[tuple[str, str]]]]:
    """Each sheet's rows, each cell as (value type, text)."""
    document = load(io.BytesIO(content))
    found = {}
    for table in document.spreadsheet.getElementsByType(Table):
        rows = []
        for row in table.getElementsByType(TableRow):
            rows.append(
                [
                    (
                        str(cell.getAttribute("valuetype")),
                        "".join(str(p) for p in cell.getElementsByType(P)),
                    )
                    for cell in row.getElementsByType(TableCell)
                ]
            )
        found[str(table.getAttribute("name"))] = rows
    return found


@pytest.mark.django_db
def test_the_spreadsheet_has_a_cover_contents_notes_and_a_sheet_a_table(
    client: Client, oversight_records: Fixture
) -> None:
    f = oversight_records
    client.force_login(builders.user(Role.INSPECTOR))

    response = client.get("/statistics/statistics.ods", {"period": f.period.code})

    assert response["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    assert response["Content-Disposition"] == (
        f'attachment; filename="safe-reporting-statistics-england-and-wales-{f.period.code}.ods"'
    )
    found = sheets(response.content)
    names = list(found)
    assert names[:3] == ["Cover_sheet", "Contents", "Notes"]
    assert {"reports", "first_contact"} <= set(names)
    assert found["Cover_sheet"][0][0][1].startswith("Safe Reporting statistics: England and Wales")
    assert [text for _, text in found["Contents"][2]] == ["Sheet name", "Table title"]
    reports = found["reports"]
    assert reports[0][0][1] == "Reports recorded, by crime type and route"  # title in A1
    assert [text for _, text in reports[2]] == [
        "",
        "Reported directly to the police",
        "Reported through a third party",
        "Total",
    ]
    assert reports[3] == [
        ("string", "Domestic abuse"),
        ("float", "2"),
        ("float", "1"),
        ("float", "3"),
    ]


@pytest.mark.django_db
def test_a_forces_downloads_carry_its_suppressed_counts_and_say_what_they_mean(
    client: Client,
    oversight_records: Fixture,
) -> None:
    f = oversight_records
    client.force_login(cw.dpo(f.force))

    ods = sheets(client.get("/statistics/statistics.ods").content)
    table = client.get("/statistics/statistics.csv")

    assert ods["reports"][3][1] == ("string", "[c]")
    notes = [text for row in ods["Notes"] for _, text in row]
    assert any(text.startswith("Below national level, counts from 1 to 7") for text in notes)
    rows = list(csv.DictReader(io.StringIO(table.content.decode())))
    assert {r["scope"] for r in rows} == {f.force.name}
    domestic = [r for r in rows if (r["table"], r["row"]) == ("reports", "Domestic abuse")]
    assert [r["count"] for r in domestic] == ["[c]", "[c]", "[c]"]


@pytest.mark.django_db
def test_a_download_for_a_period_not_offered_is_not_found(client: Client) -> None:
    client.force_login(builders.user(Role.INSPECTOR))

    assert client.get("/statistics/statistics.csv", {"period": "1999-00"}).status_code == 404


@pytest.mark.django_db
@pytest.mark.usefixtures("oversight_records")
def test_the_comparison_of_regimes_downloads_too(client: Client) -> None:
    client.force_login(builders.user(Role.INSPECTOR))

    table = client.get("/statistics/regimes.csv")
    ods = sheets(client.get("/statistics/regimes.ods").content)

    rows = list(csv.DictReader(io.StringIO(table.content.decode())))
    [recorded] = [
        r
        for r in rows
        if (r["table"], r["row"], r["column"]) == ("replay", "Decisions", "As recorded")
    ]
    assert recorded["count"] == "1"
    assert {"replay", "by_regime", "disclosures_under", "protections_under"} <= set(ods)
    assert ods["Cover_sheet"][0][0][1].startswith("Safe Reporting: regimes compared")
