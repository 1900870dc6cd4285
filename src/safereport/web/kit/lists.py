"""Lists a page at a time, with their filters kept: the one way every list in the service is
paginated (Django's `Paginator`, drawn by `web/components/pagination.html` as the GOV.UK
pagination component) and filtered by a GET form whose values are vocabulary words, dates and
flags, never names (they end up in addresses, browser histories and server logs).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict

F = TypeVar("F", bound=forms.Form)

# Rows on one page of a list: enough to scan, few enough to read on a phone.
PER_PAGE = 50
# The parameter a filter form sends with its values, so that a list opened without it shows
# everything and one sent with it is checked (a filter of nothing but empty values is bound).
FILTERED = "filter"
# Page numbers shown either side of the current one before "⋯" (GOV.UK pagination).
AROUND = 1


@dataclass(frozen=True)
class Paged:
    """One page of a list and what its pagination needs: the rows, their total, and the address
    of each page with the filters kept."""

    page: Page[Any]
    query: str  # the filters as a query string, without the page

    @property
    def rows(self) -> list[Any]:
        return list(self.page.object_list)

    @property
    def count(self) -> int:
        return int(self.page.paginator.count)

    @property
    def several(self) -> bool:
        """More than one page: only then is there pagination to show."""
        return int(self.page.paginator.num_pages) > 1

    @property
    def previous_href(self) -> str:
        return str(links(self.page, self.query)["previous"])

    @property
    def next_href(self) -> str:
        return str(links(self.page, self.query)["next"])

    @property
    def items(self) -> list[dict[str, Any]]:
        return list(links(self.page, self.query)["items"])


def links(page: Page[Any], query: str = "") -> dict[str, Any]:
    """What the pagination component draws for a page of a list whose other parameters are
    `query` (URL-encoded): the previous and next pages' addresses (empty at the ends) and the
    page numbers to show, GOV.UK style: the first, the last, the current with its neighbours,
    and an ellipsis for each gap."""

    def href(number: int) -> str:
        return f"?{query}&page={number}" if query else f"?page={number}"

    last, current = int(page.paginator.num_pages), int(page.number)
    shown = sorted({1, last, *range(max(1, current - AROUND), min(last, current + AROUND) + 1)})
    items: list[dict[str, Any]] = []
    for number in shown:
        if items and number - items[-1]["number"] > 1:
            items.append({"ellipsis": True, "number": number - 1})
        items.append(
            {
                "ellipsis": False,
                "number": number,
                "href": href(number),
                "current": number == current,
            }
        )
    return {
        "previous": href(page.previous_page_number()) if page.has_previous() else "",
        "next": href(page.next_page_number()) if page.has_next() else "",
        "items": items,
        "last": last,
    }


def paginate(
    request: HttpRequest,
    rows: QuerySet[Any] | Sequence[Any],
    per_page: int = PER_PAGE,
    *,
    drop: Sequence[str] = (),
) -> Paged:
    """The page of `rows` the request asks for (`?page=`; a number out of range or not a number
    is the nearest page, never an error), with the request's other parameters kept for the
    links, except `drop` (a parameter that is not a filter, like a typed reference)."""
    page = Paginator(rows, per_page).get_page(request.GET.get("page"))
    return Paged(page=page, query=kept_query(request, drop))


def kept_query(request: HttpRequest, drop: Sequence[str] = ()) -> str:
    """The request's query string without its page (and `drop`): what each page's link keeps,
    for a list whose page was read elsewhere (an action that records what it showed)."""
    query: QueryDict = request.GET.copy()
    for name in ("page", *drop):
        query.pop(name, None)
    return query.urlencode()


def filter_form(request: HttpRequest, form_class: type[F], **kwargs: Any) -> F:
    """The list's filter form, bound to the request's query when it was sent (`?filter=1`),
    unbound (every row) when not."""
    return form_class(request.GET if FILTERED in request.GET else None, **kwargs)


def chosen(form: forms.Form) -> dict[str, Any]:
    """The filters to apply: the form's values when it was sent and is valid, none otherwise
    (the page shows its errors, and every row, rather than a list it could not filter)."""
    if form.is_bound and form.is_valid():
        return {name: value for name, value in form.cleaned_data.items() if value}
    return {}
