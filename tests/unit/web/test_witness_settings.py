"""SAFEREPORT_AUDIT_WITNESSES: `<submission URL> <verifier key>` pairs, each mistake named."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from safereport.ledger import Cosigner, Signer
from safereport.web.config import witnesses

NAME = "SAFEREPORT_AUDIT_WITNESSES"
FIRST = Cosigner.generate("inspectorate.example/w1").verifier().verifier_key()
SECOND = Cosigner.generate("inspectorate.example/w2").verifier().verifier_key()


def test_unset_means_no_witness(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(NAME, raising=False)

    assert witnesses(NAME) == []


def test_pairs_are_read_and_a_trailing_slash_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(NAME, f"https://w1.example/ {FIRST}, http://127.0.0.1:8610 {SECOND}")

    assert witnesses(NAME) == [("https://w1.example", FIRST), ("http://127.0.0.1:8610", SECOND)]


# Each case named by its message: the keys are made anew each run, and pytest-xdist needs every
# worker to collect the same test ids.
@pytest.mark.parametrize(
    ("value", "message"),
    [
        (FIRST, "witness 1 must read '<submission URL> <verifier key>'"),
        (f"ftp://w1.example {FIRST}", "witness 1's URL must start with http:// or https://"),
        (f"https://w1.example {FIRST}, https://w2.example junk", "witness 2: witness verifier key"),
        (f"https://a.example {FIRST}, https://b.example {FIRST}", "named twice"),
        (
            f"https://w1.example {Signer.generate('log.example/a').verifier_key()}",
            "not a 0x04-tagged",
        ),
    ],
    ids=["no URL", "not HTTP", "a bad key", "named twice", "a log's key"],
)
def test_a_mistake_is_named(monkeypatch: pytest.MonkeyPatch, value: str, message: str) -> None:
    monkeypatch.setenv(NAME, value)

    with pytest.raises(ImproperlyConfigured) as refused:
        witnesses(NAME)

    assert str(refused.value).startswith(f"{NAME}: ")
    assert message in str(refused.value)
