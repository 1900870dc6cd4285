"""The stateless `decide` and `gate`: the CLI's scenario JSON in, and the CLI's JSON out, answers
and errors alike (the same parser names the same fields with the same allowed values)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from safereport import cli
from safereport.accounts.roles import Role
from tests import builders
from tests.integration.api import world
from tests.integration.api.contract import Api
from tests.integration.casework import builders as cw

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
SHARING = json.loads((EXAMPLES / "domestic-abuse-status-check.json").read_text())
GATE = json.loads((EXAMPLES / "protocol-arrest.json").read_text())


def the_cli(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str, text: str
) -> tuple[int, Any]:
    """What `safereport <command> FILE` prints for a file holding `text`, and its exit status."""
    scenario = tmp_path / "scenario.json"
    scenario.write_text(text, encoding="utf-8")
    capsys.readouterr()
    status = cli.main([command, str(scenario)])
    return status, json.loads(capsys.readouterr().out)


def caller(client: Client, role: str = Role.INSPECTOR) -> Api:
    return world.api_as(client, builders.user(role))


@pytest.mark.django_db
@pytest.mark.parametrize(("command", "scenario"), [("decide", SHARING), ("gate", GATE)])
def test_the_answer_is_the_clis(
    client: Client,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    command: str,
    scenario: dict[str, Any],
) -> None:
    response = caller(client).post(f"/{command}", scenario)

    status, printed = the_cli(capsys, tmp_path, command, json.dumps(scenario))
    assert (status, response.status_code) == (0, 200)
    assert json.loads(response.content) == printed


BROKEN_SHARING = [
    json.dumps({**SHARING, "consent": "maybe", "colour": "blue"}),  # unknown value, unknown key
    json.dumps({k: v for k, v in SHARING.items() if k != "person"}),  # a missing section
    json.dumps({**SHARING, "request": {"purpose": "safeguarding", "categories": []}}),
    json.dumps(
        {**SHARING, "person": {**SHARING["person"], "suspected_offending": "no"}}
    ),  # wrong type
    '{"regime": "complete-firewall",',  # broken JSON
    "[1, 2, 3]",  # not an object
    "",
]
BROKEN_GATE = [
    json.dumps({**GATE, "action": "deport"}),
    json.dumps({**GATE, "referred_by_police": "yes", "crime": {"type": "burglary"}}),
    json.dumps({k: v for k, v in GATE.items() if k != "regime"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("command", "text"),
    [("decide", text) for text in BROKEN_SHARING] + [("gate", text) for text in BROKEN_GATE],
)
def test_bad_scenarios_are_refused_field_by_field_as_the_cli_refuses_them(
    client: Client, capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str, text: str
) -> None:
    response = caller(client).call("POST", f"/{command}", raw=text)

    status, printed = the_cli(capsys, tmp_path, command, text)
    assert (status, response.status_code) == (2, 422)
    assert json.loads(response.content) == printed
    assert printed["error"]["code"] == "invalid_scenario"
    assert printed["error"]["fields"]


@pytest.mark.django_db
def test_a_scenario_names_every_problem_with_the_allowed_values(client: Client) -> None:
    response = caller(client).post("/decide", {**SHARING, "consent": "maybe"})

    assert json.loads(response.content)["error"]["fields"] == {
        "consent": "must be one of none, given, refused (got 'maybe')"
    }


@pytest.mark.django_db
def test_deciding_stores_nothing_and_records_nothing(client: Client) -> None:
    api = caller(client, Role.SUPPORT_WORKER)
    before = len(cw.events())

    api.post("/decide", SHARING)
    api.post("/gate", GATE)

    assert len(cw.events()) == before
