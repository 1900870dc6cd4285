"""What the pathways' views share. The signed-in user, 404 for what is not found, and opening a
case with a data protection officer's reason come from case work's views, so that both behave
the same."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from safereport.accounts.roles import Role
from safereport.casework.errors import CaseworkError
from safereport.casework.views.common import actor, opened, opened_party, opens_cases, or_404

__all__ = [
    "ADMIN",
    "POLICE",
    "SUPPORT",
    "actor",
    "error_page",
    "opened",
    "opened_party",
    "opens_cases",
    "or_404",
]

POLICE = (Role.POLICE_OFFICER, Role.POLICE_DPO)
SUPPORT = (Role.SUPPORT_WORKER,)
ADMIN = (Role.ADMIN,)


def error_links(error: CaseworkError) -> list[dict[str, str]]:
    """An action's refusal as error summary lines (there is no field to link to)."""
    lines = [f"{error.message}"]
    lines += [f"{words(key)}: {why}" for key, why in error.fields.items()]
    return [{"text": line, "href": "main-content"} for line in lines]


def words(key: str) -> str:
    """A problem's key in words: `row 3.languages` is "Row 3, languages"."""
    return key.replace(".", ", ").replace("_", " ").capitalize()


def error_page(
    request: HttpRequest, template: str, context: dict[str, Any], error: CaseworkError
) -> HttpResponse:
    """Show the page again with the action's refusal in the error summary (status 400)."""
    return render(request, template, {**context, "errors": error_links(error)}, status=400)
