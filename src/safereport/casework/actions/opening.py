"""Opening a case: the access check, the reason a DPO gives, and the audit event."""

from __future__ import annotations

from django.db import transaction

from safereport.accounts.models import User
from safereport.audit.events import Actor, record
from safereport.audit.names import AuditAction
from safereport.casework import access
from safereport.casework.errors import NotFoundError, Problems, ReasonRequiredError
from safereport.casework.models import Case
from safereport.casework.vocabulary import OpenReason
from safereport.references import echoed


def open_case(*, actor: User, reference: str, reason: OpenReason | str | None = None) -> Case:
    """The case with this reference, for a user who may see it; the opening is an audit event.

    Officers open their force's cases; a data protection officer opening a case not assigned to
    them must give a reason (`OpenReason`). Anyone else, and any unknown reference, gets the same
    `NotFoundError`; the refusal is recorded before it is raised.
    """
    case = _opened(actor, reference, reason)
    if case is None:
        raise NotFoundError
    return case


@transaction.atomic
def _opened(actor: User, reference: str, reason: OpenReason | str | None) -> Case | None:
    case = Case.objects.select_related("force").filter(reference=reference).first()
    if case is None or not access.may_work_on_case(actor, case):
        record(
            Actor.for_user(actor),
            AuditAction.CASEWORK_CASE_OPENING_REFUSED,
            subjects=echoed("case", reference),
        )
        return None
    problems = Problems()
    why = problems.word(OpenReason, reason, "reason") if reason else None
    problems.raise_if_any()
    if why is None and access.needs_reason_to_open(actor, case):
        raise ReasonRequiredError(
            "This case is not assigned to you: say why you are opening it.",
            {"reason": f"must be one of {', '.join(OpenReason.values)}"},
        )
    record(
        Actor.for_user(actor),
        AuditAction.CASEWORK_CASE_OPENED,
        subjects=[case.reference, f"org:{case.force.code}"],
        details={
            "reason": why.value if why else None,
            "in_charge": case.officer_in_charge_id == actor.pk,
        },
    )
    return case
