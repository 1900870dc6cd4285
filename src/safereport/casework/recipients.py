"""Who receives what the police side shares: for now, Immigration Enforcement only."""

from __future__ import annotations

from safereport.accounts.models import Organisation
from safereport.accounts.roles import OrganisationKind
from safereport.casework.errors import CaseworkError


def immigration_enforcement() -> Organisation:
    """The one Immigration Enforcement organisation that disclosures are addressed to."""
    found = list(Organisation.objects.filter(kind=OrganisationKind.IMMIGRATION_ENFORCEMENT)[:2])
    if len(found) != 1:
        raise CaseworkError(
            "The service needs exactly one Immigration Enforcement organisation to address "
            f"disclosures to, and has {'none' if not found else 'more than one'}.",
            {"recipient": "not configured"},
        )
    return found[0]
