"""The administrator's pages for organisations (police forces are one kind): the list, adding
one, and changing its name or whether it is active. An organisation is addressed by its code,
which is not personal data and never changes."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from safereport.accounts import actions
from safereport.accounts.access import roles_required
from safereport.accounts.forms import OrganisationChangeForm, OrganisationForm
from safereport.accounts.models import Organisation
from safereport.accounts.roles import OrganisationKind, Role
from safereport.errors import ServiceError
from safereport.web.kit.forms import NO, YES, add_problems
from safereport.web.kit.views import actor

ORGANISATIONS_PER_PAGE = 50


@roles_required(Role.ADMIN)
@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    """Every organisation, or those of one kind (`?kind=police_force`: the forces)."""
    organisations = Organisation.objects.annotate(user_count=Count("users")).order_by("name")
    kind = request.GET.get("kind", "")
    if kind in OrganisationKind.values:
        organisations = organisations.filter(kind=kind)
    query = request.GET.copy()
    query.pop("page", None)
    page = Paginator(organisations, ORGANISATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/organisation_list.html",
        {
            "page": page,
            "organisations": list(page.object_list),
            "query": query.urlencode(),
            "kinds": OrganisationKind.choices,
            "kind": OrganisationKind(kind).label if kind in OrganisationKind.values else "",
        },
    )


@roles_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def organisation_new(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = actions.create_organisation(actor=actor(request), **form.cleaned_data)
        except ServiceError as error:
            add_problems(form, error)
        else:
            messages.success(request, f"{organisation.name} was added")
            return redirect("accounts:organisations")
    status = 400 if form.errors else 200
    return render(request, "accounts/organisation_new.html", {"form": form}, status=status)


@roles_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, code: str) -> HttpResponse:
    """Change an organisation's name, or whether it is active."""
    organisation = get_object_or_404(Organisation, code=code)
    initial = {"name": organisation.name, "active": YES if organisation.active else NO}
    form = OrganisationChangeForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            organisation = actions.change_organisation(
                actor=actor(request),
                organisation=organisation,
                name=form.cleaned_data["name"],
                active=form.cleaned_data["active"] == YES,
            )
        except ServiceError as error:
            add_problems(form, error)
        else:
            messages.success(request, f"{organisation.name} was saved")
            return redirect("accounts:organisations")
    status = 400 if form.errors else 200
    return render(
        request,
        "accounts/organisation_edit.html",
        {"form": form, "organisation": organisation, "users": organisation.users.count()},
        status=status,
    )
