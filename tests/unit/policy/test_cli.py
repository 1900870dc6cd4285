"""The `safereport` command line: decide, gate and policy, and its handling of bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.command_line import run
from tests.unit.policy.builders import scenario

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def test_decide_reads_a_file_and_prints_the_decision(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(
        capsys, monkeypatch, "decide", str(EXAMPLES / "domestic-abuse-status-check.json")
    )

    decision = json.loads(out)
    assert code == 0
    assert set(decision) >= {
        "regime",
        "regime_version",
        "outcome",
        "categories",
        "duties",
        "rules",
        "explanation",
    }
    assert decision["outcome"] == "prohibited"
    assert decision["categories"] == {"identity": "prohibited", "contact": "prohibited"}
    assert {r["id"] for r in decision["rules"]} >= {"hmicfrs-rec1", "npcc-no-status-checks"}
    assert set(decision["rules"][0]) >= {"id", "effect", "source", "statement"}


def test_decide_reads_standard_input_with_a_default_regime(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = {k: v for k, v in scenario().items() if k != "regime"}

    code, out, _ = run(
        capsys, monkeypatch, "decide", "--regime", "complete-firewall", stdin=json.dumps(data)
    )

    assert code == 0
    assert json.loads(out)["regime"] == "complete-firewall"


def test_gate_prints_the_protocol_check(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(capsys, monkeypatch, "gate", str(EXAMPLES / "protocol-arrest.json"))

    result = json.loads(out)
    assert code == 0
    assert result["outcome"] == "blocked"
    assert [r["id"] for r in result["rules"]] == ["protocol-no-enforcement"]


def test_bad_input_names_the_field_and_exits_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = scenario(consent="yes")

    code, out, err = run(capsys, monkeypatch, "decide", stdin=json.dumps(bad))

    assert code == 2
    assert json.loads(out)["error"]["fields"] == {
        "consent": "must be one of none, given, refused (got 'yes')"
    }
    assert "consent: must be one of none, given, refused" in err


def test_broken_json_is_reported_not_raised(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run(capsys, monkeypatch, "decide", stdin="{not json")

    assert code == 2
    assert "is not valid JSON" in json.loads(out)["error"]["message"]
    assert "Traceback" not in err


def test_jsonl_decides_every_good_line_and_reports_each_bad_one(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = [
        json.dumps(scenario()),
        "[1, 2",
        json.dumps(scenario(request={"purpose": "gossip", "categories": ["identity"]})),
        "",
        json.dumps(scenario(regime="complete-firewall")),
    ]

    code, out, _ = run(capsys, monkeypatch, "decide", "--jsonl", stdin="\n".join(lines))

    answers = [json.loads(line) for line in out.splitlines()]
    assert code == 2
    assert len(answers) == 4
    assert answers[0]["outcome"] == "prohibited"
    assert answers[1]["line"] == 2
    assert "not valid JSON" in answers[1]["error"]["message"]
    assert answers[2]["line"] == 3
    assert "request.purpose" in answers[2]["error"]["fields"]
    assert answers[3]["regime"] == "complete-firewall"


def test_jsonl_with_only_good_lines_exits_0(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    gate_line = (EXAMPLES / "protocol-arrest.json").read_text().replace("\n", "")

    code, out, _ = run(capsys, monkeypatch, "gate", "--jsonl", stdin=gate_line + "\n" + gate_line)

    assert code == 0
    assert [json.loads(line)["outcome"] for line in out.splitlines()] == ["blocked", "blocked"]


def test_a_missing_file_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run(capsys, monkeypatch, "decide", "no-such-file.json")

    assert code == 2
    assert "cannot read no-such-file.json" in err


def test_an_unknown_regime_option_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run(capsys, monkeypatch, "decide", "--regime", "open-door")

    assert code == 2
    assert "invalid choice: 'open-door'" in err


def test_policy_list(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(capsys, monkeypatch, "policy", "list", "--json")

    regimes = json.loads(out)["regimes"]
    assert code == 0
    assert [r["regime"] for r in regimes] == [
        "complete-firewall",
        "hmicfrs-interim",
        "migrant-victims-protocol",
        "migrant-victims-protocol-2023",
    ]
    assert all(len(r["version"]) == 64 and r["sources"] for r in regimes)


def test_policy_show_groups_rules(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(capsys, monkeypatch, "policy", "show", "complete-firewall")

    assert code == 0
    prohibitions = out.index("Prohibitions")
    permissions = out.index("Permissions")
    duties = out.index("Duties")
    assert prohibitions < out.index("F1 (firewall-no-sharing)") < permissions < duties
    assert out.index("duty:refer_to_third_party") > duties
    assert "Source: 003_10dcae4fb6beeab4.txt" in out


def test_the_console_script_never_shows_a_traceback() -> None:
    script = Path(sys.executable).with_name("safereport")

    result = subprocess.run(  # noqa: S603 - our own console script, fixed arguments
        [str(script), "gate", "--jsonl"],
        input='{"regime": []}\n\x00\n',
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stdout.splitlines()) == 2


def test_the_2023_regime_is_listed_as_announced_with_no_published_text(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(capsys, monkeypatch, "policy", "list", "--json")

    regimes = {r["regime"]: r for r in json.loads(out)["regimes"]}
    assert code == 0
    announced = regimes["migrant-victims-protocol-2023"]
    for field in ("title", "position", "standing"):
        assert "no published" in announced[field], field
    assert "HL9622 (31 July 2023)" in announced["position"]
    assert "HL9622 (31 July 2023)" in announced["standing"]
    # The other regimes make no such claim about themselves.
    assert all(
        regimes[r]["standing"] is None
        for r in ("complete-firewall", "hmicfrs-interim", "migrant-victims-protocol")
    )

    code, out, _ = run(capsys, monkeypatch, "policy", "list")
    assert code == 0
    listed = out[out.index("migrant-victims-protocol-2023") :]
    assert "Standing: Announced in the written answer HL9622 (31 July 2023)" in listed
    assert "Standing:" not in out[: out.index("migrant-victims-protocol-2023")]


def test_policy_show_says_the_2023_regime_has_no_published_text(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(capsys, monkeypatch, "policy", "show", "migrant-victims-protocol-2023")

    head = out[: out.index("Prohibitions")]
    assert code == 0
    assert "written answer HL9622 (31 July 2023)" in head
    assert "no published protocol text" in head

    code, out, _ = run(
        capsys, monkeypatch, "policy", "show", "migrant-victims-protocol-2023", "--json"
    )
    shown = json.loads(out)
    assert code == 0
    assert "no published" in shown["standing"]
    assert shown["title"] == "Migrant Victims Protocol as announced in 2023 (no published text)"


def test_decide_takes_consent_per_category(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = scenario(
        request={"purpose": "victim_request", "categories": ["identity", "contact"]},
        consent={"identity": "given"},
    )

    code, out, _ = run(capsys, monkeypatch, "decide", stdin=json.dumps(data))

    decision = json.loads(out)
    assert code == 0
    assert decision["outcome"] == "partly_permitted"
    assert decision["categories"] == {"identity": "permitted", "contact": "prohibited"}
    assert decision["category_basis"]["contact"] == {
        "basis": "not_consented",
        "rules": ["consent-for-own-request"],
    }
    assert "contact (consent not asked)" in decision["explanation"]


def test_the_per_category_consent_example_decides_as_the_readme_says(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(
        capsys, monkeypatch, "decide", str(EXAMPLES / "own-request-consent-per-category.json")
    )

    decision = json.loads(out)
    assert code == 0
    assert decision["outcome"] == "partly_permitted"
    assert decision["categories"] == {
        "identity": "permitted",
        "offence": "permitted",
        "contact": "prohibited",
        "location": "prohibited",
    }
    assert [c for c, b in decision["category_basis"].items() if b["basis"] == "not_consented"] == [
        "contact",
        "location",
    ]
    assert "offer_nrm_referral" not in decision["duties"]
    assert "refer_to_nrm" in decision["duties"]  # her NRM consent is given, her IE consent is not


@pytest.mark.parametrize(
    ("consent", "field", "problem"),
    [
        (
            {"identity": "given", "phone": "given"},
            "consent.phone",
            "is not a data category; expected one of identity, contact, location, immigration, "
            "offence, support",
        ),
        (
            {"identity": "yes"},
            "consent.identity",
            "must be one of none, given, refused (got 'yes')",
        ),
        (
            ["identity"],
            "consent",
            "must be one of none, given, refused, or an object giving one of them per category "
            "(got ['identity'])",
        ),
    ],
)
def test_a_bad_consent_map_names_the_field_and_exits_2(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    consent: object,
    field: str,
    problem: str,
) -> None:
    code, out, err = run(capsys, monkeypatch, "decide", stdin=json.dumps(scenario(consent=consent)))

    assert code == 2
    assert json.loads(out)["error"]["fields"] == {field: problem}
    assert f"{field}: {problem}" in err
    assert "Traceback" not in err


def test_a_bad_nrm_consent_names_the_field_and_exits_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = scenario(case={**scenario()["case"], "nrm_consent": "maybe"})

    code, out, _ = run(capsys, monkeypatch, "decide", stdin=json.dumps(bad))

    assert code == 2
    assert json.loads(out)["error"]["fields"] == {
        "case.nrm_consent": "must be one of none, given, refused (got 'maybe')"
    }


def test_jsonl_reports_a_bad_consent_map_by_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = [
        json.dumps(scenario(consent={"identity": "given"})),
        json.dumps(scenario(consent={"colour": "given"})),
    ]

    code, out, _ = run(capsys, monkeypatch, "decide", "--jsonl", stdin="\n".join(lines))

    answers = [json.loads(line) for line in out.splitlines()]
    assert code == 2
    assert answers[0]["outcome"] == "prohibited"  # H1: safeguarding, status only uncertain
    assert answers[1]["line"] == 2
    assert set(answers[1]["error"]["fields"]) == {"consent.colour"}
