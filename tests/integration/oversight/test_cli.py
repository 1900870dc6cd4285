"""`safereport oversight stats` (issue 12, item 8): the tables as JSON in the issue's shape,
national as counted and a force's with disclosure control; bad input named, exit 2."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from safereport.oversight.disclosure_control import SUPPRESSED
from tests.integration.oversight.test_statistics import Fixture


@pytest.mark.django_db
def test_the_statistics_as_json_national_and_for_a_force(
    capsys: pytest.CaptureFixture[str],
    oversight_records: Fixture,
) -> None:
    f = oversight_records

    call_command("oversight", "stats", "--json", "--period", f.period.code)
    national = json.loads(capsys.readouterr().out)
    call_command("oversight", "stats", "--json", "--force", f.force.code)
    force = json.loads(capsys.readouterr().out)

    assert (national["period"], national["scope"]) == (f.period.code, "national")
    [reports] = [t for t in national["tables"] if t["id"] == "reports"]
    assert set(reports) == {"id", "title", "columns", "rows", "column_totals", "total"}
    assert reports["rows"][0] == {
        "label": "Domestic abuse",
        "cells": {"Reported directly to the police": 2, "Reported through a third party": 1},
        "total": 3,
    }
    assert reports["column_totals"] == {
        "Reported directly to the police": 3,
        "Reported through a third party": 1,
    }
    assert force["scope"] == f.force.code
    [reports] = [t for t in force["tables"] if t["id"] == "reports"]
    assert reports["rows"][0]["cells"] == {
        "Reported directly to the police": SUPPRESSED,
        "Reported through a third party": SUPPRESSED,
    }
    assert len(force["tables"]) == len(national["tables"]) == 13


@pytest.mark.django_db
def test_the_statistics_as_text(
    capsys: pytest.CaptureFixture[str], oversight_records: Fixture
) -> None:
    f = oversight_records

    call_command("oversight", "stats", "--force", f.force.code)

    out = capsys.readouterr().out
    assert out.startswith(f"{f.force.name}, ")
    assert "[c]: a count from 1 to 7" in out
    assert "Reports recorded, by crime type and route" in out


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("options", "said"),
    [
        (["--period", "2026"], "--period: must be a year to 31 March such as 2026-27"),
        (["--force", "nowhere"], "--force: 'nowhere' is not a police force here"),
    ],
)
def test_bad_input_is_named_and_exits_2(options: list[str], said: str) -> None:
    with pytest.raises(CommandError) as refused:
        call_command("oversight", "stats", *options)

    assert said in str(refused.value)
    assert refused.value.returncode == 2
