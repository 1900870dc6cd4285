"""Fictional demo data: the real forces and organisations, one fictional user per role, and four
forces each on a different regime, with fictional cases, decisions, disclosures and protocol
checks showing each regime at work.

Loading twice changes nothing: a force's cases are loaded only while it has none, and its regime
is set only while it has none. Passwords are generated on the first load and kept in
`var/demo-credentials.json` (local only), so later loads can show them again in local mode.

Every person is invented: names that say so, "Example Street", phone numbers from Ofcom's range
for drama (07700 900000 to 900999) and e-mail addresses at example.org (RFC 2606).
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from safereport.accounts.actions import create_user, ensure_organisation
from safereport.accounts.forces import FORCE_NAMES, force_code
from safereport.accounts.models import Organisation, User
from safereport.accounts.roles import OrganisationKind, Role
from safereport.audit.events import Actor
from safereport.casework.actions import (
    PartyFacts,
    PersonDetails,
    disclose,
    record_consent,
    record_report,
    request_sharing_decision,
    set_force_regime,
)
from safereport.casework.models import Case, DisclosureRecord, Party, SharingDecision
from safereport.casework.regimes import regime_on
from safereport.casework.vocabulary import (
    ConsentAnswer,
    ConsentMethod,
    LawfulBasis,
    ReportingRoute,
)
from safereport.enforcement.actions import check_protocol
from safereport.notices.delivery import give_in_person
from safereport.notices.issuing import current as current_notice
from safereport.pathways.demo import load_demo_directory
from safereport.policy.vocabulary import (
    AgeGroup,
    Category,
    CrimeType,
    EnforcementAction,
    ImmigrationStatus,
    Purpose,
    RegimeId,
    Support,
)
from safereport.policy.vocabulary import Role as PartyRole
from safereport.web import config

# Organisations named in seed 003_10dcae4fb6beeab4.txt. Illustrative: check before use.
SUPPORT_ORGANISATIONS = (
    ("lawrs", "Latin American Women's Rights Service"),
    ("southall-black-sisters", "Southall Black Sisters"),
    ("kanlungan", "Kanlungan Filipino Consortium"),
    ("focus-on-labour-exploitation", "Focus on Labour Exploitation"),
)
OTHER_ORGANISATIONS = (
    ("immigration-enforcement", "Home Office Immigration Enforcement", "immigration_enforcement"),
    ("hmicfrs", "HM Inspectorate of Constabulary and Fire & Rescue Services", "inspectorate"),
    ("safe-reporting-admin", "Safe Reporting service administration", "administration"),
)


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    organisation: str


DEMO_USERS = (
    DemoUser("demo-officer", Role.POLICE_OFFICER, "metropolitan-police-service"),
    DemoUser("demo-dpo", Role.POLICE_DPO, "metropolitan-police-service"),
    DemoUser("demo-ie", Role.IE_CASEWORKER, "immigration-enforcement"),
    DemoUser("demo-support", Role.SUPPORT_WORKER, "lawrs"),
    DemoUser("demo-inspector", Role.INSPECTOR, "hmicfrs"),
    DemoUser("demo-admin", Role.ADMIN, "safe-reporting-admin"),
    # An officer and a data protection officer for each of the other demo forces.
    DemoUser("demo-officer-gmp", Role.POLICE_OFFICER, "greater-manchester-police"),
    DemoUser("demo-dpo-gmp", Role.POLICE_DPO, "greater-manchester-police"),
    DemoUser("demo-officer-wmp", Role.POLICE_OFFICER, "west-midlands-police"),
    DemoUser("demo-dpo-wmp", Role.POLICE_DPO, "west-midlands-police"),
    DemoUser("demo-officer-wyp", Role.POLICE_OFFICER, "west-yorkshire-police"),
    DemoUser("demo-dpo-wyp", Role.POLICE_DPO, "west-yorkshire-police"),
)


def _credentials() -> dict[str, str]:
    path = config.var_dir() / "demo-credentials.json"
    known: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
    for user in DEMO_USERS:
        known.setdefault(user.username, secrets.token_urlsafe(12))
    path.write_text(json.dumps(known, indent=2))
    path.chmod(0o600)
    return known


def load_demo() -> dict[str, str]:
    """Load the demo data; return each demo user's password."""
    actor = Actor.system("demo")
    for name in FORCE_NAMES:
        ensure_organisation(
            actor=actor, code=force_code(name), name=name, kind=OrganisationKind.POLICE_FORCE
        )
    for code, name in SUPPORT_ORGANISATIONS:
        ensure_organisation(
            actor=actor, code=code, name=name, kind=OrganisationKind.SUPPORT_ORGANISATION
        )
    for code, name, kind in OTHER_ORGANISATIONS:
        ensure_organisation(actor=actor, code=code, name=name, kind=kind)
    load_demo_directory()
    passwords = _credentials()
    for user in DEMO_USERS:
        if not User.objects.filter(username=user.username).exists():
            create_user(
                actor=actor,
                username=user.username,
                password=passwords[user.username],
                role=user.role,
                organisation_code=user.organisation,
            )
    load_cases()
    return {user.username: passwords[user.username] for user in DEMO_USERS}


