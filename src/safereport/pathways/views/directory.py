"""The administrators' directory of support organisations: the list, adding and changing an
entry, importing a CSV file (all or nothing) and exporting the directory as one."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from safereport.accounts.access import roles_required
from safereport.errors import ServiceError
from safereport.iso639 import language_name
from safereport.pathways import actions, csvio, queries
from safereport.pathways.directory import FORCE_NAME_BY_CODE
from safereport.pathways.forms import DirectoryEntryForm, ImportForm
from safereport.pathways.models import DirectoryEntry
from safereport.pathways.views.common import ADMIN
from safereport.pathways.vocabulary import AdviserRegulator, IntakeChannel, Service
from safereport.web.kit.forms import add_problems, problem_lines
from safereport.web.kit.lists import paginate
from safereport.web.kit.views import actor, or_404


@roles_required(*ADMIN)
@require_GET
def directory_list(request: HttpRequest) -> HttpResponse:
    """Every organisation in the directory, with what it offers and where, a page at a time."""
    paged = paginate(request, queries.directory(), ENTRIES_PER_PAGE)
    entries = [_summary(entry) for entry in paged.rows]
    return render(request, "pathways/directory_list.html", {"entries": entries, "paged": paged})


# Each entry is a card of nine rows: fewer to a page than a table's rows.
ENTRIES_PER_PAGE = 20


def _summary(entry: DirectoryEntry) -> dict[str, object]:
    return {
        "entry": entry,
        "services": ", ".join(Service(s).label for s in entry.services),
        "regulator": AdviserRegulator(entry.adviser_regulator).label
        if entry.adviser_regulator
        else "",
        "areas": "England and Wales"
        if entry.national
        else ", ".join(FORCE_NAME_BY_CODE.get(code, code) for code in entry.forces),
        "languages": ", ".join(language_name(code) for code in entry.languages),
        "communities": ", ".join(entry.communities),
        "intake": IntakeChannel(entry.intake_channel).label,
    }


@roles_required(*ADMIN)
@require_http_methods(["GET", "POST"])
def directory_new(request: HttpRequest) -> HttpResponse:
    """Add an organisation to the directory."""
    form = DirectoryEntryForm(request.POST if request.method == "POST" else None)
    return _save(request, form, "Add an organisation")


@roles_required(*ADMIN)
@require_http_methods(["GET", "POST"])
def directory_edit(request: HttpRequest, code: str) -> HttpResponse:
    """Change an organisation's entry (its code and name stay as they are)."""
    with or_404():
        entry = queries.entry_for(code)
    existing = queries.details_of(entry)
    form = DirectoryEntryForm(request.POST if request.method == "POST" else None, existing=existing)
    return _save(request, form, f"Change {entry.organisation.name}")


def _save(request: HttpRequest, form: DirectoryEntryForm, title: str) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            entry = actions.save_directory_entry(actor=actor(request), details=form.details())
        except ServiceError as error:
            add_problems(form, error)
        else:
            messages.success(request, f"{entry.organisation.name} saved")
            return redirect("pathways:directory")
    status = 400 if form.errors else 200
    return render(
        request, "pathways/directory_entry.html", {"form": form, "title": title}, status=status
    )


@roles_required(*ADMIN)
@require_http_methods(["GET", "POST"])
def directory_import(request: HttpRequest) -> HttpResponse:
    """Import organisations from a CSV file: every row is checked first, and one problem
    anywhere means nothing is imported."""
    form = ImportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            result = actions.import_directory(actor=actor(request), text=form.cleaned_data["file"])
        except ServiceError as error:
            for line in problem_lines(error):
                form.add_error("file", line)
        else:
            messages.success(
                request,
                f"Imported {len(result.created)} new and {len(result.updated)} changed "
                f"organisation{'s' if len(result.created) + len(result.updated) != 1 else ''}",
            )
            return redirect("pathways:directory")
    status = 400 if form.errors else 200
    return render(
        request,
        "pathways/directory_import.html",
        {"form": form, "columns": csvio.COLUMNS},
        status=status,
    )


@roles_required(*ADMIN)
@require_GET
def directory_export(request: HttpRequest) -> HttpResponse:
    """The whole directory as a CSV file that imports back unchanged."""
    text = csvio.write(queries.details_of(entry) for entry in queries.directory())
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="directory-{day}.csv"'
    return response
