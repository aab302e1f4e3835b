"""Danish bank days: the days a domestic transfer can be executed.

Public holidays come from the ``holidays`` package's calendar for Denmark, which follows the
law as it changes (Store Bededag is a working day from 2024 on). Danish banks also close on
the days Danmarks Nationalbank does not settle payments: Constitution Day (5 June), Christmas
Eve, New Year's Eve and the Friday after Ascension Day. Saturdays and Sundays are never
bank days.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

#: A bounded search: no run of closed days is anywhere near this long.
MAX_CLOSED_DAYS = 14
ASCENSION_AFTER_EASTER = dt.timedelta(days=39)


def easter_sunday(year: int) -> dt.date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    golden = year % 19
    century, years = divmod(year, 100)
    leap_centuries, century_rest = divmod(century, 4)
    correction = (century + 8) // 25
    moon = (century - correction + 1) // 3
    epact = (19 * golden + century - leap_centuries - moon + 15) % 30
    leap_years, year_rest = divmod(years, 4)
    weekday = (32 + 2 * century_rest + 2 * leap_years - epact - year_rest) % 7
    shift = (golden + 11 * epact + 22 * weekday) // 451
    month, day = divmod(epact + weekday - 7 * shift + 114, 31)
    return dt.date(year, month, day + 1)


@cache
def _closed_days(year: int) -> frozenset[dt.date]:
    import holidays

    public = holidays.country_holidays("DK", years=year, categories=("public",))
    closing = {
        dt.date(year, 6, 5),
        dt.date(year, 12, 24),
        dt.date(year, 12, 31),
        easter_sunday(year) + ASCENSION_AFTER_EASTER + dt.timedelta(days=1),
    }
    return frozenset(public) | frozenset(closing)


def is_bank_day(day: dt.date) -> bool:
    """True when Danish banks execute domestic transfers on ``day``."""
    return day.weekday() < 5 and day not in _closed_days(day.year)


def next_bank_day(after: dt.date) -> dt.date:
    """The first bank day after ``after`` (never ``after`` itself)."""
    day = after
    for _ in range(MAX_CLOSED_DAYS):
        day += dt.timedelta(days=1)
        if is_bank_day(day):
            return day
    raise ValueError(f"no bank day within {MAX_CLOSED_DAYS} days after {after.isoformat()}")
