"""The service navigation each role sees: only the pages that role can use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from safereport.accounts.roles import POLICE_ROLES, Role


@dataclass(frozen=True)
class Item:
    text: str
    url_name: str
    roles: frozenset[str]


ALL_ROLES = frozenset(Role.values)
DPO = frozenset({Role.POLICE_DPO})
IE = frozenset({Role.IE_CASEWORKER})
SUPPORT = frozenset({Role.SUPPORT_WORKER})
ADMIN = frozenset({Role.ADMIN})
ITEMS: tuple[Item, ...] = (
    Item("Home", "home", ALL_ROLES),
    Item("Cases", "casework:cases", POLICE_ROLES),
    Item("Record a report", "casework:record-report", POLICE_ROLES),
    Item("Regime", "casework:regime", DPO),
    Item("Review queue", "casework:review-queue", DPO),
    Item("Referrals", "pathways:referrals", POLICE_ROLES),
    Item("Third-party reports", "pathways:reports", POLICE_ROLES),
    Item("Inbox", "enforcement:inbox", IE),
    Item("Protocol check", "enforcement:protocol-check", IE),
    Item("Checks made", "enforcement:protocol-checks", IE),
    Item("Inbox", "pathways:inbox", SUPPORT),
    Item("Report a crime", "pathways:report-new", SUPPORT),
    Item("Third-party reports", "pathways:reports", SUPPORT),
    Item("Users", "accounts:users", ADMIN),
    Item("Organisations", "accounts:organisations", ADMIN),
    Item("Directory", "pathways:directory", ADMIN),
    Item("Statistics", "oversight:statistics", frozenset({Role.INSPECTOR, Role.POLICE_DPO})),
    Item(
        "Recommendations", "oversight:recommendations", frozenset({Role.INSPECTOR, Role.POLICE_DPO})
    ),
    Item("Transparency returns", "oversight:returns", DPO),
    Item("Audit log", "audit:inspector", frozenset({Role.INSPECTOR})),
)


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    items = []
    for item in ITEMS:
        if user.role not in item.roles:
            continue
        try:
            href = reverse(item.url_name)
        except NoReverseMatch:
            continue
        items.append({"text": item.text, "href": href, "active": request.path == href})
    return {"navigation": items, "role_label": Role(user.role).label}
