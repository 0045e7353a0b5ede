"""和暦 (Japanese era) dates and fiscal years, read into ISO values without guessing.

A date is read only when its era is named (令和, R, 令, …) or its year has four digits; a
date in an era must lie between the era's first and last day (平成31年4月30日 is a date,
H31.5.1 is not: Heisei had ended). A fiscal year is counted in the era's years
(平成32年度 = 2020: plans written before 2019 print it so). Anything else is an error that
says what was expected: two-digit years, dates without a year, unknown eras.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Era:
    name: str
    letter: str
    start: dt.date  # the era's first day (in the Gregorian calendar)


# Japan used the lunisolar calendar until 明治5年12月2日; from 明治6年 (1873) on, a month
# and day are Gregorian. Earlier Meiji dates would need a calendar table: they are refused.
ERAS = (
    Era("明治", "M", dt.date(1868, 1, 25)),
    Era("大正", "T", dt.date(1912, 7, 30)),
    Era("昭和", "S", dt.date(1926, 12, 25)),
    Era("平成", "H", dt.date(1989, 1, 8)),
    Era("令和", "R", dt.date(2019, 5, 1)),
)
GREGORIAN_FROM = dt.date(1873, 1, 1)
_BY_KEY = {key: era for era in ERAS for key in (era.name, era.name[0], era.letter)}
_ERA = "|".join(sorted(_BY_KEY, key=len, reverse=True))
_YEAR = r"(?P<year>[0-9]{1,2}|元)"
# 令和7年3月31日, R7.3.31, R7/3/31, R07-03-31, 令7.3.31 (spaces allowed between parts)
_ERA_DATE = re.compile(
    rf"(?P<era>{_ERA})\.?\s*{_YEAR}\s*(?:年\s*(?P<m1>[0-9]{{1,2}})\s*月\s*(?P<d1>[0-9]{{1,2}})\s*日"
    rf"|[./-]\s*(?P<m2>[0-9]{{1,2}})\s*[./-]\s*(?P<d2>[0-9]{{1,2}}))",
    re.IGNORECASE,
)
# 2025-03-31, 2025/3/31, 2025.3.31, 2025年3月31日
_WESTERN_DATE = re.compile(
    r"(?P<year>[0-9]{4})\s*(?:年\s*(?P<m1>[0-9]{1,2})\s*月\s*(?P<d1>[0-9]{1,2})\s*日"
    r"|(?P<sep>[./-])\s*(?P<m2>[0-9]{1,2})\s*(?P=sep)\s*(?P<d2>[0-9]{1,2}))"
)
# 令和3年度, 令和3年, R3, R3年度, 令和元年度
_ERA_YEAR = re.compile(rf"(?P<era>{_ERA})\.?\s*{_YEAR}\s*(?:年度?)?", re.IGNORECASE)
# 2021, 2021年度, 2021年
_WESTERN_YEAR = re.compile(r"(?P<year>[0-9]{4})\s*(?:年度?)?")

DATE_FORMS = "2025-03-31, 2025/3/31, 2025年3月31日, 令和7年3月31日, R7.3.31"
YEAR_FORMS = "2021, 2021年度, 令和3年度, R3"


class WarekiError(ValueError):
    """Not a date or year that can be read for certain; `ja` and `en` say why."""

    def __init__(self, ja: str, en: str) -> None:
        super().__init__(en)
        self.ja, self.en = ja, en


def _plain(text: str) -> str:
    # Full-width digits and letters (Ｒ７．３．３１) read as their ASCII forms; the text
    # is a date to read, not a text to keep, so NFKC is safe here.
    return unicodedata.normalize("NFKC", text).strip()


def _era(key: str) -> Era:
    return _BY_KEY.get(key) or _BY_KEY[key.upper()]


def _era_year(era: Era, year: str) -> int:
    number = 1 if year == "元" else int(year)
    if number < 1:
        raise WarekiError(
            f"{era.name}{number}年はありません", f"there is no year {number} of {era.name}"
        )
    return era.start.year + number - 1


def _end(era: Era) -> dt.date | None:
    later = ERAS.index(era) + 1
    return ERAS[later].start - dt.timedelta(days=1) if later < len(ERAS) else None


def _day(year: int, month: str, day: str) -> dt.date:
    try:
        return dt.date(year, int(month), int(day))
    except ValueError:
        raise WarekiError(
            f"{year}年{int(month)}月{int(day)}日は実在しない日付です",
            f"{year}-{int(month):02d}-{int(day):02d} is not a real date",
        ) from None


def parse_date(text: str) -> tuple[dt.date, bool]:
    """(the date, whether it was written in an era). Raises WarekiError."""
    plain = _plain(text)
    match = _WESTERN_DATE.fullmatch(plain)
    if match:
        return _day(
            int(match["year"]), match["m1"] or match["m2"], match["d1"] or match["d2"]
        ), False
    match = _ERA_DATE.fullmatch(plain)
    if not match:
        raise WarekiError(
            f"確実に読める日付の形ではありません（年のない日付・2桁の年は読みません。例：{DATE_FORMS}）",
            f"not a date that can be read for certain (no year, or a two-digit year; e.g. {DATE_FORMS})",
        )
    era = _era(match["era"])
    date = _day(
        _era_year(era, match["year"]), match["m1"] or match["m2"], match["d1"] or match["d2"]
    )
    end = _end(era)
    if date < era.start:
        raise WarekiError(
            f"{era.name}は {era.start.isoformat()} からです（{date.isoformat()} は{era.name}ではありません）",
            f"{era.name} ({era.letter}) began on {era.start.isoformat()}, after {date.isoformat()}",
        )
    if end is not None and date > end:
        raise WarekiError(
            f"{era.name}は {end.isoformat()} までです（{date.isoformat()} は{era.name}ではありません）",
            f"{era.name} ({era.letter}) ended on {end.isoformat()}, before {date.isoformat()}",
        )
    if date < GREGORIAN_FROM:
        raise WarekiError(
            "明治5年までの日付は旧暦のため変換しません",
            "dates before 1873 are in the lunisolar calendar and are not converted",
        )
    return date, True


def parse_fiscal_year(text: str) -> tuple[int, bool]:
    """(the fiscal year as a Western year, whether it was written in an era). A fiscal year
    N runs from April N to March N+1. Raises WarekiError."""
    plain = _plain(text)
    match = _WESTERN_YEAR.fullmatch(plain)
    if match:
        return int(match["year"]), False
    match = _ERA_YEAR.fullmatch(plain)
    if not match:
        raise WarekiError(
            f"確実に読める年度の形ではありません（元号のない2桁の年などは読みません。例：{YEAR_FORMS}）",
            f"not a fiscal year that can be read for certain (e.g. {YEAR_FORMS})",
        )
    era = _era(match["era"])
    return _era_year(era, match["year"]), True
