"""GOV.UK Design System forms: fields that carry what the components need (ids for the hint and
the error, radio and checkbox items, the parts of a date), and error messages worded as the
Design System's error message guidance asks: "Enter ...", "Select ...", "... must be 200
characters or fewer", never a field's label followed by "is needed".

Forms check shape only (a choice from the list, a real date, a length); the rules about meaning
stay in the actions, whose problems `add_problems` puts back on the fields they name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField

from safereport import storable
from safereport.errors import ServiceError

# How long a typed answer may be, in characters: names, nationality, phone, email...
SHORT_TEXT = 200
# ... and addresses, summaries and other free text.
LONG_TEXT = 5_000
# Years a date field takes: a real date in this service is after 1900 and not absurdly far off.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2100

YES = "yes"
NO = "no"
YES_NO = ((YES, "Yes"), (NO, "No"))

Choices = Sequence[tuple[str, str]]

# Which component draws a field, by its widget; the first match wins (checkboxes are radios to
# Django, and a file input is neither).
COMPONENTS: tuple[tuple[type[forms.Widget], str], ...] = (
    (forms.CheckboxSelectMultiple, "checkboxes"),
    (forms.RadioSelect, "radios"),
    (forms.Select, "select"),
    (forms.FileInput, "file"),
    (forms.Textarea, "textarea"),
)


def words(value: str) -> str:
    """A vocabulary word as text: `domestic_abuse` is "Domestic abuse"."""
    return value.replace("_", " ").capitalize()


def choices(
    values: Iterable[str], labels: Mapping[str, str] | None = None
) -> list[tuple[str, str]]:
    """Radio or checkbox choices for vocabulary words, each with its label (or its words)."""
    labels = labels or {}
    return [(str(value), labels.get(str(value), words(str(value)))) for value in values]


class GovukBoundField(BoundField):
    """A bound field with what the GOV.UK components need: which component, ids for the hint
    and the error, the radio or checkbox items, the parts of a date."""

    @property
    def kind(self) -> str:
        """The component that draws the field (`web/components/field.html`)."""
        if isinstance(self.field, GovukDateField):
            return "date"
        widget = self.field.widget
        return next((kind for cls, kind in COMPONENTS if isinstance(widget, cls)), "input")

    @property
    def error_message(self) -> str:
        return str(self.errors[0]) if self.errors else ""

    @property
    def hint_id(self) -> str:
        return f"{self.auto_id}-hint"

    @property
    def error_id(self) -> str:
        return f"{self.auto_id}-error"

    @property
    def described_by(self) -> str:
        ids = [self.hint_id] if self.help_text else []
        return " ".join([*ids, *([self.error_id] if self.errors else [])])

    @property
    def target_id(self) -> str:
        """Where the error summary's link for this field goes: the first input in error."""
        if self.kind == "date":
            wrong = [part for part in self.date_parts if part["error"]]
            return str((wrong or self.date_parts)[0]["id"])
        return str(self.auto_id)

    @property
    def items(self) -> list[dict[str, Any]]:
        """Radios, checkboxes or options: value, label, hint, id (the first has the field's id)."""
        value = self.value()
        chosen = {str(v) for v in value} if isinstance(value, list | tuple) else {str(value)}
        hints: Mapping[str, str] = getattr(self.field, "item_hints", {})
        found = []
        for number, (choice, label) in enumerate(self.field.choices, start=1):  # type: ignore[attr-defined]
            item_id = self.auto_id if number == 1 else f"{self.auto_id}-{number}"
            found.append(
                {
                    "value": choice,
                    "label": label,
                    "id": item_id,
                    "checked": str(choice) in chosen,
                    "hint": hints.get(str(choice), ""),
                    "hint_id": f"{item_id}-item-hint",
                }
            )
        return found

    @property
    def date_parts(self) -> list[dict[str, Any]]:
        """Day, month and year as typed (or from the initial date), each marked if in error."""
        value = self.value()
        if isinstance(value, date):
            raw = [str(value.day), str(value.month), str(value.year)]
        elif isinstance(value, list | tuple):
            raw = [str(part or "") for part in value]
        else:
            raw = ["", "", ""]
        empty = [not part.strip() for part in raw]
        partly = self.errors and any(empty) and not all(empty)
        return [
            {
                "name": f"{self.html_name}_{part}",
                "id": f"{self.auto_id}_{part}",
                "label": part.capitalize(),
                "value": raw[number],
                "width": "4" if part == "year" else "2",
                "error": bool(self.errors) and (empty[number] if partly else True),
            }
            for number, part in enumerate(("day", "month", "year"))
        ]


