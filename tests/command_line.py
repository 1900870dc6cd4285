"""Running the `safereport` console script in-process, as a test sees it: exit code, output."""

from __future__ import annotations

import io
import sys

import pytest

from safereport.cli import main


def run(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *argv: str,
    stdin: str = "",
) -> tuple[int, str, str]:
    """`safereport *argv` with `stdin`: its exit code, standard output and standard error."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err
