"""The demo data: four forces on four regimes with fictional cases, decisions, disclosures and
protocol checks; loading it again changes nothing."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Model
from pytest_django import Settings

from safereport.accounts.models import Organisation, User
from safereport.audit.models import Leaf
from safereport.casework.models import (
    Case,
    ConsentRecord,
    DisclosureRecord,
    DutyTask,
    ForceRegime,
    Party,
    Person,
    ReviewItem,
    SharingDecision,
)
from safereport.casework.regimes import regime_on
from safereport.enforcement.models import Disclosure, Protection
from safereport.web.demo import DEMO_FORCES, DEMO_USERS, load_demo

COUNTED: tuple[type[Model], ...] = (
    Organisation,
    User,
    Case,
    Party,
    Person,
    ConsentRecord,
    SharingDecision,
    DutyTask,
    DisclosureRecord,
    ReviewItem,
    ForceRegime,
    Disclosure,
    Protection,
    Leaf,
)


@pytest.fixture(autouse=True)
def demo_home(settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo's passwords file and the audit signing key go in a temporary directory."""
    monkeypatch.setenv("SAFEREPORT_VAR_DIR", str(tmp_path))
    settings.AUDIT_SIGNING_KEY_FILE = tmp_path / "audit-signing.key"
    settings.AUDIT_ORIGIN = "safereport.test/safereport/audit"
    return tmp_path


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def events(action: str) -> list[dict[str, object]]:
    found = [json.loads(bytes(leaf.data)) for leaf in Leaf.objects.order_by("index")]
    return [e for e in found if e["action"] == action]


@pytest.mark.django_db
def test_loading_the_demo_twice_changes_nothing() -> None:
    first_passwords = load_demo()
    after_first = counts()

    second_passwords = load_demo()

    assert counts() == after_first
    assert second_passwords == first_passwords
    assert after_first["Case"] >= 4
    assert after_first["Disclosure"] >= 3


@pytest.mark.django_db
def test_four_forces_each_operate_a_different_regime_with_cases() -> None:
    load_demo()

    regimes = set()
    for demo in DEMO_FORCES:
        force = Organisation.objects.get(code=demo.code)
        in_force = regime_on(force)
        assert in_force is not None
        assert in_force.regime == demo.regime
        assert Case.objects.filter(force=force).exists(), demo.code
        regimes.add(in_force.regime)
    assert len(regimes) == 4
    assert {u.username for u in DEMO_USERS} <= set(User.objects.values_list("username", flat=True))


@pytest.mark.django_db
def test_the_demo_shows_each_regime_at_work() -> None:
    load_demo()

    outcomes = {(d.regime, d.outcome) for d in SharingDecision.objects.all()}
    assert ("hmicfrs-interim", "prohibited") in outcomes
    assert ("complete-firewall", "prohibited") in outcomes
    assert ("migrant-victims-protocol", "permitted") in outcomes
    assert ("migrant-victims-protocol-2023", "permitted") in outcomes
    checks = [e["details"] for e in events("enforcement:protocol_check:made")]
    assert {"blocked", "allowed"} <= {c["outcome"] for c in checks}  # type: ignore[index]
    assert ReviewItem.objects.filter(status="open").exists()
    assert DutyTask.objects.filter(status="done").exists()
    assert Party.objects.filter(person__isnull=True).exists()  # an anonymous third-party report


@pytest.mark.django_db
def test_every_demo_person_is_obviously_fictional() -> None:
    load_demo()

    for person in Person.objects.all():
        assert re.fullmatch(r"07700 900\d{3}", person.phone), person.phone
        assert person.email.endswith("@example.org")
        assert "Example Street" in person.address


@pytest.mark.django_db
def test_the_demo_prints_the_address_it_is_told_the_service_is_served_on(
    settings: Settings,
) -> None:
    settings.DEBUG = True  # local mode: the sign-in address and the demo passwords are printed
    out = io.StringIO()

    call_command("demo", address="127.0.0.1:8123", stdout=out)

    printed = out.getvalue()
    assert "Sign in at http://127.0.0.1:8123/sign-in/ as (local mode only):" in printed
    assert "8000" not in printed
