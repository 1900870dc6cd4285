"""Sections that other parts of the service add to the case page: the pathways' referrals and
their progress. Case work sits below them and cannot read their records (ARCHITECTURE.md, the
layers), so each registers, when its app is ready, a function that gives its section for a
case: the template to include and what it shows, or None when it has nothing to say."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from safereport.casework.models import Case


@dataclass(frozen=True)
class Section:
    """A part of the case page: `template` is included with `section` (this) in its context."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)


SectionFor = Callable[[Case], Section | None]

_sections: list[SectionFor] = []


def register(section_for: SectionFor) -> None:
    """Add a section to every case page, after the people in the case (once per function)."""
    if section_for not in _sections:
        _sections.append(section_for)


def sections_for(case: Case) -> list[Section]:
    """The registered sections for this case, in the order they were registered."""
    return [found for section_for in _sections if (found := section_for(case)) is not None]
