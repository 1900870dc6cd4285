"""The data protection officer's pages: the force's regime (with `policy diff`'s account of what
a change alters) and the review queue of prohibited shares later permitted."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safereport.accounts.access import roles_required
from safereport.accounts.roles import Role
from safereport.casework import actions, queries, regimes
from safereport.casework.forms import RegimeForm
from safereport.casework.models import ForceRegime, ReviewItem, SharingDecision
from safereport.casework.replay import replay
from safereport.errors import ServiceError
from safereport.policy.diff_words import sentence
from safereport.policy.regimes import REGIME_INFO, load
from safereport.policy.vocabulary import Outcome, RegimeId, Stage
from safereport.web.kit.forms import add_problems, words
from safereport.web.kit.lists import paginate
from safereport.web.kit.views import actor, or_404

# The change a DPO has chosen and the comparison they were shown, between the two steps.
PENDING_REGIME = "casework:pending_regime"


def _regime_words(regime: str) -> str:
    return REGIME_INFO[RegimeId(regime)].title


@roles_required(Role.POLICE_DPO)
@require_http_methods(["GET", "POST"])
def regime(request: HttpRequest) -> HttpResponse:
    """The force's regime: the one in force, its history, and choosing a change.

    Choosing takes `policy diff` between the regime in force on that day and the one chosen as
    kept (`regimes.compare`), or has the background worker make it, which the confirmation page
    then waits for, saying so, instead of this page hanging.
    """
    user = actor(request)
    force = user.organisation
    form = RegimeForm(
        request.POST if request.method == "POST" else None,
        initial={"effective_from": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            change = actions.plan_force_regime(
                actor=user,
                regime=form.cleaned_data["regime"],
                effective_from=form.cleaned_data["effective_from"],
                wait=False,
            )
        except ServiceError as error:
            add_problems(form, error)
        else:
            request.session[PENDING_REGIME] = {
                "regime": change.regime.value,
                "effective_from": change.effective_from.isoformat(),
                "previous": change.previous.value if change.previous else None,
                "diff": change.diff.as_json() if change.diff else None,
                "comparing": change.comparing,
                "reason": form.cleaned_data["reason"],
                "review_on": (
                    form.cleaned_data["review_on"].isoformat()
                    if form.cleaned_data["review_on"]
                    else None
                ),
            }
            return redirect("casework:regime-confirm")
    in_force = regimes.regime_on(force)
    history = ForceRegime.objects.filter(force=force).select_related("set_by")
    return render(
        request,
        "casework/regime.html",
        {
            "form": form,
            "force": force,
            "in_force": _regime_row(in_force) if in_force else None,
            "history": [_regime_row(change) for change in history],
            "today": timezone.localdate(),
        },
    )


def _regime_row(change: ForceRegime) -> dict[str, Any]:
    regime_id = RegimeId(change.regime)
    counts = change.diff_counts
    return {
        "change": change,
        "title": REGIME_INFO[regime_id].title,
        "id": regime_id.value,
        "version": load(regime_id).version,
        "changed": (
            f"{counts['sharing']['changed']:,} sharing decisions, "
            f"{counts['gate']['changed']:,} protocol checks"
            if counts
            else "None: the force's first regime"
        ),
    }


@roles_required(Role.POLICE_DPO)
@require_http_methods(["GET", "POST"])
def regime_confirm(request: HttpRequest) -> HttpResponse:
    """What the change alters, as `policy diff` reads it, and the button that makes it."""
    user = actor(request)
    pending: dict[str, Any] | None = request.session.get(PENDING_REGIME)
    problem = ""
    kept = None
    if pending is not None and pending.get("comparing"):
        ready = regimes.compare(
            RegimeId(pending["previous"]), RegimeId(pending["regime"]), wait=False
        )
        if ready is not None:
            pending = {**pending, "diff": ready.as_json(), "comparing": False}
            request.session[PENDING_REGIME] = pending
        else:
            kept = regimes.comparing(RegimeId(pending["previous"]), RegimeId(pending["regime"]))
    if request.method == "POST" and pending is not None and pending.get("comparing"):
        problem = "Wait for the comparison of the two regimes before you confirm the change."
    elif request.method == "POST" and pending is not None:
        day = date.fromisoformat(pending["effective_from"])
        shown = regimes.diff_from_json(pending["diff"]) if pending["diff"] else None
        try:
            actions.set_force_regime(
                actor=user,
                regime=pending["regime"],
                effective_from=day,
                shown_diff=shown,
                compute_diff=False,  # what was shown, and nothing else, is confirmed
                reason=pending.get("reason", ""),
                review_on=(
                    date.fromisoformat(pending["review_on"]) if pending.get("review_on") else None
                ),
            )
        except ServiceError as error:
            problem = error.message
        else:
            del request.session[PENDING_REGIME]
            messages.success(
                request,
                f"{user.organisation.name} operates under {_regime_words(pending['regime'])} "
                f"from {day.day} {day:%B %Y}",
            )
            return redirect("casework:regime")
    comparing = bool(pending and pending.get("comparing"))
    return render(
        request,
        "casework/regime_confirm.html",
        {
            "pending": pending,
            "problem": problem,
            "comparing": comparing,
            "waiting": comparing and (kept is None or kept.status != kept.Status.FAILED),
            "kept": kept,
            "chosen": _regime_words(pending["regime"]) if pending else "",
            "previous": _regime_words(pending["previous"])
            if pending and pending["previous"]
            else "",
            "effective_from": date.fromisoformat(pending["effective_from"]) if pending else None,
            "review_on": (
                date.fromisoformat(pending["review_on"])
                if pending and pending.get("review_on")
                else None
            ),
            "diff": _diff_shown(pending["diff"]) if pending and pending["diff"] else None,
            "open_cases": _open_cases(user, pending) if pending else None,
        },
    )


def _open_cases(user: Any, pending: dict[str, Any]) -> dict[str, Any]:
    """The force's decisions on cases not yet concluded, replayed (`casework.replay`) under the
    regime now and the one chosen: rows of (what, [count now, count chosen]), or only the chosen
    for a force's first regime."""
    decisions = SharingDecision.objects.filter(party__case__force=user.organisation).exclude(
        party__case__stage=Stage.CONCLUDED
    )
    found = replay(decisions)
    compared = [RegimeId(pending["regime"])]
    if pending["previous"]:
        compared.insert(0, RegimeId(pending["previous"]))
    rows = [
        (
            f"Decisions that would be {words(outcome.value).lower()}",
            [found.by_regime[r][outcome] for r in compared],
        )
        for outcome in Outcome
    ]
    rows.append(
        (
            "Disclosures made that would be prohibited",
            [found.disclosures_prohibited_under[r] for r in compared],
        )
    )
    rows.append(
        (
            "Protocol protections that would hold",
            [found.protections_held_under[r] for r in compared],
        )
    )
    return {
        "decisions": found.decisions,
        "disclosures": found.disclosures,
        "protections": found.protections,
        "columns": [_regime_words(r.value) for r in compared],
        "rows": rows,
    }


