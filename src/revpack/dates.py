"""Dates as written in notes: text in, a span of fractional years out.

Accepted forms (they stay text on the page; this only places them in time):

- ``1924``        the year
- ``1924-01``     a month (two digits 01-12)
- ``1924-01-21``  a day
- ``1931-33`` or ``1931-1933``   a span of years (two digits above 12, or four digits)
- ``1930s``       a decade
"""

from __future__ import annotations

import datetime
import re

FORMS = "'1924', '1924-01', '1924-01-21', '1931-33', '1931-1933' or '1930s'"

_YEAR = re.compile(r"^(\d{4})$")
_MONTH_OR_SPAN = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_LONG_SPAN = re.compile(r"^(\d{4})-(\d{4})$")
_DECADE = re.compile(r"^(\d{3}0)s$")


def parse_date(text: str) -> tuple[float, float] | None:
    """(start, end) in fractional years for a date in one of the accepted forms, else None."""
    text = text.strip()
    if m := _YEAR.match(text):
        year = int(m[1])
        return float(year), year + 1.0
    if m := _MONTH_OR_SPAN.match(text):
        year, two = int(m[1]), int(m[2])
        if 1 <= two <= 12:
            return year + (two - 1) / 12, year + two / 12
        end = year // 100 * 100 + two
        return (float(year), end + 1.0) if end > year else None
    if m := _DAY.match(text):
        try:
            day = datetime.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
        length = 366 if day.year % 4 == 0 and (day.year % 100 or day.year % 400 == 0) else 365
        doy = day.timetuple().tm_yday
        return day.year + (doy - 1) / length, day.year + doy / length
    if m := _LONG_SPAN.match(text):
        start, end = int(m[1]), int(m[2])
        return (float(start), end + 1.0) if end > start else None
    if m := _DECADE.match(text):
        decade = int(m[1])
        return float(decade), decade + 10.0
    return None
