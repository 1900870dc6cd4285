"""Safe-contact instructions, structured (DOMAIN.md section 6: "a text message to a phone an
abuser reads can cost a life"): which channels the person allows, at which times, whether only
through their support worker, and a note. `refusal()` says, in a sentence an officer can read,
why a channel is refused, or None when it is allowed. Framework-free.

Nothing is allowed that was not recorded as allowed: the default, and what the old free text
becomes, is in person only, because permission is never guessed from prose.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from safereport.casework.errors import CaseworkError, Problems

VERSION = 1  # of the stored shape (`as_json`); `from_json` refuses any other
LONDON = ZoneInfo("Europe/London")  # times in instructions are the person's: England and Wales
MINUTES_IN_DAY = 24 * 60
HOURS_MINUTES = re.compile(r"([01][0-9]|2[0-4]):([0-5][0-9])")


class Channel(StrEnum):
    IN_PERSON = "in_person"
    SMS = "sms"
    EMAIL = "email"
    LETTER = "letter"
    PHONE_CALL = "phone_call"

    @property
    def by(self) -> str:
        """How a sentence says contact through this channel: "by text message"."""
        return BY[self]


BY: Mapping[Channel, str] = {
    Channel.IN_PERSON: "in person",
    Channel.SMS: "by text message",
    Channel.EMAIL: "by email",
    Channel.LETTER: "by letter",
    Channel.PHONE_CALL: "by phone",
}
# A letter's arrival cannot be timed by the sender, so time windows do not apply to letters.
TIMED = frozenset({Channel.IN_PERSON, Channel.SMS, Channel.EMAIL, Channel.PHONE_CALL})


class Day(StrEnum):
    """Days of the week, in the order of `datetime.weekday()`."""

    MONDAY = "monday"
    TUESDAY = "tuesday"
    WEDNESDAY = "wednesday"
    THURSDAY = "thursday"
    FRIDAY = "friday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"


WEEK = tuple(Day)
WEEKDAYS = frozenset(WEEK[:5])
WEEKENDS = frozenset(WEEK[5:])


@dataclass(frozen=True)
class TimeWindow:
    """Days and hours when contact is safe, in London time: from `start` up to, not including,
    `end`, in minutes after midnight (1440 is the midnight that ends the day). A window that
    runs past midnight is two windows."""

    days: frozenset[Day]
    start: int  # minutes after midnight
    end: int  # minutes after midnight, later than start

    def __post_init__(self) -> None:
        if not self.days:
            raise CaseworkError("A time window needs at least one day.", {"days": "is empty"})
        if not 0 <= self.start < self.end <= MINUTES_IN_DAY:
            raise CaseworkError(
                "A time window must end later in the same day than it starts.",
                {"until": "must be later than from"},
            )

    def contains(self, at: datetime) -> bool:
        local = at.astimezone(LONDON)
        minute = local.hour * 60 + local.minute
        return WEEK[local.weekday()] in self.days and self.start <= minute < self.end

    def describe(self) -> str:
        """The window as a sentence reads it: "weekdays, 9am to midday"."""
        return f"{days_text(self.days)}, {clock_text(self.start)} to {clock_text(self.end)}"


@dataclass(frozen=True)
class SafeContact:
    """How the person may be contacted. The default is the safe one when nothing is recorded:
    in person only, at any time, directly."""

    channels: frozenset[Channel] = field(default=frozenset({Channel.IN_PERSON}))
    windows: tuple[TimeWindow, ...] = ()  # none: any time
    only_through_support_worker: bool = False
    note: str = ""  # the person's words, for the officer; never read by the rules

    def as_json(self) -> dict[str, object]:
        """The stored shape, in a fixed order so that equal instructions store alike."""
        return {
            "version": VERSION,
            "channels": [channel.value for channel in Channel if channel in self.channels],
            "windows": [
                {
                    "days": [day.value for day in WEEK if day in window.days],
                    "from": hours_minutes(window.start),
                    "until": hours_minutes(window.end),
                }
                for window in self.windows
            ],
            "only_through_support_worker": self.only_through_support_worker,
            "note": self.note,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object] | str | bytes) -> SafeContact:
        """Instructions from their stored shape (or its JSON text); every problem named by field,
        e.g. `windows[0].from`, in one `CaseworkError`."""
        return from_json(data)

    @classmethod
    def from_legacy_text(cls, text: str) -> SafeContact:
        """The old free-text instructions: kept whole as the note, with every channel but in
        person ruled out until an officer records what the person allows."""
        return cls(note=text)


def refusal(contact: SafeContact, channel: Channel, at: datetime | None = None) -> str | None:
    """Why `channel` may not be used to reach the person (at `at`, when given), or None.

    Without `at` the times are not asked about: the answer is whether the channel may be used
    at all. The support-worker rule is said first, since it rules out every direct channel.
    """
    if at is not None and at.tzinfo is None:
        raise ValueError("`at` must be an aware datetime: a naive one is no moment in particular")
    if contact.only_through_support_worker:
        return "Only through their support worker: they have asked not to be contacted directly."
    if channel not in contact.channels:
        # "have not agreed" and not "have asked not": true also of a channel ruled out because
        # nothing was recorded, or because the old free text was not read as permission.
        return f"They have not agreed to be contacted {channel.by}."
    if at is None or channel not in TIMED or not contact.windows:
        return None
    if any(window.contains(at) for window in contact.windows):
        return None
    return f"Not at this time: {' or '.join(w.describe() for w in contact.windows)} only."


def from_json(data: Mapping[str, object] | str | bytes) -> SafeContact:
    if isinstance(data, str | bytes):
        try:
            data = json.loads(data)
        except ValueError:
            raise CaseworkError("Safe-contact instructions must be JSON.") from None
    if not isinstance(data, Mapping):
        raise CaseworkError("Safe-contact instructions must be a JSON object.")
    problems = Problems()
    for name in sorted(set(data) - FIELDS):
        problems.add(str(name), "is not a field of safe-contact instructions")
    if data.get("version") != VERSION:
        problems.add("version", f"must be {VERSION}")
    channels = channels_from(problems, data.get("channels"))
    windows = windows_from(problems, data.get("windows"))
    through_worker = data.get("only_through_support_worker")
    if not isinstance(through_worker, bool):
        problems.add("only_through_support_worker", "must be true or false")
    note = data.get("note")
    if not isinstance(note, str):
        problems.add("note", "must be text (it may be empty)")
    problems.raise_if_any("The safe-contact instructions are not in the stored shape.")
    return SafeContact(
        channels=channels,
        windows=windows,
        only_through_support_worker=bool(through_worker),
        note=str(note),
    )


FIELDS = frozenset({"version", "channels", "windows", "only_through_support_worker", "note"})
WINDOW_FIELDS = frozenset({"days", "from", "until"})


def channels_from(problems: Problems, value: object) -> frozenset[Channel]:
    if not isinstance(value, list):
        problems.add("channels", "must be a list (it may be empty)")
        return frozenset()
    return frozenset(
        channel
        for index, item in enumerate(value)
        if (channel := problems.word(Channel, item, f"channels[{index}]")) is not None
    )


def windows_from(problems: Problems, value: object) -> tuple[TimeWindow, ...]:
    if not isinstance(value, list):
        problems.add("windows", "must be a list (it may be empty)")
        return ()
    windows = []
    for index, item in enumerate(value):
        where = f"windows[{index}]"
        if not isinstance(item, Mapping):
            problems.add(where, "must be an object with days, from and until")
            continue
        for name in sorted(set(item) - WINDOW_FIELDS):
            problems.add(f"{where}.{name}", "is not a field of a time window")
        days = days_from(problems, item.get("days"), f"{where}.days")
        start = minutes_from(problems, item.get("from"), f"{where}.from")
        end = minutes_from(problems, item.get("until"), f"{where}.until")
        if days and start is not None and end is not None:
            try:
                windows.append(TimeWindow(days=days, start=start, end=end))
            except CaseworkError:
                problems.add(f"{where}.until", "must be later than from (split a night in two)")
    return tuple(windows)


def days_from(problems: Problems, value: object, where: str) -> frozenset[Day]:
    if not isinstance(value, list) or not value:
        problems.add(where, "must be a list of at least one day")
        return frozenset()
    days = [problems.word(Day, item, f"{where}[{index}]") for index, item in enumerate(value)]
    return frozenset(day for day in days if day is not None)


def minutes_from(problems: Problems, value: object, where: str) -> int | None:
    match = HOURS_MINUTES.fullmatch(value) if isinstance(value, str) else None
    minutes = int(match[1]) * 60 + int(match[2]) if match else None
    if minutes is None or minutes > MINUTES_IN_DAY:
        problems.add(where, "must be a time of day as HH:MM, from 00:00 to 24:00")
        return None
    return minutes


def hours_minutes(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def clock_text(minutes: int) -> str:
    """A time as GOV.UK writes it: 9am, 5:30pm, midday, midnight."""
    if minutes in {0, MINUTES_IN_DAY}:
        return "midnight"
    if minutes == 12 * 60:
        return "midday"
    hour, minute = divmod(minutes, 60)
    suffix = "am" if hour < 12 else "pm"
    hour = hour % 12 or 12
    return f"{hour}{suffix}" if minute == 0 else f"{hour}:{minute:02d}{suffix}"


def days_text(days: frozenset[Day]) -> str:
    """Days as a sentence reads them: "every day", "weekdays", "Monday and Thursday"."""
    if days == frozenset(WEEK):
        return "every day"
    if days == WEEKDAYS:
        return "weekdays"
    if days == WEEKENDS:
        return "weekends"
    names = [day.value.capitalize() for day in WEEK if day in days]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def describe(contact: SafeContact) -> str:
    """The instructions as an officer reads them: "Text message, email; weekdays, 9am to midday.
    Only through their support worker. <their note>"."""
    if contact.only_through_support_worker:
        ways = "Only through their support worker."
    else:
        allowed = [CHANNEL_WORDS[c] for c in Channel if c in contact.channels]
        listed = ", ".join(allowed) or "no way agreed"
        ways = (
            (listed[:1].upper() + listed[1:])  # a sentence's capital, whichever way is first
            + ("; " + "; ".join(w.describe() for w in contact.windows) if contact.windows else "")
            + "."
        )
    return f"{ways} {contact.note}".strip()


CHANNEL_WORDS: Mapping[Channel, str] = {
    Channel.IN_PERSON: "in person",
    Channel.SMS: "text message",
    Channel.EMAIL: "email",
    Channel.LETTER: "letter",
    Channel.PHONE_CALL: "phone call",
}
