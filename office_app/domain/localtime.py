"""The school's calendar: the clock everything below the command line is given, Copenhagen's
local day and its bounds.

Nothing in the product reads the wall clock except ``wall_clock``, which only the command
line's entry points hand down; every other part takes a ``Clock`` as a parameter, so a test
(or a replay) decides what time it is. A local day is a calendar day in Europe/Copenhagen:
it is 23 hours long on the last Sunday of March and 25 hours on the last Sunday of October.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

#: The school's time zone: daily caps, day ends, statements and receipts count by it.
LOCAL = ZoneInfo("Europe/Copenhagen")

#: What time it is now, as an aware datetime (any zone; compare and store it in UTC).
Clock = Callable[[], dt.datetime]


def wall_clock() -> dt.datetime:
    """The real time, in UTC: the one place the product reads the computer's clock."""
    return dt.datetime.now(dt.UTC)


def local_date(moment: dt.datetime) -> dt.date:
    """The calendar day in Copenhagen at ``moment`` (an aware datetime)."""
    return moment.astimezone(LOCAL).date()


def local_today(clock: Clock) -> dt.date:
    """Today in Copenhagen by ``clock``."""
    return local_date(clock())


def day_start(day: dt.date) -> dt.datetime:
    """Local midnight at the start of ``day``, in UTC."""
    return dt.datetime.combine(day, dt.time(), LOCAL).astimezone(dt.UTC)


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The UTC instants [start, end) of the local calendar day ``day``."""
    return day_start(day), day_start(day + dt.timedelta(days=1))


def period_bounds(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The UTC instants [start, end) from the start of ``first`` to the end of ``last``."""
    return day_start(first), day_start(last + dt.timedelta(days=1))


def month_to_date(today: dt.date) -> tuple[dt.date, dt.date]:
    """From the first of ``today``'s month to ``today``: a statement's default period."""
    return today.replace(day=1), today


def local_time(moment: dt.datetime) -> dt.datetime:
    """``moment`` as Copenhagen's wall time, for showing and printing."""
    return moment.astimezone(LOCAL)
