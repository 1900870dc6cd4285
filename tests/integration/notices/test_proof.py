"""Proof (issue 11, item 8), and the command line (item 9): a stored version's text hashes to
what its audit event holds, and the event is in the log under the latest signed checkpoint; a
scenario's notice renders the same text, and the same SHA-256, every time."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from safereport import cli
from safereport.accounts.roles import Role
from safereport.notices.issuing import current
from safereport.notices.proof import prove
from safereport.policy.vocabulary import RegimeId
from tests import builders
from tests.integration.casework import builders as cw

ROOT = Path(__file__).resolve().parents[3]
SCENARIO = {
    "regime": "hmicfrs-interim",
    "person": {
        "role": "victim",
        "age_group": "adult",
        "immigration_status": "uncertain",
        "suspected_offending": False,
    },
    "crime": {"type": "domestic_abuse"},
    "case": {"stage": "investigation", "support": "none", "nrm": "none"},
    "consent": {"identity": "given"},
}


@pytest.mark.django_db
def test_a_stored_notice_is_proved_by_its_hash_and_its_audit_event(
    signing_key_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    w = cw.world(regime=RegimeId.MIGRANT_VICTIMS_PROTOCOL, support="receiving")
    notice = current(w.party)
    assert notice is not None

    result = prove(notice.series.reference)
    call_command("notice", "verify", notice.series.reference, "--version", "1")

    assert result.proved, result.problems
    assert result.sha256 == notice.sha256
    assert result.checkpoint_size > notice.audit_index  # type: ignore[operator]
    printed = json.loads(capsys.readouterr().out)
    assert printed["proved"] is True
    assert printed["version"] == 1
    assert "Ana" not in json.dumps(printed)  # references and hashes only


@pytest.mark.django_db
def test_a_changed_stored_text_fails_the_proof(signing_key_file: Path) -> None:
    w = cw.world(regime=RegimeId.COMPLETE_FIREWALL)
    notice = current(w.party)
    assert notice is not None
    # Any change will do, in whichever language the notice was issued (the party's, Spanish).
    original = notice.text
    notice.text = original.replace("\n", "\n(changed)\n", 1)
    assert notice.text != original
    notice.save(update_fields=["text"])

    result = prove(notice.series.reference)

    assert not result.proved
    assert "does not hash to the SHA-256 recorded" in result.problems[0]
    with pytest.raises(CommandError, match="could not be proved"):
        call_command("notice", "verify", notice.series.reference)
    with pytest.raises(CommandError, match="version: is not a notice's"):
        call_command("notice", "verify", notice.series.reference, "--version", "9")
    with pytest.raises(CommandError, match="reference: is not a notice's"):
        call_command("notice", "verify", "ntc_" + "0" * 32)


def test_render_gives_the_same_text_and_hash_every_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = tmp_path / "scenario.json"
    scenario.write_text(json.dumps(SCENARIO))

    assert cli.main(["notice", "render", "--language", "ar", str(scenario)]) == 0
    first = json.loads(capsys.readouterr().out)
    assert cli.main(["notice", "render", "--language", "ar", str(scenario)]) == 0
    second = json.loads(capsys.readouterr().out)

    assert first == second
    assert (first["language"], first["direction"]) == ("ar", "rtl")
    assert set(first["sharing"]) == {
        "status_check",
        "enforcement_referral",
        "safeguarding",
        "investigation",
        "victim_request",
    }
    assert all(len(verdicts) == 6 for verdicts in first["sharing"].values())
    assert first["sharing"]["victim_request"]["identity"] == "permitted"
    assert first["sharing"]["victim_request"]["contact"] == "prohibited"
    assert first["sharing"]["enforcement_referral"]["identity"] == "prohibited"  # H1
    assert set(first["protection"]) == {
        "arrest",
        "detention",
        "removal",
        "reporting_conditions",
        "casework_decision",
    }
    assert "hmicfrs-rec1" in first["rules"]
    assert first["text"].startswith(first["title"])


def test_the_readmes_rendered_notice_is_what_render_gives(
    capsys: pytest.CaptureFixture[str],
) -> None:
    readme = (ROOT / "README.md").read_text()
    shown = readme[readme.index("$ .venv/bin/safereport notice render") :]

    assert (
        cli.main(["notice", "render", str(ROOT / "examples/notice-domestic-abuse-victim.json")])
        == 0
    )

    rendered = json.loads(capsys.readouterr().out)
    assert f'"sha256": "{rendered["sha256"][:8]}' in shown
    assert f'"regime_version": "{rendered["regime_version"][:8]}' in shown
    assert json.dumps(rendered["protection"]) in shown
    text = " ".join(rendered["text"].split())
    for quoted in (
        "Nothing about you has been shared with Immigration Enforcement.",
        "The police will not share your details with Immigration Enforcement just "
        "to check your immigration status.",
    ):
        assert quoted in text
        assert quoted in " ".join(shown.split())


def test_render_names_bad_input_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = tmp_path / "scenario.json"
    scenario.write_text(json.dumps({**SCENARIO, "language": "klingon", "request": {}}))

    assert cli.main(["notice", "render", str(scenario)]) == 2

    error = json.loads(capsys.readouterr().out)["error"]
    assert "must be one of the shipped languages: " in error["fields"]["language"]
    assert "request" in error["fields"]


@pytest.mark.django_db
def test_the_inspector_proves_a_notice_from_its_reference_without_its_content(
    client: Client, signing_key_file: Path
) -> None:
    w = cw.world(regime=RegimeId.MIGRANT_VICTIMS_PROTOCOL, support="receiving")
    notice = current(w.party)
    assert notice is not None
    client.force_login(builders.user(Role.INSPECTOR))

    proved = client.get(f"/audit/?notice={notice.series.reference}").content.decode()
    unknown = client.get("/audit/?notice=ntc_" + "0" * 32).content.decode()
    bad_version = client.get(f"/audit/?notice={notice.series.reference}&version=x").content.decode()

    assert f"Proved: {notice.series.reference}, version 1" in proved
    assert notice.sha256 in proved
    for content in ("What happens to your information", "Ana", "Immigration Enforcement may"):
        assert content not in proved
    assert "Notice reference is not a notice&#x27;s" in unknown
    assert "Version must be a whole number from 1" in bad_version
