"""Which packages form a series: the reports on one plan (same municipality code and plan
id), in the order of their fiscal years.

The one grouping of the project: `release`, `publish` and `site` use it when given several
packages, and the series check of `validate` (model/series.py) groups its members with it;
the series' own checks (shared facts agree, no year twice) belong to validation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TypeVar

from plan_progress.model.tables import Tables

T = TypeVar("T")


@dataclass(frozen=True, order=True)
class SeriesPlace:
    """Where one report stands: its plan, then its order within the plan's series."""

    municipality_code: str
    plan_id: str
    # The plan published on its own (no report) comes first, as the plan comes before its
    # reports; a report without a fiscal year sorts after those with one (never guessed).
    reported: bool
    no_year: bool
    fiscal_year: int
    fiscal_year_end: int
    report_id: str

    @property
    def plan(self) -> tuple[str, str]:
        return self.municipality_code, self.plan_id


def place_of(tables: Tables) -> SeriesPlace | None:
    """The place of a package's report, or None for a package without a report (a plan
    published on its own is in no series of reports)."""
    reports = tables.get("reports") or []
    if len(reports) != 1:
        return None
    report = reports[0]
    plan = next((p for p in tables["plans"] if p["plan_id"] == report["plan_id"]), None)
    if plan is None:
        return None
    year = report["fiscal_year"]
    return SeriesPlace(
        str(plan["municipality_code"]),
        str(plan["plan_id"]),
        True,
        year is None,
        int(year or 0),
        int(report["fiscal_year_end"] or year or 0),
        str(report["report_id"]),
    )


def group(items: Sequence[T], place: Callable[[T], SeriesPlace | None]) -> list[list[T]]:
    """The items grouped by plan, each group in series order; groups in the order their
    first item was given. Items without a place stand alone."""
    groups: dict[object, list[tuple[SeriesPlace | None, int, T]]] = {}
    for index, item in enumerate(items):
        where = place(item)
        key: object = where.plan if where is not None else ("alone", index)
        groups.setdefault(key, []).append((where, index, item))
    # Within a plan's group every item has a place; ties keep the order given.
    return [
        [item for _, _, item in sorted(members, key=lambda m: (m[0] or _NOWHERE, m[1]))]
        for members in groups.values()
    ]


_NOWHERE = SeriesPlace("", "", True, True, 0, 0, "")


def repeated_years(places: Sequence[SeriesPlace | None]) -> list[tuple[int, int]]:
    """Index pairs of consecutive reports of one series (in series order) that claim the same
    fiscal year: their order, and so every previous-year link, would be arbitrary."""
    out = []
    for i, (before, after) in enumerate(pairwise(places)):
        if (
            before is not None
            and after is not None
            and not before.no_year
            and before.plan == after.plan
            and (before.fiscal_year, before.fiscal_year_end)
            == (after.fiscal_year, after.fiscal_year_end)
        ):
            out.append((i, i + 1))
    return out
