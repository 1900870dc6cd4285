"""The recommendation tracker's pages (issue 12, item 4): a force's DPO keeps each
recommendation's status with dated evidence and signs off the six-monthly progress update; an
inspector sees every force's statuses and reads any force's tracker and update. The service's
own evidence is counts and the force's regime history: nothing about a person."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safereport.accounts.access import roles_required
from safereport.accounts.models import Organisation, User
from safereport.accounts.roles import OrganisationKind, Role
from safereport.errors import ServiceError
from safereport.oversight import tracker
from safereport.oversight.forms import EvidenceForm
from safereport.oversight.models import EvidenceEntry, ProgressUpdate
from safereport.oversight.recommendations import FOR_FORCES, RECOMMENDATIONS, Status
from safereport.web.kit.forms import add_problems
from safereport.web.kit.views import actor


@roles_required(Role.INSPECTOR, Role.POLICE_DPO)
@require_GET
def recommendations(request: HttpRequest) -> HttpResponse:
    """A DPO's own force's tracker; for an inspector, every force's statuses, or one force's
    tracker with `?force=`."""
    user = actor(request)
    force = _force_of(request, user)
    if force is None:
        return render(request, "oversight/recommendations_overview.html", _overview())
    return _tracker_page(request, user, force, forms={})


@roles_required(Role.POLICE_DPO)
@require_POST
def record_evidence(request: HttpRequest, recommendation: str) -> HttpResponse:
    user = actor(request)
    if recommendation not in {r.id for r in FOR_FORCES}:
        raise Http404
    form = EvidenceForm(request.POST)
    if form.is_valid():
        try:
            tracker.record_evidence(
                actor=user,
                recommendation=recommendation,
                status=form.cleaned_data["status"],
                evidence=form.cleaned_data["evidence"],
            )
        except ServiceError as error:
            add_problems(form, error)
        else:
            messages.success(request, "The evidence is recorded")
            return redirect(f"{reverse('oversight:recommendations')}#{recommendation}")
    return _tracker_page(request, user, user.organisation, forms={recommendation: form}, status=400)


@roles_required(Role.INSPECTOR, Role.POLICE_DPO)
@require_http_methods(["GET", "POST"])
def progress_update(request: HttpRequest) -> HttpResponse:
    """The six-monthly progress update as a printable page; the DPO signs it off."""
    user = actor(request)
    force = _force_of(request, user)
    if force is None:  # an inspector chooses a force first, on the overview
        return render(request, "oversight/recommendations_overview.html", _overview())
    problem = ""
    if request.method == "POST":
        if user.role != Role.POLICE_DPO:
            raise Http404
        try:
            tracker.sign_off_update(actor=user, shown_sha256=request.POST.get("sha256", ""))
        except ServiceError as error:
            problem = error.message + " Read it again, then sign it off."
        else:
            messages.success(request, "The progress update is signed off")
            return redirect("oversight:progress-update")
    content = tracker.update_content(force)
    return render(
        request,
        "oversight/progress_update.html",
        {
            "force": force,
            "content": content,
            "sha256": tracker.content_sha256(content),
            "tracked": tracker.tracked(force),
            "signed": ProgressUpdate.objects.filter(force=force).select_related("signed_off_by"),
            "may_sign": user.role == Role.POLICE_DPO,
            "problem": problem,
        },
        status=400 if problem else 200,
    )


def _force_of(request: HttpRequest, user: User) -> Organisation | None:
    """The DPO's own force; the force an inspector chose (`?force=`), or None for none."""
    if user.role == Role.POLICE_DPO:
        return user.organisation
    code = request.GET.get("force", "")
    if not code:
        return None
    found = Organisation.objects.filter(kind=OrganisationKind.POLICE_FORCE, code=code).first()
    if found is None:
        raise Http404
    return found


def _tracker_page(
    request: HttpRequest,
    user: User,
    force: Organisation,
    *,
    forms: dict[str, EvidenceForm],
    status: int = 200,
) -> HttpResponse:
    items = [
        {"tracked": t, "form": forms.get(t.recommendation.id) or EvidenceForm()}
        for t in tracker.tracked(force)
    ]
    errors = next((f for f in forms.values() if f.errors), None)
    return render(
        request,
        "oversight/recommendations.html",
        {
            "force": force,
            "items": items,
            "national": [r for r in RECOMMENDATIONS if not r.for_forces],
            "may_record": user.role == Role.POLICE_DPO,
            "form": errors,
        },
        status=status,
    )


def _overview() -> dict[str, object]:
    """Every force that uses the service, with each recommendation's latest status."""
    forces = (
        Organisation.objects.filter(kind=OrganisationKind.POLICE_FORCE, regimes__isnull=False)
        .distinct()
        .order_by("name")
    )
    latest: dict[tuple[int, str], str] = {}
    for entry in EvidenceEntry.objects.order_by("recorded_at", "id").values(
        "force_id", "recommendation", "status"
    ):
        latest[(entry["force_id"], entry["recommendation"])] = entry["status"]
    rows = [
        {
            "force": force,
            "statuses": [
                Status(latest.get((force.pk, r.id), Status.NOT_STARTED.value)).label
                for r in FOR_FORCES
            ],
        }
        for force in forces
    ]
    return {"recommendations": FOR_FORCES, "rows": rows}