# Cases ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoForce:
    """A demo force, the regime it operates under, and its demo officer and DPO."""

    code: str
    regime: RegimeId
    officer: str
    dpo: str


# Four forces, four regimes. The Metropolitan Police Service (the demo officer's and DPO's force)
# follows HMICFRS's interim Recommendation 1, which the 'Safe to share?' report asked every force
# to adopt at once; the three others each show one of the other positions of DOMAIN.md section 1.
DEMO_FORCES = (
    DemoForce("metropolitan-police-service", RegimeId.HMICFRS_INTERIM, "demo-officer", "demo-dpo"),
    DemoForce(
        "greater-manchester-police",
        RegimeId.COMPLETE_FIREWALL,
        "demo-officer-gmp",
        "demo-dpo-gmp",
    ),
    DemoForce(
        "west-midlands-police",
        RegimeId.MIGRANT_VICTIMS_PROTOCOL,
        "demo-officer-wmp",
        "demo-dpo-wmp",
    ),
    DemoForce(
        "west-yorkshire-police",
        RegimeId.MIGRANT_VICTIMS_PROTOCOL_2023,
        "demo-officer-wyp",
        "demo-dpo-wyp",
    ),
)


def _person(given: str, family: str, number: int, **overrides: Any) -> PersonDetails:
    """An invented person: Example Street, a drama-range phone number, an example.org address."""
    values: dict[str, Any] = {
        "given_name": given,
        "family_name": family,
        "date_of_birth": date(1985 + number, number, 10 + number),
        "nationality": "Fictionalian",
        "phone": f"07700 900{100 + number:03d}",
        "email": f"{given.lower()}.{family.lower()}@example.org",
        "address": f"{number} Example Street, Exampleton",
        "preferred_language": "es",
        "interpreter_needed": number % 2 == 1,
        "safe_contact_instructions": "Text first; never leave a voicemail.",
    }
    values.update(overrides)
    return PersonDetails(**values)


def _share(officer: User, decision: SharingDecision) -> DisclosureRecord:
    """Share everything a demo decision permits, on the law enforcement basis."""
    return disclose(
        actor=officer,
        decision=decision,
        categories=decision.permitted,
        lawful_basis=LawfulBasis.LAW_ENFORCEMENT,
        justification="Fictional demo: needed for the purpose of the decision.",
    )


