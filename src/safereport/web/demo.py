"""Fictional demo data: the real forces and organisations, and one fictional user per role.

Loading twice changes nothing. Passwords are generated on the first load and kept in
`var/demo-credentials.json` (local only), so later loads can show them again in local mode.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass

from safereport.accounts.actions import create_user, ensure_organisation
from safereport.accounts.forces import FORCE_NAMES, force_code
from safereport.accounts.models import User
from safereport.accounts.roles import OrganisationKind, Role
from safereport.audit.events import Actor
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
    return {user.username: passwords[user.username] for user in DEMO_USERS}