def _diff_shown(data: dict[str, Any]) -> dict[str, Any]:
    """The comparison as the page reads it: counts with thousands separators, each group in a
    sentence, with the diff's exact statement beside it."""

    def part(space: dict[str, Any]) -> dict[str, Any]:
        return {
            "compared": f"{space['compared']:,}",
            "changed": f"{space['changed']:,}",
            "statements": [
                {"sentence": sentence(group), "exact": group["statement"]}
                for group in space["groups"]
            ],
        }

    return {
        "from": data["from"],
        "to": data["to"],
        "sharing": part(data["sharing"]),
        "gate": part(data["gate"]),
    }


# Review queue ------------------------------------------------------------------------------------


@roles_required(Role.POLICE_DPO)
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    """Prohibited shares later permitted for the same person and purpose, oldest first."""
    items = queries.review_queue(actor(request)).select_related(
        "prohibited_decision__party__case", "permitting_decision"
    )
    paged = paginate(request, items, REVIEWS_PER_PAGE)
    return render(
        request,
        "casework/review_queue.html",
        {"items": [_review_row(item) for item in paged.rows], "paged": paged},
    )


# Each item is a card comparing two decisions: fewer to a page than a table's rows.
REVIEWS_PER_PAGE = 20


def _review_row(item: ReviewItem) -> dict[str, Any]:
    before, after = item.prohibited_decision, item.permitting_decision
    return {
        "item": item,
        "case": before.party.case,
        "party": before.party,
        "before": before,
        "after": after,
        "changes": changed_facts(before, after),
    }


def changed_facts(before: SharingDecision, after: SharingDecision) -> list[str]:
    """What differs between the situations the two decisions were made on, in words."""

    def flat(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
        found: dict[str, Any] = {}
        for key, value in data.items():
            if isinstance(value, dict):
                found.update(flat(value, f"{prefix}{key} "))
            else:
                found[f"{prefix}{key}"] = value
        return found

    old, new = flat(before.situation), flat(after.situation)
    return [
        f"{name.replace('_', ' ')}: {_shown(old.get(name))} to {_shown(new.get(name))}"
        for name in new
        if old.get(name) != new.get(name)
    ]


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value).replace("_", " ")


@roles_required(Role.POLICE_DPO)
@require_POST
def mark_reviewed(request: HttpRequest, reference: str) -> HttpResponse:
    """The DPO has looked at why the answer changed; the decisions themselves stay as made."""
    user = actor(request)
    with or_404():
        item = queries.review_item_for(user, reference)
    try:
        actions.mark_review_done(actor=user, item=item)
    except ServiceError:
        pass  # already reviewed: it has left the queue
    else:
        messages.success(request, "Marked as reviewed")
    return redirect("casework:review-queue")