def _report(
    officer: User,
    *,
    crime: CrimeType,
    summary: str,
    days_ago: int,
    person: PersonDetails | None,
    **facts: Any,
) -> Party:
    today = timezone.localdate()
    return record_report(
        actor=officer,
        crime_type=crime,
        reporting_route=ReportingRoute.DIRECT if person else ReportingRoute.THIRD_PARTY,
        reported_on=today - timedelta(days=days_ago),
        occurred_on=today - timedelta(days=days_ago + 2),
        summary=summary,
        person=person,
        party=PartyFacts(**{"role": PartyRole.VICTIM, "age_group": AgeGroup.ADULT, **facts}),
    )


def _decide(officer: User, party: Party, purpose: Purpose, *categories: Category) -> Any:
    return request_sharing_decision(
        actor=officer, party=party, purpose=purpose, categories=list(categories)
    )


def _interim_cases(officer: User, ie: User) -> None:
    """HMICFRS interim Recommendation 1: a domestic abuse victim whose status is only in doubt
    is not referred (H1); her own request, with her consent, is permitted and goes to the DPO's
    review queue; a victim whose status is known to be insecure is outside H1."""
    alice = _report(
        officer,
        crime=CrimeType.DOMESTIC_ABUSE,
        summary="Fictional demo case. Assaulted at home by her partner; neighbours called 999.",
        days_ago=6,
        person=_person("Alice", "Example", 1),
        immigration_status=ImmigrationStatus.UNCERTAIN,
        support=Support.OFFERED,
    )
    _decide(
        officer,
        alice,
        Purpose.ENFORCEMENT_REFERRAL,
        Category.IDENTITY,
        Category.IMMIGRATION,
        Category.OFFENCE,
    )
    # Her notice, given in person through an interpreter (the demo shows no access code).
    notice = current_notice(alice)
    if notice is not None:
        give_in_person(actor=officer, notice=notice, interpreter_language="es")
    _decide(officer, alice, Purpose.VICTIM_REQUEST, Category.IDENTITY, Category.IMMIGRATION)
    record_consent(
        actor=officer,
        party=alice,
        purpose=Purpose.VICTIM_REQUEST,
        categories=[Category.IDENTITY, Category.IMMIGRATION],
        answer=ConsentAnswer.GIVEN,
        method=ConsentMethod.INTERPRETER,
    )
    asked = _decide(officer, alice, Purpose.VICTIM_REQUEST, Category.IDENTITY, Category.IMMIGRATION)
    disclose(
        actor=officer,
        decision=asked,
        categories=asked.permitted,
        lawful_basis=LawfulBasis.CONSENT,
        justification="Fictional demo: she asked us to confirm her identity to the Home Office.",
    )
    bea = _report(
        officer,
        crime=CrimeType.DOMESTIC_ABUSE,
        summary="Fictional demo case. Threats and damage to property by a former partner.",
        days_ago=3,
        person=_person("Bea", "Sample", 2),
        immigration_status=ImmigrationStatus.INSECURE,
    )
    _decide(officer, bea, Purpose.INVESTIGATION, Category.IDENTITY, Category.OFFENCE)
    _report(
        officer,
        crime=CrimeType.SEXUAL_VIOLENCE,
        summary="Fictional demo case. Reported anonymously through a support organisation.",
        days_ago=1,
        person=None,
        immigration_status=ImmigrationStatus.UNCERTAIN,
        support=Support.RECEIVING,
    )


def _firewall_cases(officer: User, ie: User) -> None:
    """Complete firewall: nothing about a victim goes to IE for immigration control (F1)."""
    cleo = _report(
        officer,
        crime=CrimeType.MODERN_SLAVERY,
        summary="Fictional demo case. Forced to work unpaid in a car wash; documents withheld.",
        days_ago=5,
        person=_person("Cleo", "Demo", 3),
        immigration_status=ImmigrationStatus.INSECURE,
        support=Support.OFFERED,
    )
    _decide(
        officer,
        cleo,
        Purpose.SAFEGUARDING,
        Category.IDENTITY,
        Category.IMMIGRATION,
        Category.OFFENCE,
        Category.SUPPORT,
    )


