"""The statements' template for `makemessages`: one `{% translate %}` per statement with its rule's
id as context, and kept what the current policies give (`safereport notice statements`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from safereport.notices import catalog
from safereport.notices.catalog import Statement, StatementError
from safereport.policy import load
from safereport.policy.vocabulary import RegimeId
from tests.command_line import run

TAG = re.compile(r'\{% translate "([^"]*)" context "([^"]*)" %\}')


def test_the_committed_template_is_what_the_policies_give() -> None:
    assert catalog.template_is_current(), (
        f"{catalog.TEMPLATE} is not what the policies give: a statement changed. Run "
        "`make messages`, then translate what it marks fuzzy or leaves empty."
    )


def test_every_statement_of_every_regime_is_in_the_template_with_its_rule_id() -> None:
    tags = TAG.findall(catalog.template_text())
    wanted = {(rule.statement, rule.id) for regime in RegimeId for rule in load(regime).rules}

    assert set(tags) == wanted
    assert len(tags) == len(wanted)  # a policy two regimes share is one entry


def test_a_statement_the_template_cannot_hold_is_refused() -> None:
    with pytest.raises(StatementError, match="typographic quotes"):
        catalog._tag(Statement("quoted", 'Say "yes" to sharing.', "C3"))


def test_statements_check_fails_on_a_stale_template_and_write_makes_it_current(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    template = tmp_path / "statements.txt"
    template.write_text("{% load i18n %}\n", "utf-8")
    monkeypatch.setattr(catalog, "TEMPLATE", template)

    stale, _, err = run(capsys, monkeypatch, "notice", "statements", "--check")
    written, out, _ = run(capsys, monkeypatch, "notice", "statements", "--write")
    current, _, _ = run(capsys, monkeypatch, "notice", "statements", "--check")

    assert (stale, written, current) == (1, 0, 0)
    assert "make messages" in err
    assert out.strip().endswith("written")
    assert template.read_text("utf-8") == catalog.template_text()


def test_statements_prints_the_template(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(capsys, monkeypatch, "notice", "statements")

    assert code == 0
    assert out == catalog.template_text()
