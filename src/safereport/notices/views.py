"""The notices' pages: the officer's page of a person's notice (giving it in person prints it
with a new access code), and the person's own page, which anyone may open with the reference and
code printed on their notice (public: no sign-in, no cookie before they act)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safereport.accounts.access import public, roles_required
from safereport.accounts.roles import POLICE_ROLES
from safereport.casework.views.common import opened_party, opens_cases
from safereport.errors import ServiceError
from safereport.notices import delivery, information, pdf, reading, throttle
from safereport.notices.codes import display_code
from safereport.notices.forms import GiveInPersonForm, OpenNoticeForm
from safereport.notices.models import NoticeSeries
from safereport.web.kit.forms import add_problems
from safereport.web.kit.views import actor, or_404

# The session's note that the person opened a notice (set only once they have acted).
OPENED = "notices:opened"


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page the person may reach without signing in: it tells no other site where they came
    from, and is never cached (the security middleware sets `Cache-Control: no-store`)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "no-referrer"
        return response

    return public(wrapped)


# The officer's pages --------------------------------------------------------------------------


@roles_required(*POLICE_ROLES)
@require_GET
@opens_cases
def party_notice(request: HttpRequest, reference: str) -> HttpResponse:
    """The person's current notice, its earlier versions and deliveries, and giving it."""
    party = opened_party(request, reference)
    return _notice_page(request, party, GiveInPersonForm())


def _notice_page(request: HttpRequest, party: Any, form: GiveInPersonForm) -> HttpResponse:
    try:
        notice = delivery.notice_for(actor(request), party)
    except ServiceError as error:
        return render(request, "notices/party_notice.html", {"party": party, "problem": error})
    series = notice.series
    return render(
        request,
        "notices/party_notice.html",
        {
            "party": party,
            "notice": notice,
            "versions": series.versions.order_by("-version"),
            "deliveries": [d for v in series.versions.all() for d in v.deliveries.all()],
            "form": form,
            "written": reading.written(notice, notice.language),
            "english": reading.written(notice, "en") if notice.language != "en" else None,
            "proof": notice.sha256[:16],
        },
    )


@roles_required(*POLICE_ROLES)
@require_POST
@opens_cases
def give_in_person(request: HttpRequest, reference: str) -> HttpResponse:
    """Record that the officer gave the current version in person; show it ready to print, or
    send it as a PDF (the button pressed says which), with the new access code (shown this once:
    it is kept only as a hash)."""
    party = opened_party(request, reference)
    form = GiveInPersonForm(request.POST)
    if form.is_valid():
        with or_404():
            notice = delivery.notice_for(actor(request), party)
        try:
            given = delivery.give_in_person(
                actor=actor(request),
                notice=notice,
                interpreter_language=form.cleaned_data["interpreter_language"],
            )
        except ServiceError as error:
            add_problems(form, error)
        else:
            printed = {
                "notice": notice,
                "written": reading.written(notice, notice.language),
                "english": reading.written(notice, "en") if notice.language != "en" else None,
                "proof": notice.sha256[:16],
                "code": display_code(given.access_code),
                "read_at": request.build_absolute_uri(reverse("notices:open")),
            }
            if request.POST.get("printed_as") == "pdf":
                response = HttpResponse(pdf.printed(printed), content_type="application/pdf")
                name = pdf.file_name(notice.series.reference, notice.version)
                response["Content-Disposition"] = f'attachment; filename="{name}"'
                return response
            return render(request, "notices/print.html", printed)
    return _notice_page(request, party, form)


# The person's own page ------------------------------------------------------------------------


@csrf_exempt  # no cookie before the person acts; a forged post can only try codes, slowed
@public_page
@require_http_methods(["GET", "POST"])
def open_notice(request: HttpRequest) -> HttpResponse:
    """Ask for the reference and code printed on the notice."""
    form = OpenNoticeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if throttle.too_many_tries(request.META.get("REMOTE_ADDR", "")):
            response = render(
                request, "notices/open.html", {"form": form, "slow": True}, status=429
            )
            response["Retry-After"] = str(throttle.retry_after())
            return response
        if form.is_valid():
            series = reading.open_series(form.cleaned_data["reference"], form.cleaned_data["code"])
            if series is not None:
                request.session.cycle_key()
                request.session[OPENED] = series.pk
                return redirect("notices:read")
            form.add_error(
                None,
                "The reference and access code do not match a notice. Check them on your notice. "
                "After 5 wrong tries, wait 30 minutes.",
            )
    return render(request, "notices/open.html", {"form": form}, status=400 if form.errors else 200)


@public_page
@require_GET
def read_notice(request: HttpRequest) -> HttpResponse:
    """The person's current notice in their language, or another they choose, with the English
    alongside and the dates of earlier versions."""
    opened = request.session.get(OPENED)
    series = NoticeSeries.objects.filter(pk=opened).first() if opened else None
    if series is None:
        return redirect("notices:open")
    wanted = request.GET.get("language", "")
    languages = dict(settings.LANGUAGES)
    notice = reading.read(series, wanted if wanted in languages else "")
    language = wanted if wanted in languages else notice.language
    return render(
        request,
        "notices/read.html",
        {
            "notice": notice,
            "written": reading.written(notice, language),
            "english": reading.written(notice, "en") if language != "en" else None,
            "proof": notice.sha256[:16],
            "languages": _languages(),
            "language": language,
            "earlier": series.versions.order_by("-version")[1:],
        },
    )


def _own_name(code: str) -> str:
    """A language's name in itself, as a person looking for theirs would read it."""
    info = translation.get_language_info(code)
    return str(info["name_local"])


# Public information ---------------------------------------------------------------------------


@public_page
@require_GET
def your_information(request: HttpRequest) -> HttpResponse:
    """What happens to your information if you report a crime: choose the police force."""
    language = _language(request)
    with translation.override(language):
        return render(
            request,
            "notices/your_information.html",
            {
                "forces": information.police_forces(),
                "languages": _languages(),
                "language": language,
                "page_language": language,
                "page_direction": "rtl" if translation.get_language_bidi() else "ltr",
            },
        )


@public_page
@require_GET
def force_information(request: HttpRequest, code: str) -> HttpResponse:
    """A force's page: what happens to your information under the rules it follows now."""
    force = next((f for f in information.police_forces() if f.code == code), None)
    if force is None:
        raise Http404
    language = _language(request)
    page = information.force_page(force, language)
    return render(
        request,
        "notices/force_information.html",
        {
            "page": page,
            "languages": _languages(),
            "language": language,
            "page_language": language,
            "page_direction": page.direction,
        },
    )


def _language(request: HttpRequest) -> str:
    wanted = request.GET.get("language", "")
    return wanted if wanted in dict(settings.LANGUAGES) else "en"


def _languages() -> list[tuple[str, str]]:
    return [(code, _own_name(code)) for code, _ in settings.LANGUAGES]
