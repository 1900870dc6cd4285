"""How a disclosure's fields read on a page: Immigration Enforcement's inbox and disclosure pages,
and the police's check page before a share, which shows exactly what IE will see."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from safereport.enforcement.snapshots import DISCLOSABLE_FIELDS
from safereport.policy.vocabulary import Category
from safereport.web.kit.forms import words

FIELD_LABELS = {
    "given_name": "Given name",
    "family_name": "Family name",
    "date_of_birth": "Date of birth",
    "nationality": "Nationality",
    "phone": "Phone",
    "email": "Email",
    "address": "Address",
    "immigration_status": "Immigration status",
    "case_reference": "Police case reference",
    "crime_type": "Crime",
    "summary": "Summary",
    "support": "Support",
}


def shown_categories(
    categories: Iterable[str], content: Mapping[str, Mapping[str, str | None]]
) -> list[dict[str, Any]]:
    """Each category held, with its fields (label, value, whether it is a date), as
    `enforcement/_disclosure_fields.html` draws them."""
    return [
        {
            "name": words(category),
            "fields": [
                {
                    "label": FIELD_LABELS.get(name, words(name)),
                    "value": value,
                    "is_date": isinstance(value, date),
                }
                for name, value in _fields(content, category).items()
            ],
        }
        for category in categories
    ]


def _fields(content: Mapping[str, Mapping[str, str | None]], category: str) -> dict[str, Any]:
    """The category's fields in the contract's order, vocabulary words and dates in words."""
    held = content.get(category, {})
    order = [name for name in DISCLOSABLE_FIELDS.get(Category(category), ()) if name in held]
    values: dict[str, Any] = {
        name: held[name] for name in [*order, *sorted(set(held) - set(order))]
    }
    for name in ("immigration_status", "crime_type", "support"):
        if values.get(name):
            values[name] = words(str(values[name]))
    if values.get("date_of_birth"):
        values["date_of_birth"] = date.fromisoformat(str(values["date_of_birth"]))
    return values
