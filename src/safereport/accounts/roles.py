"""The roles of DOMAIN.md section 2 and the organisation kinds each belongs to."""

from __future__ import annotations

from django.db import models


class OrganisationKind(models.TextChoices):
    POLICE_FORCE = "police_force", "Police force"
    IMMIGRATION_ENFORCEMENT = "immigration_enforcement", "Immigration Enforcement"
    SUPPORT_ORGANISATION = "support_organisation", "Support organisation"
    INSPECTORATE = "inspectorate", "Inspectorate"
    ADMINISTRATION = "administration", "Administration"


class Role(models.TextChoices):
    POLICE_OFFICER = "police_officer", "Police officer"
    POLICE_DPO = "police_dpo", "Police data protection officer"
    IE_CASEWORKER = "ie_caseworker", "Immigration Enforcement caseworker"
    SUPPORT_WORKER = "support_worker", "Support worker"
    INSPECTOR = "inspector", "Inspector"
    ADMIN = "admin", "Administrator"


# A user's one role must suit the kind of organisation they are bound to.
ROLE_ORGANISATION_KIND: dict[str, str] = {
    Role.POLICE_OFFICER: OrganisationKind.POLICE_FORCE,
    Role.POLICE_DPO: OrganisationKind.POLICE_FORCE,
    Role.IE_CASEWORKER: OrganisationKind.IMMIGRATION_ENFORCEMENT,
    Role.SUPPORT_WORKER: OrganisationKind.SUPPORT_ORGANISATION,
    Role.INSPECTOR: OrganisationKind.INSPECTORATE,
    Role.ADMIN: OrganisationKind.ADMINISTRATION,
}

# The two police roles: an officer, and the force's data protection officer, who may do all an
# officer may (DOMAIN.md section 2).
POLICE_ROLES = frozenset({Role.POLICE_OFFICER, Role.POLICE_DPO})
