"""The recommendations as data (issue 12, item 4): the forces' own marked, and Rec 8's
six-monthly updates falling due from six months after publication."""

from __future__ import annotations

from datetime import date

from safereport.oversight.recommendations import FOR_FORCES, RECOMMENDATIONS, updates_due


def test_the_forces_track_the_recommendations_to_chief_constables() -> None:
    assert [r.id for r in FOR_FORCES] == ["rec-1", "rec-4", "rec-5", "rec-8"]
    assert {r.recipients for r in RECOMMENDATIONS if not r.for_forces} == {
        "The Home Office",
        "The National Police Chiefs' Council",
    }


def test_updates_fall_due_every_six_months_from_june_2021() -> None:
    assert updates_due(date(2021, 6, 16)) == []
    assert updates_due(date(2022, 12, 17)) == [
        date(2021, 6, 17),
        date(2021, 12, 17),
        date(2022, 6, 17),
        date(2022, 12, 17),
    ]
