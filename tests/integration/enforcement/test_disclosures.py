"""The firewall's contract at IE's door, the inbox, and updating a protection."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from safereport import enforcement
from safereport.accounts.roles import OrganisationKind, Role
from safereport.audit.events import Actor
from safereport.casework import actions
from safereport.enforcement.actions import inbox, receive_disclosure, update_protection
from safereport.enforcement.errors import EnforcementError, NotFoundError, RefusedDisclosureError
from safereport.enforcement.models import Disclosure, Protection
from safereport.enforcement.snapshots import DisclosureSnapshot, ProtectionFacts
from safereport.policy.vocabulary import (
    AgeGroup,
    Category,
    CrimeType,
    ImmigrationStatus,
    Nrm,
    Purpose,
    RegimeId,
    Stage,
    Support,
)
from safereport.policy.vocabulary import (
    Role as PartyRole,
)
from tests import builders
from tests.integration.casework import builders as cw

POLICE_ACTOR = Actor("usr_0123456789abcdef", "police_officer", "some-force")
FACTS = ProtectionFacts(
    role=PartyRole.VICTIM,
    age_group=AgeGroup.ADULT,
    immigration_status=ImmigrationStatus.INSECURE,
    suspected_offending=False,
    crime_type=CrimeType.OTHER,
    stage=Stage.INVESTIGATION,
    support=Support.RECEIVING,
    nrm=Nrm.NONE,
)


def snapshot(**overrides: object) -> DisclosureSnapshot:
    values: dict[str, object] = {
        "force_code": cw.force().code,
        "recipient_code": cw.immigration_enforcement().code,
        "sent_by": "usr_0123456789abcdef",
        "decision_reference": "dec_" + "1" * 32,
        "purpose": Purpose.SAFEGUARDING,
        "regime": RegimeId.MIGRANT_VICTIMS_PROTOCOL,
        "regime_version": "0" * 64,
        "fields": {Category.IMMIGRATION: {"immigration_status": "insecure"}},
        "protection": None,
    }
    values.update(overrides)
    return DisclosureSnapshot(**values)  # type: ignore[arg-type]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({}, "fields"),
        ({Category.CONTACT: {"phone": "07700 900123"}}, "fields.contact"),  # email missing
        (
            {Category.IMMIGRATION: {"immigration_status": "x", "passport": "X1"}},
            "fields.immigration",
        ),
        ({"shoe_size": {"size": "38"}}, "fields.shoe_size"),
    ],
)
def test_a_snapshot_outside_the_contract_is_refused(
    fields: dict[str, object], problem: str
) -> None:
    with pytest.raises(RefusedDisclosureError) as refused:
        receive_disclosure(snapshot(fields=fields), actor=POLICE_ACTOR)

    assert problem in refused.value.fields
    assert not Disclosure.objects.exists()


@pytest.mark.django_db
def test_a_protection_outside_the_protocol_regimes_is_refused() -> None:
    with pytest.raises(RefusedDisclosureError) as refused:
        receive_disclosure(
            snapshot(regime=RegimeId.HMICFRS_INTERIM, protection=FACTS), actor=POLICE_ACTOR
        )

    assert "protection" in refused.value.fields
    assert not Protection.objects.exists()


@pytest.mark.django_db
def test_unknown_organisations_and_a_second_disclosure_of_a_decision_are_refused() -> None:
    with pytest.raises(EnforcementError) as unknown:
        receive_disclosure(snapshot(recipient_code=cw.force().code), actor=POLICE_ACTOR)
    assert "recipient_code" in unknown.value.fields
    given = snapshot()
    receive_disclosure(given, actor=POLICE_ACTOR)

    with pytest.raises(RefusedDisclosureError, match="already been disclosed"):
        receive_disclosure(given, actor=POLICE_ACTOR)


@pytest.mark.django_db
def test_receiving_returns_references_and_records_events() -> None:
    reference, protocol_reference = receive_disclosure(
        snapshot(protection=FACTS), actor=POLICE_ACTOR
    )

    disclosure = Disclosure.objects.get(reference=reference)
    assert reference.startswith("dsc_")
    assert protocol_reference is not None
    assert protocol_reference.startswith("prot_")
    assert disclosure.protection is not None
    assert disclosure.protection.protocol_reference == protocol_reference
    [received] = cw.events("enforcement:disclosure:received")
    assert received["details"] == {"purpose": "safeguarding", "categories": ["immigration"]}
    assert protocol_reference in received["subjects"]


@pytest.mark.django_db
def test_updating_a_protection_changes_only_what_changed() -> None:
    _, protocol_reference = receive_disclosure(snapshot(protection=FACTS), actor=POLICE_ACTOR)
    assert protocol_reference is not None
    later = ProtectionFacts(**{**FACTS.__dict__, "support": Support.NONE})

    update_protection(protocol_reference, later, actor=POLICE_ACTOR)
    update_protection(protocol_reference, later, actor=POLICE_ACTOR)  # nothing new

    assert Protection.objects.get().support == "none"
    [event] = cw.events("enforcement:protection:updated")
    assert event["details"] == {"changed": ["support"]}
    with pytest.raises(NotFoundError):
        update_protection("prot_" + "0" * 32, later, actor=POLICE_ACTOR)


@pytest.mark.django_db
def test_the_inbox_shows_only_what_was_disclosed_to_the_users_organisation() -> None:
    w = cw.world(regime=RegimeId.MIGRANT_VICTIMS_PROTOCOL, support="receiving")
    police, officer = w.force, w.officer
    decision = actions.request_sharing_decision(
        actor=officer,
        party=w.party,
        purpose="enforcement_referral",
        categories=["identity", "contact", "immigration"],
    )
    record = cw.share(officer, decision)
    ie = cw.ie_caseworker()

    [entry] = inbox(ie)

    assert entry.reference == record.enforcement_reference
    assert entry.force == police.name
    assert entry.purpose == "enforcement_referral"
    assert entry.categories == ("identity", "immigration")
    assert set(entry.fields) == {"identity", "immigration"}
    assert entry.fields["identity"]["given_name"] == "Ana"
    assert entry.protocol_reference == record.protocol_reference
    [event] = cw.events("enforcement:inbox:read")
    assert event["subjects"] == [entry.reference]
    assert event["details"] == {"count": 1}
    elsewhere = builders.organisation(OrganisationKind.IMMIGRATION_ENFORCEMENT)
    assert inbox(builders.user(Role.IE_CASEWORKER, elsewhere.code)) == []


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.POLICE_OFFICER, Role.POLICE_DPO, Role.INSPECTOR])
def test_only_ie_caseworkers_have_an_inbox(role: str) -> None:
    with pytest.raises(NotFoundError):
        inbox(builders.user(role))


def test_the_enforcement_package_imports_nothing_from_casework() -> None:
    """ARCHITECTURE.md boundary 2, checked here as well as by import-linter."""
    package = Path(enforcement.__file__).parent
    offending = []
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            offending += [f"{path.name}: {n}" for n in names if n.startswith("safereport.casework")]
            if isinstance(node, ast.Constant) and node.value == "casework":
                offending.append(f"{path.name}: refers to the casework app by label")
    assert offending == []
