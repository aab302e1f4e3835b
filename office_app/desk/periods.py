"""A statement's period: this month, last month, this school year, and the default.

Parents ask for "last month" or "this school year" far more often than for two dates, so the
statement dialog offers these. A school year runs from 1 August to 31 July. On the first days
of a month this month has barely begun, so the default is then the whole previous month.
"""

from __future__ import annotations

import datetime as dt

#: Up to this day of a month, the default period is the previous month.
EARLY_DAYS = 5
#: The month a school year starts in (1 August).
SCHOOL_YEAR_MONTH = 8

Period = tuple[dt.date, dt.date]


def this_month(today: dt.date) -> Period:
    """From the first of ``today``'s month to ``today``."""
    return today.replace(day=1), today


def last_month(today: dt.date) -> Period:
    """The whole month before ``today``'s."""
    last = today.replace(day=1) - dt.timedelta(days=1)
    return last.replace(day=1), last


def school_year(today: dt.date) -> Period:
    """From the 1 August that began ``today``'s school year to ``today``."""
    year = today.year if today.month >= SCHOOL_YEAR_MONTH else today.year - 1
    return dt.date(year, SCHOOL_YEAR_MONTH, 1), today


def default_period(today: dt.date) -> Period:
    """This month so far, or the previous month on the first days of a month."""
    return last_month(today) if today.day <= EARLY_DAYS else this_month(today)
