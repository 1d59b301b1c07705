"""Dates as written in notes: placed in time, and printed the way people write them.

The YAML keeps the author's form ("1924-01-21"); `parse_date` places it (a `When`: where it
starts and ends, in fractional years) and `human_date` prints it ("21 Jan 1924"). Every view
prints dates through `human_date` (or `event_date`, which honours an event's ``label:``),
and everything that orders dates uses `When.sort_key`, so all pages agree.

Years are astronomical inside (1 BC is year 0, 44 BC is -43), so time runs one way across
the BC/AD line. The accepted forms, each with its printed form and its place:

=====================  ===================  ============================================
written                printed              placed (start - end)
=====================  ===================  ============================================
``1924``               1924                 the whole year
``800``, ``AD 43``,    800, AD 43,          the whole year (years of 1-2 digits need an
``43 CE``, ``44 BC``   43 CE, 44 BC         era: AD, CE, BC or BCE)
``1924-01``            Jan 1924             the month (two digits, 01-12)
``Jan 1924``           Jan 1924             the same (full or short English month names)
``1924-01-21``         21 Jan 1924          the day
``21 January 1924``    21 Jan 1924          the same
``1931-33``            1931–33              1931 to the end of 1933 (two digits above 12)
``1931-1933``          1931–33              the same; "1911-1912" for a span a month
                                            form would take ("1911-12" is Dec 1911)
``200-100 BC``         200–100 BC           an era on one end counts for both ...
``27 BC-AD 14``        27 BC – AD 14        ... unless the other end has its own
``1930s``              1930s                the ten years 1930-39
``early 1930s``        early 1930s          1930-33; ``mid-1930s`` 1934-36,
                                            ``late 1930s`` 1937-39
``early 1941``         early 1941           Jan-Apr; ``mid-1941`` May-Aug,
                                            ``late 1941`` Sep-Dec
``Spring 1941``        Spring 1941          Mar-May; Summer Jun-Aug, Autumn (or Fall)
                                            Sep-Nov
``Winter 1941-42``     Winter 1941–42       Dec 1941 to the end of Feb 1942 (a winter
                                            names both its years)
``c. 1779``            c. 1779              where the form after "c." places
                                            (also ``c.1779``, ``ca. 1779``, ``circa 1779``)
=====================  ===================  ============================================

Hyphens and en dashes are read alike. The order of dates (`When.sort_key`) is by start;
of two that start together the longer comes first, so a year-only or month-only event
sorts (and is drawn) before the more precise events inside it ("1924", then "Jan 1924",
then "21 Jan 1924"); equal dates keep the order they were written in.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

FORMS = ("'1924', '1924-01', '1924-01-21', 'Jan 1924', '21 Jan 1924', '1931-33', '1930s', 'mid-1930s', "
         "'Summer 1941', 'Winter 1941-42', '44 BC', 'AD 43', '27 BC-AD 14' or 'c. 1779'")

# Every word a printed date uses, by language (BCP 47 code). A new language is one more entry.
WORDS: dict[str, dict[str, tuple[str, ...] | str]] = {
    "en": {
        "months": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
        "seasons": ("Spring", "Summer", "Autumn", "Winter"),
        "parts": ("early", "mid-", "late"),  # "mid-" joins its decade or year: "mid-1930s"
        "circa": "c.",
        "decade": "{0}s",
    },
    "fr": {
        "months": ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."),
        "seasons": ("Printemps", "Été", "Automne", "Hiver"),
        "parts": ("début", "milieu", "fin"),
        "circa": "v.",
        "decade": "années {0}",
    },
    "de": {
        "months": ("Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."),
        "seasons": ("Frühling", "Sommer", "Herbst", "Winter"),
        "parts": ("Anfang", "Mitte", "Ende"),
        "circa": "ca.",
        "decade": "{0}er",
    },
    "es": {
        "months": ("ene.", "feb.", "mar.", "abr.", "may.", "jun.", "jul.", "ago.", "sept.", "oct.", "nov.", "dic."),
        "seasons": ("Primavera", "Verano", "Otoño", "Invierno"),
        "parts": ("principios de", "mediados de", "finales de"),
        "circa": "c.",
        "decade": "años {0}",
    },
    "ru": {
        "months": ("янв.", "февр.", "март", "апр.", "май", "июнь", "июль", "авг.", "сент.", "окт.", "нояб.", "дек."),
        "seasons": ("Весна", "Лето", "Осень", "Зима"),
        "parts": ("начало", "середина", "конец"),
        "circa": "ок.",
        "decade": "{0}-е",
    },
}

# What an author may write (English, case ignored), beside the ISO forms.
_MONTH_NAMES = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTH_NAMES.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTH_NAMES["sept"] = 9
_SEASONS = {"spring": 0, "summer": 1, "autumn": 2, "fall": 2, "winter": 3}
_SEASON_START = (2, 5, 8, 11)  # months (0-based) each season starts: Mar, Jun, Sep, Dec
_PARTS = {"early": 0, "mid": 1, "late": 2}
_DECADE_PARTS = ((0, 4), (4, 7), (7, 10))  # early/mid/late decade: years 0-3, 4-6, 7-9
_YEAR_PARTS = ((0, 4), (4, 8), (8, 12))  # early/mid/late year: months Jan-Apr, May-Aug, Sep-Dec

_DASH = r"\s*[-\u2013]\s*"
_ERA = r"(BCE|BC|AD|CE)"
_CIRCA = re.compile(r"^(?:circa|ca\.|c\.|c(?=\s))\s*(.+)$", re.IGNORECASE)
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_NAMED_DAY = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})$")
_NAMED_MONTH = re.compile(r"^([A-Za-z]+)\.?\s+(\d{4})$")
_YEAR = re.compile(rf"^(?:(AD)\s*(\d{{1,4}})|(\d{{1,4}})(?:\s*{_ERA})?)$", re.IGNORECASE)
_SPAN = re.compile(rf"^(.+?){_DASH}(.+)$")
_DECADE = re.compile(r"^(\d{3}0)s$")
_PART = re.compile(r"^(early|mid|late)(?:\s*-\s*|\s+)(\d{4}|\d{3}0s)$", re.IGNORECASE)
_SEASON = re.compile(rf"^([A-Za-z]+)\s+(\d{{4}})(?:{_DASH}(\d{{2}}|\d{{4}}))?$")


@dataclass(frozen=True)
class Year:
    """One year as written: its number as printed, its era as written ('' when none)."""

    number: int
    era: str = ""  # 'BC', 'BCE', 'AD', 'CE' or ''

    @property
    def astronomical(self) -> int:
        return 1 - self.number if self.era in ("BC", "BCE") else self.number

    def shown(self, era: bool = True) -> str:
        if not era or not self.era:
            return str(self.number)
        return f"AD {self.number}" if self.era == "AD" else f"{self.number} {self.era}"


@dataclass(frozen=True)
class When:
    """Where a date places an event: [start, end) in fractional (astronomical) years, and
    what is needed to print it.

    `kind` is one of day, month, season, part (early/mid/late), year, decade, span."""

    start: float
    end: float
    kind: str
    year: Year
    circa: bool = False
    month: int = 0  # 1-12 for a day or a month
    day: int = 0
    part: int = 0  # a season (0-3) or early/mid/late (0-2)
    last: Year | None = None  # the end of a span (or of a winter)
    of_decade: bool = False  # early/mid/late of a decade, not of a year

    @property
    def sort_key(self) -> tuple[float, float]:
        """Earlier start first; of two that start together, the longer (containing) one first."""
        return (self.start, -self.end)

    def human(self, lang: str = "en") -> str:
        words = WORDS.get(lang, WORDS["en"])
        text = self._bare(words)
        return f"{words['circa']} {text}" if self.circa else text

    def _bare(self, words: dict) -> str:
        y = self.year.shown()
        if self.kind == "day":
            return f"{self.day} {words['months'][self.month - 1]} {y}"
        if self.kind == "month":
            return f"{words['months'][self.month - 1]} {y}"
        if self.kind == "season":
            name = words["seasons"][self.part]
            return f"{name} {y}" if self.last is None else f"{name} {span_text(self.year, self.last)}"
        if self.kind == "decade":
            return str(words["decade"]).format(y)
        if self.kind == "part":
            what = str(words["decade"]).format(y) if self.of_decade else y
            part = words["parts"][self.part]
            return f"{part}{what}" if part.endswith("-") else f"{part} {what}"
        if self.kind == "span" and self.last is not None:
            return span_text(self.year, self.last)
        return y


def span_text(first: Year, last: Year) -> str:
    """'1931–33', '1999–2000', '200–100 BC', '27 BC – AD 14': an en dash between the ends, the
    era once when both share it, the end's century left out when it is the start's."""
    if first.era == last.era or not (first.era and last.era):
        era = first.era or last.era
        end = str(last.number)
        if not era and len(end) == 4 and end[:2] == str(first.number)[:2] and first.number >= 1000:
            end = end[2:]
        if not era:
            return f"{first.number}\u2013{end}"
        if era == "AD":
            return f"AD {first.number}\u2013{last.number}"
        return f"{first.number}\u2013{last.number} {era}"
    return f"{first.shown()} \u2013 {last.shown()}"


def _leap(year: int) -> bool:
    return calendar.isleap(year) if year > 0 else year % 4 == 0


def _day_place(year: int, month: int, day: int) -> tuple[float, float] | None:
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year if year > 0 else 2000, month)[1]:
        return None
    if month == 2 and day == 29 and not _leap(year):
        return None
    length = 366 if _leap(year) else 365
    doy = sum(calendar.monthrange(2000 if _leap(year) else 2001, m)[1] for m in range(1, month)) + day
    return year + (doy - 1) / length, year + doy / length


def _loose(text: str) -> Year | None:
    """A year with or without its era, any number of digits (a span's ends, before they are checked)."""
    m = _YEAR.match(text.strip())
    if not m:
        return None
    return Year(int(m[2]), "AD") if m[1] else Year(int(m[3]), (m[4] or "").upper())


def _year(text: str) -> Year | None:
    year = _loose(text)
    return year if year and _whole(year) else None


def _whole(year: Year) -> bool:
    # "43" alone is too easily a slip: a year of one or two digits names its era.
    return year.number > 0 and (bool(year.era) or year.number >= 100)


def _ends(text: str) -> tuple[Year, Year] | None:
    """The two ends of a span of years, each with its era, as written (not yet checked for order)."""
    m = _SPAN.match(text)
    a, b = (_loose(m[1]), _loose(m[2])) if m else (None, None)
    if a is None or b is None:
        return None
    if not a.era and not b.era and a.number >= 1000 and len(m[2].strip()) == 2:
        b = Year(a.number // 100 * 100 + b.number)  # "1931-33": the end's century is the start's
    elif bool(a.era) != bool(b.era):  # an era on one end counts for both
        a, b = Year(a.number, a.era or b.era), Year(b.number, b.era or a.era)
    return (a, b) if _whole(a) and _whole(b) else None


def _span(text: str) -> When | None:
    ends = _ends(text)
    if ends is None or ends[1].astronomical <= ends[0].astronomical:
        return None
    a, b = ends
    return When(float(a.astronomical), b.astronomical + 1.0, "span", a, last=b)


def _parse(text: str) -> When | None:
    if m := _ISO_DAY.match(text):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
        place = _day_place(year, month, day)
        return When(*place, "day", Year(year), month=month, day=day) if place else None
    if m := _NAMED_DAY.match(text):
        year, month, day = int(m[3]), _MONTH_NAMES.get(m[2].lower(), 0), int(m[1])
        place = _day_place(year, month, day) if month else None
        return When(*place, "day", Year(year), month=month, day=day) if place else None
    if (m := _ISO_MONTH.match(text)) and 1 <= int(m[2]) <= 12:
        year, month = int(m[1]), int(m[2])
        return When(year + (month - 1) / 12, year + month / 12, "month", Year(year), month=month)
    if (m := _NAMED_MONTH.match(text)) and m[1].lower() in _MONTH_NAMES:
        year, month = int(m[2]), _MONTH_NAMES[m[1].lower()]
        return When(year + (month - 1) / 12, year + month / 12, "month", Year(year), month=month)
    if (m := _SEASON.match(text)) and m[1].lower() in _SEASONS:
        season, year = _SEASONS[m[1].lower()], int(m[2])
        first = year + _SEASON_START[season] / 12
        if season == 3:  # a winter runs over the new year: it names both years
            if not m[3] or (int(m[3]) if len(m[3]) == 4 else year // 100 * 100 + int(m[3])) != year + 1:
                return None
            return When(first, first + 0.25, "season", Year(year), part=season, last=Year(year + 1))
        return When(first, first + 0.25, "season", Year(year), part=season) if not m[3] else None
    if m := _DECADE.match(text):
        decade = int(m[1])
        return When(float(decade), decade + 10.0, "decade", Year(decade))
    if m := _PART.match(text):
        part = _PARTS[m[1].lower()]
        if m[2].endswith("s"):
            decade = int(m[2][:-1])
            a, b = _DECADE_PARTS[part]
            return When(float(decade + a), float(decade + b), "part", Year(decade), part=part, of_decade=True)
        year = int(m[2])
        a, b = _YEAR_PARTS[part]
        return When(year + a / 12, year + b / 12, "part", Year(year), part=part)
    if year := _year(text):
        return When(float(year.astronomical), year.astronomical + 1.0, "year", year)
    return _span(text)


def parse_date(text: str) -> When | None:
    """Where `text` places an event (a `When`), or None when it is no accepted form."""
    text = " ".join(text.split())
    circa = _CIRCA.match(text)
    if circa:
        text = circa[1]
    when = _parse(text)
    if when is None:
        return None
    return When(**{**when.__dict__, "circa": bool(circa)})


def human_date(text: str, lang: str = "en") -> str:
    """`text` (a date as written) as a page prints it: '1917-10' -> 'Oct 1917',
    '1931-33' -> '1931–33'. Text that is no accepted form is returned as it is."""
    when = parse_date(text)
    return when.human(lang) if when else text


def year_name(year: int, lang: str = "en") -> str:
    """An astronomical year as a timeline marks it: '1924', 'AD 43', '44 BC'."""
    if year <= 0:
        return Year(1 - year, "BC").shown()
    return Year(year, "AD").shown() if year < 100 else str(year)


def event_date(event, lang: str = "en") -> str:
    """What a page prints for `event`'s date: its ``label`` if it has one, else its human date."""
    return getattr(event, "label", "") or human_date(event.date, lang)


def date_problem(text: str) -> str:
    """Why `text` is not a date revpack can place, as the loader says it."""
    bare = _CIRCA.sub(r"\1", " ".join(text.split()))
    m = _SEASON.match(bare)
    if m and m[1].lower() == "winter" and not m[3]:
        return f"'{text}': a winter runs over the new year; name both years, e.g. 'Winter {m[2]}-{int(m[2][2:]) + 1:02d}'"
    if re.fullmatch(r"\d{1,2}", bare):
        return f"'{text}' is too short for a year; give an early year its era, e.g. 'AD {bare}' or '{bare} BC'"
    if (m := _ISO_DAY.match(bare)) or (m := _NAMED_DAY.match(bare)):
        return f"'{text}': there is no such day"
    if re.fullmatch(r"\d{4}-\d{2}", bare):
        return f"'{text}' is neither a month (01-12) nor a span of years that ends after it starts"
    if (ends := _ends(bare)) and ends[1].astronomical <= ends[0].astronomical:
        return f"'{text}' ends before it starts; write the earlier year first"
    return f"'{text}' is not a date revpack can place; write {FORMS}"
