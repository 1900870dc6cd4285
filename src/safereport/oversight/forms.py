"""The oversight pages' forms: the inspector's (an inclusion proof, the event browser's filters,
which statistics), the DPO's (a return, evidence on a recommendation)."""

import re
from typing import Any

from django import forms

from safereport.oversight.recommendations import Status
from safereport.oversight.tracker import EVIDENCE_LENGTH
from safereport.web.kit.forms import (
    GovukDateField,
    GovukForm,
    checkboxes,
    radios,
    select,
    text_area,
    text_field,
)

_WHOLE_NUMBER = re.compile(r"[0-9]+")


class InclusionProofForm(GovukForm):
    """An event index, a whole number within the checkpointed tree of `tree_size` leaves."""

    index = text_field(
        "Event index",
        required=True,
        max_length=20,
        required_message="Enter an event index",
        help_text="The number of the event in the audit log, starting from 0.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, tree_size: int, **kwargs: Any) -> None:
        """Validate indices against a tree of `tree_size` leaves."""
        super().__init__(*args, **kwargs)
        self.tree_size = tree_size

    def clean_index(self) -> int:
        """A whole number from 0 to the tree's last index; the message says which range."""
        raw = self.cleaned_data["index"].strip()
        if not _WHOLE_NUMBER.fullmatch(raw):
            raise forms.ValidationError("Event index must be a whole number, like 41")
        value = int(raw)
        if self.tree_size == 0:
            raise forms.ValidationError("The audit log has no events yet")
        if value >= self.tree_size:
            raise forms.ValidationError(f"Event index must be between 0 and {self.tree_size - 1}")
        return value


class NoticeProofForm(GovukForm):
    """A notice's reference, and optionally its version: what the inspector proves."""

    notice = text_field(
        "Notice reference",
        required=True,
        max_length=80,
        required_message="Enter a notice reference",
        help_text="It starts with ntc_. The proof shows hashes only, never the notice's words.",
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    version = text_field(
        "Version",
        max_length=9,
        help_text="Leave empty for the latest.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
    )

    def clean_version(self) -> int | None:
        raw = self.cleaned_data["version"].strip()
        if not raw:
            return None
        if not _WHOLE_NUMBER.fullmatch(raw) or int(raw) < 1:
            raise forms.ValidationError("Version must be a whole number from 1, like 2")
        return int(raw)


class ScopeForm(GovukForm):
    """Whose statistics to show: for inspectors, a force or every force (England and Wales)."""

    force = select(
        "Police force", [], required_message="Select a police force or England and Wales"
    )

    def __init__(self, *args: Any, forces: list[tuple[str, str]] | None, **kwargs: Any) -> None:
        """`forces` None: the user sees one force's statistics only, and is not asked."""
        super().__init__(*args, **kwargs)
        if forces is None:
            del self.fields["force"]
        else:
            field = self.fields["force"]
            field.choices = [("", "England and Wales (every force)"), *forces]  # type: ignore[attr-defined]
            field.required = False


class StatisticsForm(ScopeForm):
    """Which statistics to show: a period and, for inspectors, a force or every force."""

    period = select("Period", [], required_message="Select a period")
    field_order = ("period", "force")

    def __init__(self, *args: Any, periods: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = periods  # type: ignore[attr-defined]
        self.fields["period"].required = False  # none chosen: the current year


class ReturnForm(GovukForm):
    """The DPO's confirmation of their force's return: that the counts are its return, or, for a
    force that disclosed nothing, that it disclosed nothing (the certified "none")."""

    confirm = checkboxes("Confirm the return", [], required_message="")

    def __init__(self, *args: Any, statement: str, required_message: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["confirm"]
        field.choices = [("yes", statement)]  # type: ignore[attr-defined]
        field.error_messages = {"required": required_message, "invalid_choice": required_message}


class EvidenceForm(GovukForm):
    """A DPO's entry on a recommendation: its status now, and what shows it."""

    status = radios(
        "Status",
        [(s.value, s.label) for s in Status],
        required_message="Select the recommendation's status",
    )
    evidence = text_area(
        "Evidence",
        required=True,
        required_message="Enter what shows the recommendation's progress",
        help_text="What your force has done, with dates and documents. Do not name anyone.",
        max_length=EVIDENCE_LENGTH,
    )


class EventFilterForm(GovukForm):
    """Which audit events to list: by action, by acting force, from and to a day."""

    action = select("Action", [], required_message="Select an action from the list")
    force = select(
        "Acting organisation", [], required_message="Select a police force from the list"
    )
    since = GovukDateField(label="From", required=False, help_text="For example, 27 3 2026")
    until = GovukDateField(label="To", required=False, help_text="For example, 31 3 2026")

    def __init__(
        self, *args: Any, actions: list[str], forces: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "Every action"), *((a, a) for a in actions)]  # type: ignore[attr-defined]
        self.fields["action"].required = False
        self.fields["force"].choices = [("", "Every organisation"), *forces]  # type: ignore[attr-defined]
        self.fields["force"].required = False

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", "To must be the same as or after From")
        return cleaned
