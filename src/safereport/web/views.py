"""The home page and the health check."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from safereport.accounts.access import public, roles_required
from safereport.accounts.roles import Role
from safereport.web.kit.views import actor
from safereport.web.needs import what_needs_doing


@roles_required(*Role.values)
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The signed-in user's start: what is waiting for them, and what they can do."""
    return render(request, "web/home.html", {"needs": what_needs_doing(actor(request))})


@public
@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers: the process answers and the database can be queried."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any database failure means unhealthy, nothing more
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
