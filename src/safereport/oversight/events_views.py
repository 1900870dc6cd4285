"""The audit log for inspectors (issue 12, item 7): an event browser (filtered by action, by
acting organisation and by day; newest first, a page at a time; references only, as the events
hold them) and a verification of the whole log started from the page, run in the background
with its progress shown."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from safereport.accounts.access import roles_required
from safereport.accounts.models import Organisation
from safereport.accounts.roles import Role
from safereport.audit.models import EventIndex, Leaf
from safereport.audit.names import AuditAction
from safereport.oversight.forms import EventFilterForm
from safereport.oversight.models import VerificationRun
from safereport.oversight.tasks import start_verification
from safereport.web.kit.views import actor

PAGE = 50


@roles_required(Role.INSPECTOR)
@require_GET
def events(request: HttpRequest) -> HttpResponse:
    """The newest events matching the filters, `PAGE` at a time (`?before=` an index)."""
    organisations = Organisation.objects.order_by("name")
    form = EventFilterForm(
        request.GET or None,
        actions=sorted(a.value for a in AuditAction),
        forces=[(o.code, o.name) for o in organisations],
    )
    found = EventIndex.objects.order_by("-index")
    if form.is_bound and form.is_valid():
        if form.cleaned_data["action"]:
            found = found.filter(action=form.cleaned_data["action"])
        if form.cleaned_data["force"]:
            found = found.filter(organisation=form.cleaned_data["force"])
        if form.cleaned_data["since"]:
            found = found.filter(time__gte=_start_of(form.cleaned_data["since"]))
        if form.cleaned_data["until"]:
            found = found.filter(time__lt=_start_of(form.cleaned_data["until"] + timedelta(days=1)))
    before = request.GET.get("before", "")
    if before.isdigit():
        found = found.filter(index__lt=int(before))
    indices = [] if form.errors else list(found.values_list("index", flat=True)[: PAGE + 1])
    shown = indices[:PAGE]
    leaves = {leaf.index: leaf for leaf in Leaf.objects.filter(index__in=shown)}
    rows = [_row(leaves[index]) for index in shown if index in leaves]
    older = None
    if len(indices) > PAGE:
        query = request.GET.copy()
        query["before"] = str(shown[-1])
        older = query.urlencode()
    return render(
        request,
        "oversight/events.html",
        {"form": form, "rows": rows, "older": older, "paged": bool(before)},
    )


def _start_of(day: object) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))  # type: ignore[arg-type]


def _row(leaf: Leaf) -> dict[str, object]:
    """An event as the browser lists it: exactly what the log holds (references, no names)."""
    event = json.loads(bytes(leaf.data))
    actor_of = event.get("actor") or {}
    return {
        "index": leaf.index,
        "time": leaf.time,
        "action": event.get("action", ""),
        "actor": " · ".join(
            str(actor_of.get(k)) for k in ("id", "role", "organisation") if actor_of.get(k)
        ),
        "subjects": event.get("subjects", []),
        "details": json.dumps(event.get("details", {}), sort_keys=True, ensure_ascii=False),
    }


@roles_required(Role.INSPECTOR)
@require_POST
def verify(request: HttpRequest) -> HttpResponse:
    """Start a verification of the whole log (or follow the one under way)."""
    run = start_verification(actor(request))
    return redirect("audit:verification", run.reference)


@roles_required(Role.INSPECTOR)
@require_GET
def verification(request: HttpRequest, reference: str) -> HttpResponse:
    """A verification's progress, the page refreshing itself while it runs (no script)."""
    run = VerificationRun.objects.filter(reference=reference).first()
    if run is None:
        raise Http404
    return render(request, "oversight/verification.html", {"run": run})