def _protocol_cases(officer: User, ie: User) -> None:
    """The Migrant Victims Protocol: sharing continues, and IE may not arrest a victim while the
    investigation is ongoing and she is receiving support (G1); other actions need engagement
    with her first (G2)."""
    dita = _report(
        officer,
        crime=CrimeType.OTHER,
        summary="Fictional demo case. Robbed on the way home from a night shift.",
        days_ago=10,
        person=_person("Dita", "Fictional", 4),
        immigration_status=ImmigrationStatus.INSECURE,
        support=Support.RECEIVING,
    )
    decision = _decide(
        officer,
        dita,
        Purpose.ENFORCEMENT_REFERRAL,
        Category.IDENTITY,
        Category.IMMIGRATION,
        Category.OFFENCE,
    )
    shared = _share(officer, decision)
    reference = str(shared.protocol_reference)
    check_protocol(actor=ie, protocol_reference=reference, action=EnforcementAction.ARREST)
    check_protocol(
        actor=ie, protocol_reference=reference, action=EnforcementAction.CASEWORK_DECISION
    )


def _protocol_2023_cases(officer: User, ie: User) -> None:
    """The 2023 wording: domestic abuse victims are protected while proceedings are ongoing or
    support is offered (G1-2023); a victim of another crime is not."""
    eve = _report(
        officer,
        crime=CrimeType.DOMESTIC_ABUSE,
        summary="Fictional demo case. Controlling behaviour and assault by her husband.",
        days_ago=8,
        person=_person("Eve", "Placeholder", 5),
        immigration_status=ImmigrationStatus.UNCERTAIN,
        support=Support.OFFERED,
    )
    decision = _decide(
        officer,
        eve,
        Purpose.SAFEGUARDING,
        Category.IDENTITY,
        Category.IMMIGRATION,
        Category.OFFENCE,
        Category.SUPPORT,
    )
    shared = _share(officer, decision)
    check_protocol(
        actor=ie,
        protocol_reference=str(shared.protocol_reference),
        action=EnforcementAction.REMOVAL,
    )
    fay = _report(
        officer,
        crime=CrimeType.SEXUAL_VIOLENCE,
        summary="Fictional demo case. Assaulted by a stranger; suspect charged.",
        days_ago=4,
        person=_person("Fay", "Mock", 6),
        immigration_status=ImmigrationStatus.INSECURE,
        support=Support.RECEIVING,
    )
    decision = _decide(
        officer, fay, Purpose.ENFORCEMENT_REFERRAL, Category.IDENTITY, Category.IMMIGRATION
    )
    shared = _share(officer, decision)
    check_protocol(
        actor=ie,
        protocol_reference=str(shared.protocol_reference),
        action=EnforcementAction.DETENTION,
    )


CASES: dict[RegimeId, Callable[[User, User], None]] = {
    RegimeId.HMICFRS_INTERIM: _interim_cases,
    RegimeId.COMPLETE_FIREWALL: _firewall_cases,
    RegimeId.MIGRANT_VICTIMS_PROTOCOL: _protocol_cases,
    RegimeId.MIGRANT_VICTIMS_PROTOCOL_2023: _protocol_2023_cases,
}


def load_cases() -> None:
    """Each demo force's regime (from today) and cases, through the actions, as its own users.

    A force that already has a regime keeps it; one that already has cases, or operates under
    another regime than its demo's (its DPO changed it), gets no demo cases.
    """
    ie = User.objects.get(username="demo-ie")
    for demo in DEMO_FORCES:
        force = Organisation.objects.get(code=demo.code)
        if regime_on(force) is None:
            dpo = User.objects.get(username=demo.dpo)
            set_force_regime(actor=dpo, regime=demo.regime)
        in_force = regime_on(force)
        if Case.objects.filter(force=force).exists() or (
            in_force is None or in_force.regime != demo.regime
        ):
            continue
        with transaction.atomic():
            CASES[demo.regime](User.objects.get(username=demo.officer), ie)
