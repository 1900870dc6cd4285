"""The pagination component's numbers, for `web/components/pagination.html` (`web.kit.lists`)."""

from __future__ import annotations

from typing import Any

from django import template
from django.core.paginator import Page

from safereport.web.kit.lists import links

register = template.Library()


@register.simple_tag
def page_links(page: Page[Any], query: str = "") -> dict[str, Any]:
    """The previous and next addresses and the page numbers of `page`, keeping `query`."""
    return links(page, query or "")
