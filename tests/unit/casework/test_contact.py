"""Safe-contact instructions: nothing is allowed that was not recorded as allowed, each refusal is
a sentence an officer can act on, and the stored shape reads back as it was written."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safereport.casework.contact import (
    Channel,
    Day,
    SafeContact,
    TimeWindow,
    clock_text,
    days_text,
    describe,
    refusal,
)
from safereport.casework.errors import CaseworkError

C, D = Channel, Day
LONDON = ZoneInfo("Europe/London")
WEEKDAYS = frozenset({D.MONDAY, D.TUESDAY, D.WEDNESDAY, D.THURSDAY, D.FRIDAY})
MORNINGS = TimeWindow(days=WEEKDAYS, start=9 * 60, end=12 * 60)
MONDAY = datetime(2026, 1, 5, tzinfo=LONDON)  # a Monday in winter (GMT)
SUMMER_MONDAY = datetime(2026, 7, 6, tzinfo=LONDON)  # a Monday in summer (BST)
EVERY = frozenset(Channel)


def at(day: datetime, hour: int, minute: int = 0) -> datetime:
    return day.replace(hour=hour, minute=minute)


def test_with_nothing_recorded_only_in_person_is_allowed() -> None:
    contact = SafeContact()

    assert refusal(contact, C.IN_PERSON) is None
    assert {
        channel: refusal(contact, channel) for channel in Channel if channel != C.IN_PERSON
    } == {
        C.SMS: "They have not agreed to be contacted by text message.",
        C.EMAIL: "They have not agreed to be contacted by email.",
        C.LETTER: "They have not agreed to be contacted by letter.",
        C.PHONE_CALL: "They have not agreed to be contacted by phone.",
    }


def test_a_channel_recorded_as_allowed_is_allowed_and_one_left_out_is_not() -> None:
    contact = SafeContact(channels=frozenset({C.EMAIL, C.LETTER}))

    assert refusal(contact, C.EMAIL) is None
    assert refusal(contact, C.LETTER) is None
    assert refusal(contact, C.IN_PERSON) == "They have not agreed to be contacted in person."


def test_no_channel_at_all_may_be_recorded() -> None:
    contact = SafeContact(channels=frozenset())

    assert all(refusal(contact, channel) for channel in Channel)


def test_only_through_a_support_worker_refuses_every_direct_channel_first() -> None:
    contact = SafeContact(channels=EVERY, only_through_support_worker=True)

    for channel in Channel:
        assert refusal(contact, channel, at(MONDAY, 10)) == (
            "Only through their support worker: they have asked not to be contacted directly."
        )
    assert refusal(SafeContact(only_through_support_worker=True), C.SMS, None) == refusal(
        contact, C.SMS
    )


def test_inside_a_window_contact_is_allowed() -> None:
    contact = SafeContact(channels=EVERY, windows=(MORNINGS,))

    assert refusal(contact, C.PHONE_CALL, at(MONDAY, 9)) is None
    assert refusal(contact, C.SMS, at(MONDAY, 11, 59)) is None


@pytest.mark.parametrize(
    "moment",
    [at(MONDAY, 8, 59), at(MONDAY, 12), at(MONDAY, 18), at(MONDAY.replace(day=10), 10)],
    ids=["before", "at-the-end", "evening", "saturday"],
)
def test_outside_every_window_contact_is_refused_saying_when(moment: datetime) -> None:
    contact = SafeContact(channels=EVERY, windows=(MORNINGS,))

    assert refusal(contact, C.SMS, moment) == "Not at this time: weekdays, 9am to midday only."


def test_the_windows_are_london_time_summer_and_winter() -> None:
    contact = SafeContact(channels=EVERY, windows=(MORNINGS,))
    half_past_eight_utc = datetime(2026, 7, 6, 8, 30, tzinfo=UTC)  # 9:30am BST

    assert refusal(contact, C.SMS, half_past_eight_utc) is None
    assert refusal(contact, C.SMS, half_past_eight_utc.replace(month=1, day=5)) is not None
    assert refusal(contact, C.SMS, at(SUMMER_MONDAY, 9, 30)) is None


def test_a_letter_is_not_held_to_the_hours_and_without_a_time_none_is() -> None:
    contact = SafeContact(channels=EVERY, windows=(MORNINGS,))

    assert refusal(contact, C.LETTER, at(MONDAY, 23)) is None
    assert refusal(contact, C.SMS, None) is None


def test_any_window_will_do_and_the_refusal_names_them_all() -> None:
    evenings = TimeWindow(days=frozenset({D.SATURDAY}), start=18 * 60, end=24 * 60)
    contact = SafeContact(channels=EVERY, windows=(MORNINGS, evenings))

    assert refusal(contact, C.EMAIL, at(MONDAY.replace(day=10), 19)) is None
    assert refusal(contact, C.EMAIL, at(MONDAY, 19)) == (
        "Not at this time: weekdays, 9am to midday or Saturday, 6pm to midnight only."
    )


def test_a_naive_time_is_a_mistake_not_a_time() -> None:
    with pytest.raises(ValueError, match="aware"):
        refusal(SafeContact(), C.SMS, datetime(2026, 1, 5, 10))  # noqa: DTZ001 - the point


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (0, "midnight"),
        (9 * 60, "9am"),
        (9 * 60 + 30, "9:30am"),
        (12 * 60, "midday"),
        (12 * 60 + 15, "12:15pm"),
        (17 * 60 + 30, "5:30pm"),
        (24 * 60, "midnight"),
    ],
)
def test_times_are_written_as_gov_uk_writes_them(minutes: int, text: str) -> None:
    assert clock_text(minutes) == text


@pytest.mark.parametrize(
    ("days", "text"),
    [
        (frozenset(Day), "every day"),
        (WEEKDAYS, "weekdays"),
        (frozenset({D.SATURDAY, D.SUNDAY}), "weekends"),
        (frozenset({D.THURSDAY}), "Thursday"),
        (frozenset({D.FRIDAY, D.MONDAY}), "Monday and Friday"),
        (frozenset({D.WEDNESDAY, D.MONDAY, D.SUNDAY}), "Monday, Wednesday and Sunday"),
    ],
)
def test_days_are_written_in_the_order_of_the_week(days: frozenset[Day], text: str) -> None:
    assert days_text(days) == text


@pytest.mark.parametrize(
    ("days", "start", "end"),
    [(frozenset(), 0, 60), (WEEKDAYS, 60, 60), (WEEKDAYS, 120, 60), (WEEKDAYS, 0, 24 * 60 + 1)],
)
def test_a_window_needs_a_day_and_an_end_later_the_same_day(
    days: frozenset[Day], start: int, end: int
) -> None:
    with pytest.raises(CaseworkError):
        TimeWindow(days=days, start=start, end=end)


def test_the_old_free_text_is_kept_and_read_as_permission_for_nothing_but_in_person() -> None:
    contact = SafeContact.from_legacy_text("Text first; never leave a voicemail.")

    assert contact == SafeContact(note="Text first; never leave a voicemail.")
    assert refusal(contact, C.SMS) == "They have not agreed to be contacted by text message."
    assert refusal(contact, C.IN_PERSON) is None
    assert SafeContact.from_legacy_text("") == SafeContact()


def test_the_stored_shape() -> None:
    contact = SafeContact(
        channels=frozenset({C.SMS, C.IN_PERSON}),
        windows=(MORNINGS,),
        note="Her sister's phone.",
    )

    assert contact.as_json() == {
        "version": 1,
        "channels": ["in_person", "sms"],
        "windows": [
            {
                "days": ["monday", "tuesday", "wednesday", "thursday", "friday"],
                "from": "09:00",
                "until": "12:00",
            }
        ],
        "only_through_support_worker": False,
        "note": "Her sister's phone.",
    }
    assert SafeContact.from_json(json.dumps(contact.as_json())) == contact


GOOD = SafeContact(windows=(MORNINGS,)).as_json()
WINDOW = GOOD["windows"][0]  # type: ignore[index]
BAD = [
    ({**GOOD, "version": 2}, "version", "must be 1"),
    ({k: v for k, v in GOOD.items() if k != "version"}, "version", "must be 1"),
    ({**GOOD, "channels": "sms"}, "channels", "must be a list"),
    ({**GOOD, "channels": ["sms", "pigeon"]}, "channels[1]", "must be one of in_person, sms"),
    ({**GOOD, "windows": None}, "windows", "must be a list"),
    ({**GOOD, "windows": ["mornings"]}, "windows[0]", "must be an object"),
    ({**GOOD, "windows": [{**WINDOW, "days": []}]}, "windows[0].days", "must be a list of at"),
    ({**GOOD, "windows": [{**WINDOW, "days": ["funday"]}]}, "windows[0].days[0]", "must be one"),
    ({**GOOD, "windows": [{**WINDOW, "from": "9am"}]}, "windows[0].from", "must be a time"),
    ({**GOOD, "windows": [{**WINDOW, "until": "24:30"}]}, "windows[0].until", "must be a time"),
    ({**GOOD, "windows": [{**WINDOW, "until": "08:00"}]}, "windows[0].until", "must be later"),
    ({**GOOD, "windows": [{**WINDOW, "tz": "UTC"}]}, "windows[0].tz", "is not a field"),
    ({**GOOD, "only_through_support_worker": "no"}, "only_through_support_worker", "must be"),
    ({**GOOD, "note": None}, "note", "must be text"),
    ({**GOOD, "chanels": ["sms"]}, "chanels", "is not a field"),
]


@pytest.mark.parametrize(("data", "field", "why"), BAD, ids=[f for _, f, _ in BAD])
def test_each_problem_of_a_stored_shape_is_named(
    data: dict[str, object], field: str, why: str
) -> None:
    with pytest.raises(CaseworkError) as error:
        SafeContact.from_json(data)

    assert list(error.value.fields) == [field]
    assert error.value.fields[field].startswith(why)


@pytest.mark.parametrize("data", ["{", b"[]", "7"])
def test_a_stored_shape_that_is_not_a_json_object_is_refused(data: str | bytes) -> None:
    with pytest.raises(CaseworkError, match="JSON"):
        SafeContact.from_json(data)


windows = st.builds(
    lambda days, bounds: TimeWindow(days=days, start=min(bounds), end=max(bounds)),
    st.frozensets(st.sampled_from(Day), min_size=1),
    st.sets(st.integers(min_value=0, max_value=24 * 60), min_size=2, max_size=2),
)
contacts = st.builds(
    SafeContact,
    channels=st.frozensets(st.sampled_from(Channel)),
    windows=st.lists(windows, max_size=3).map(tuple),
    only_through_support_worker=st.booleans(),
    note=st.text(),
)


@given(contacts)
def test_instructions_read_back_as_they_were_written(contact: SafeContact) -> None:
    assert SafeContact.from_json(contact.as_json()) == contact
    assert SafeContact.from_json(json.dumps(contact.as_json())) == contact


@given(contacts, st.sampled_from(Channel), st.datetimes(timezones=st.just(UTC)))
def test_a_channel_not_recorded_or_not_direct_is_never_allowed(
    contact: SafeContact, channel: Channel, moment: datetime
) -> None:
    if channel not in contact.channels or contact.only_through_support_worker:
        assert refusal(contact, channel, moment) is not None
        assert refusal(contact, channel) is not None


@pytest.mark.parametrize(
    ("contact", "words"),
    [
        (SafeContact(), "In person."),
        (
            SafeContact(channels=frozenset({Channel.SMS, Channel.EMAIL}), note="Her own phone"),
            "Text message, email. Her own phone",
        ),
        (
            SafeContact(
                channels=frozenset({Channel.SMS}),
                windows=(TimeWindow(WEEKDAYS, 9 * 60, 12 * 60),),
            ),
            "Text message; weekdays, 9am to midday.",
        ),
        (SafeContact(channels=frozenset()), "No way agreed."),
        (SafeContact(only_through_support_worker=True), "Only through their support worker."),
    ],
)
def test_instructions_read_as_a_sentence_whichever_way_comes_first(
    contact: SafeContact, words: str
) -> None:
    assert describe(contact) == words
