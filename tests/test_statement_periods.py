"""A statement's period shortcuts at the calendar's edges (office_app.desk.periods)."""

from __future__ import annotations

import datetime as dt

import pytest

from office_app.desk.periods import default_period, last_month, school_year, this_month

D = dt.date


@pytest.mark.parametrize(
    ("today", "month", "previous", "year", "default"),
    [
        (
            D(2027, 1, 1),
            (D(2027, 1, 1), D(2027, 1, 1)),
            (D(2026, 12, 1), D(2026, 12, 31)),
            (D(2026, 8, 1), D(2027, 1, 1)),
            (D(2026, 12, 1), D(2026, 12, 31)),
        ),
        (
            D(2026, 8, 1),
            (D(2026, 8, 1), D(2026, 8, 1)),
            (D(2026, 7, 1), D(2026, 7, 31)),
            (D(2026, 8, 1), D(2026, 8, 1)),
            (D(2026, 7, 1), D(2026, 7, 31)),
        ),
        (
            D(2026, 7, 31),
            (D(2026, 7, 1), D(2026, 7, 31)),
            (D(2026, 6, 1), D(2026, 6, 30)),
            (D(2025, 8, 1), D(2026, 7, 31)),
            (D(2026, 7, 1), D(2026, 7, 31)),
        ),
        (
            D(2028, 2, 29),
            (D(2028, 2, 1), D(2028, 2, 29)),
            (D(2028, 1, 1), D(2028, 1, 31)),
            (D(2027, 8, 1), D(2028, 2, 29)),
            (D(2028, 2, 1), D(2028, 2, 29)),
        ),
        (
            D(2028, 3, 1),
            (D(2028, 3, 1), D(2028, 3, 1)),
            (D(2028, 2, 1), D(2028, 2, 29)),
            (D(2027, 8, 1), D(2028, 3, 1)),
            (D(2028, 2, 1), D(2028, 2, 29)),
        ),
        (
            D(2026, 11, 5),
            (D(2026, 11, 1), D(2026, 11, 5)),
            (D(2026, 10, 1), D(2026, 10, 31)),
            (D(2026, 8, 1), D(2026, 11, 5)),
            (D(2026, 10, 1), D(2026, 10, 31)),
        ),
        (
            D(2026, 11, 6),
            (D(2026, 11, 1), D(2026, 11, 6)),
            (D(2026, 10, 1), D(2026, 10, 31)),
            (D(2026, 8, 1), D(2026, 11, 6)),
            (D(2026, 11, 1), D(2026, 11, 6)),
        ),
    ],
)
def test_each_shortcut_at_a_calendar_edge(
    today: dt.date,
    month: tuple[dt.date, dt.date],
    previous: tuple[dt.date, dt.date],
    year: tuple[dt.date, dt.date],
    default: tuple[dt.date, dt.date],
) -> None:
    assert this_month(today) == month
    assert last_month(today) == previous
    assert school_year(today) == year
    assert default_period(today) == default