class StorableTextForm(forms.Form):
    """A form that refuses, as an error on the field, any value holding what cannot be stored
    (`safereport.storable`: a NUL character, an unpaired surrogate), before the field's own
    cleaning: a choice field compares it, a lookup would send it to the database, and
    PostgreSQL fails on NUL where SQLite finds nothing."""

    def _clean_fields(self) -> None:
        # Django's own loop (django/forms/forms.py, 5.2), with the check first.
        for name, bound in self._bound_items():  # type: ignore[attr-defined]
            field = bound.field
            why = None if field.disabled else unstorable(bound.data)
            if why:
                self.add_error(name, f"{field.label or words(name)} {why}")
                continue
            try:
                self.cleaned_data[name] = field._clean_bound_field(bound)
                if hasattr(self, f"clean_{name}"):
                    self.cleaned_data[name] = getattr(self, f"clean_{name}")()
            except ValidationError as error:
                self.add_error(name, error)


def unstorable(value: Any) -> str | None:
    """Why a submitted value (text, or the parts of a date, or several choices) cannot be
    stored, or None. Anything else (an uploaded file) is left to its field."""
    parts = value if isinstance(value, list | tuple) else [value]
    for part in parts:
        why = storable.problem(part) if isinstance(part, str) else None
        if why:
            return why
    return None


class GovukForm(StorableTextForm):
    """A form rendered with GOV.UK markup; errors are listed in the summary in field order."""

    bound_field_class = GovukBoundField

    @property
    def error_links(self) -> list[dict[str, str]]:
        """Each error, and the id of the input the summary links it to."""
        links = []
        fields = list(self)
        first = fields[0].target_id if fields else "main-content"  # type: ignore[attr-defined]
        links += [{"text": str(e), "href": first} for e in self.non_field_errors()]
        for field in fields:
            links += [{"text": str(e), "href": field.target_id} for e in field.errors]  # type: ignore[attr-defined]
        return links


