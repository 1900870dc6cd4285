"""The inspector's view of the audit log: latest signed checkpoint, public key, last verification,
and inclusion proofs. Thin: the log's own modules do the work."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from safereport.accounts.access import roles_required
from safereport.accounts.roles import Role
from safereport.audit import checkpoints, proofs, verification
from safereport.audit.errors import AuditError
from safereport.errors import ServiceError
from safereport.notices.proof import prove as prove_notice
from safereport.oversight.forms import InclusionProofForm, NoticeProofForm
from safereport.oversight.inspection import log_status
from safereport.web.kit.forms import add_problems


@roles_required(Role.INSPECTOR)
@require_GET
def inspector(request: HttpRequest) -> HttpResponse:
    """The page; with `?index=N`, the inclusion proof of event N in the latest checkpoint."""
    status = log_status()
    form = InclusionProofForm(
        request.GET if "index" in request.GET else None, tree_size=status.tree_size
    )
    proof = None
    if form.is_valid():
        try:
            proof = proofs.inclusion_record(form.cleaned_data["index"], status.tree_size)
        except AuditError as error:
            form.add_error("index", f"No proof can be given for this event: {error}")
    notice_form = NoticeProofForm(request.GET if "notice" in request.GET else None)
    notice_proof = None
    if notice_form.is_valid():
        try:
            notice_proof = prove_notice(
                notice_form.cleaned_data["notice"].strip(), notice_form.cleaned_data["version"]
            )
        except ServiceError as error:
            add_problems(notice_form, error, {"reference": "notice"})
    context = {
        "status": status,
        "checkpoint": status.checkpoint,
        "last_verification": verification.last_verification(),
        "form": form,
        "proof": proof,
        "notice_form": notice_form,
        "notice_proof": notice_proof,
    }
    return render(request, "oversight/audit.html", context)


@roles_required(Role.INSPECTOR)
@require_GET
def checkpoint_download(request: HttpRequest) -> HttpResponse:
    """The latest signed checkpoint, as a file a witness can keep."""
    checkpoint = log_status().checkpoint
    if checkpoint is None:
        raise Http404
    return _attachment(checkpoint.note, f"safereport-audit-checkpoint-{checkpoint.size}.txt")


@roles_required(Role.INSPECTOR)
@require_GET
def public_key_download(request: HttpRequest) -> HttpResponse:
    """The verifier key of the checkpoints' signatures."""
    try:
        key = checkpoints.public_key()
    except AuditError:
        raise Http404 from None
    return _attachment(key + "\n", "safereport-audit-public-key.txt")


def _attachment(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
