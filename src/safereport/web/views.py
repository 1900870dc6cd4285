"""The home page and the health check."""

from __future__ import annotations

from django.conf import settings
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


@public
@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement (GOV.UK Service Manual): what is tested, and what is known."""
    return render(request, "web/accessibility.html")


@public
@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy notice: what the service holds, why, who sees it, and for how long."""
    return render(request, "web/privacy.html")


@public
@require_GET
def cookies(request: HttpRequest) -> HttpResponse:
    """The cookies the service sets: only the ones it needs to work."""
    return render(
        request,
        "web/cookies.html",
        {
            "session_cookie": settings.SESSION_COOKIE_NAME,
            "csrf_cookie": settings.CSRF_COOKIE_NAME,
            "idle_minutes": settings.SESSION_COOKIE_AGE // 60,
        },
    )