class Radios(forms.ChoiceField):
    """One choice from a list, shown as GOV.UK radios; `item_hints` maps a value to its hint."""

    widget = forms.RadioSelect

    def __init__(self, *, item_hints: Mapping[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.item_hints = dict(item_hints or {})


class Checkboxes(forms.MultipleChoiceField):
    """Any number of choices, shown as GOV.UK checkboxes."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *, item_hints: Mapping[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.item_hints = dict(item_hints or {})


class DateWidget(forms.MultiWidget):
    """Three text boxes, `<name>_day`, `<name>_month`, `<name>_year`."""

    def __init__(self) -> None:
        parts: dict[str, forms.Widget | type[forms.Widget]] = {
            "day": forms.TextInput(),
            "month": forms.TextInput(),
            "year": forms.TextInput(),
        }
        super().__init__(widgets=parts)

    def decompress(self, value: Any) -> list[str]:
        if isinstance(value, date):
            return [str(value.day), str(value.month), str(value.year)]
        return ["", "", ""]


class GovukDateField(forms.Field):
    """A date typed as day, month and year; every message names the field, as the Design
    System's date input asks."""

    widget = DateWidget

    def to_python(self, value: Any) -> date | None:
        parts = [str(p or "").strip() for p in value] if isinstance(value, list | tuple) else []
        parts = [*parts, "", "", ""][:3]
        if not any(parts):
            return None
        missing = [
            name for name, part in zip(("day", "month", "year"), parts, strict=True) if not part
        ]
        if missing:
            raise ValidationError(f"{self.label} must include a {' and a '.join(missing)}")
        if not all(part.isdigit() for part in parts):
            raise ValidationError(f"{self.label} must be a real date, in numbers, like 27 3 2025")
        day, month, year = parts
        if len(year) != 4:
            raise ValidationError(f"{self.label} must have a year with 4 numbers, like 2025")
        if not EARLIEST_YEAR <= int(year) <= LATEST_YEAR:
            raise ValidationError(
                f"{self.label} must be a real date, between {EARLIEST_YEAR} and {LATEST_YEAR}"
            )
        try:
            # Huge days and months are typed too: `int` takes them, `date` refuses them with
            # OverflowError rather than ValueError.
            return date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            raise ValidationError(f"{self.label} must be a real date") from None


# Fields, each worded once ---------------------------------------------------------------------


def text_field(
    label: str,
    *,
    required: bool = False,
    max_length: int = SHORT_TEXT,
    required_message: str = "",
    **kw: Any,
) -> forms.CharField:
    """A text input. Its messages: "Enter the <label>" and "<label> must be N characters or
    fewer" (give `required_message` where "Enter the <label>" does not read well)."""
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        error_messages={
            "required": required_message or f"Enter the {label.lower()}",
            "max_length": f"{label} must be {max_length:,} characters or fewer",
        },
        **kw,
    )


def text_area(label: str, *, max_length: int = LONG_TEXT, **kw: Any) -> forms.CharField:
    """A textarea of up to `max_length` characters."""
    return text_field(label, max_length=max_length, widget=forms.Textarea(attrs={"rows": 5}), **kw)


def radios(label: str, options: Choices, *, required_message: str, **kw: Any) -> Radios:
    """One choice. "Select ..." says what to choose, when nothing or something unknown was sent
    (only a changed page can send a value that is not among the radios)."""
    return Radios(
        label=label,
        choices=list(options),
        error_messages={"required": required_message, "invalid_choice": required_message},
        **kw,
    )


def checkboxes(label: str, options: Choices, *, required_message: str, **kw: Any) -> Checkboxes:
    """Any number of choices, at least one unless `required=False`."""
    return Checkboxes(
        label=label,
        choices=list(options),
        error_messages={"required": required_message, "invalid_choice": required_message},
        **kw,
    )


def yes_no(label: str, *, required_message: str, **kw: Any) -> Radios:
    """Yes or No, as radios."""
    return radios(label, YES_NO, required_message=required_message, **kw)


def select(label: str, options: Choices, *, required_message: str, **kw: Any) -> forms.ChoiceField:
    """One choice from a long list, as a GOV.UK select (its first option names what to do)."""
    return forms.ChoiceField(
        label=label,
        choices=list(options),
        error_messages={"required": required_message, "invalid_choice": required_message},
        **kw,
    )


# An action's refusal, on the page ------------------------------------------------------------


def add_problems(
    form: forms.Form, error: ServiceError, aliases: Mapping[str, str] | None = None
) -> None:
    """Put an action's problems on the fields they name (`person.email` on `email`).

    An action words a problem either as a sentence of its own ("Select ...", "Enter ...",
    starting with a capital), shown as it is, or as what is wrong with the value ("must be in
    the past"), shown after the field's label. A problem about no field of the form goes in the
    error summary as the action said it.
    """
    aliases = aliases or {}
    placed = False
    for key, why in error.fields.items():
        name = aliases.get(key, key.rsplit(".", 1)[-1].split("[", 1)[0])
        if name in form.fields:
            form.add_error(name, sentence(str(form.fields[name].label or words(name)), why))
            placed = True
    if not placed:
        form.add_error(None, error.message)


def sentence(label: str, why: str) -> str:
    """A problem as the person reads it: whole if the action wrote a sentence, else after the
    name of what it is about."""
    if why[:1].isupper():
        return why
    return f"{label} {why}"


def problem_lines(error: ServiceError) -> list[str]:
    """An action's refusal as lines to show: its message, then each problem by its key."""
    return [error.message, *(f"{_key_words(key)}: {why}" for key, why in error.fields.items())]


def error_links(error: ServiceError) -> list[dict[str, str]]:
    """An action's refusal as error summary lines, when there is no form field to link to."""
    return [{"text": line, "href": "main-content"} for line in problem_lines(error)]


def _key_words(key: str) -> str:
    """A problem's key in words: `row 3.languages` is "Row 3, languages"."""
    return key.replace(".", ", ").replace("_", " ").capitalize()
