"""Next fiscal year's draft from last year's package (`plan-progress new --from`).

Each source table is either the plan's (copied exactly: the plan, its structure, the actors,
the grade scale's levels) or the year's (emptied, or reduced to the rows staff fill in again:
one entry per initiative x actor, one grade per graded subject, with the texts, codes and
printed labels empty). The decision is written per table in `TABLE_ROLES` and explained in
docs/next-year.md. Nothing is invented: the new fiscal year (last + 1) and the report id
derived from it are the only new values; every printed text of the year is left empty.
"""

from __future__ import annotations

import copy
import csv
import datetime
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

from plan_progress.core import standard
from plan_progress.core.atomic_files import WriteFailed
from plan_progress.core.csv_text import csv_bytes
from plan_progress.core.package import DESCRIPTOR, SOURCE_TABLES, PlanPackage
from plan_progress.core.paths import PathRefused, within
from plan_progress.model.scaffold import PLACEHOLDER_DESCRIPTION, PLACEHOLDER_TITLE, write_tree

Row = dict[str, str]
_NEXT_SUFFIX = re.compile(r"-next-fy[0-9]+$")

# What each source table is: "plan" (copied exactly), "report" (rows rewritten for the new
# report: new report id, the year's values emptied), "skeleton" (rows of last year's fiscal
# year become empty rows of the new one) or "year" (no row kept).
TABLE_ROLES: dict[str, str] = {
    "plans": "plan",
    "actors": "plan",
    "plan-authors": "plan",
    "confirmation-bodies": "plan",
    "basic-goals": "plan",
    "goal-lists": "plan",
    "initiatives": "plan",
    "initiative-goals": "plan",
    "departments": "plan",
    "responsibilities": "plan",
    "plan-revisions": "plan",
    "grade-levels": "plan",
    "reports": "report",
    "grade-scales": "report",
    "indicators": "report",
    "indicator-values": "report",
    "progress-entries": "skeleton",
    "grades": "skeleton",
    "grade-counts": "year",
    "report-notes": "year",
}
assert set(TABLE_ROLES) == set(SOURCE_TABLES)

# Columns of "report" tables that belong to the year: emptied in the draft.
_YEARLY_COLUMNS = {
    "reports": (
        "title",
        "status",
        "confirmed_by",
        "confirmation_date",
        "confirmation_date_label",
        "footnote",
        "source_media_type",
        "source_url",
        "fiscal_year_label",
        "publication_date",
        "publication_date_label",
    ),
    "grade-scales": ("assessment_date", "assessment_date_label"),
    "indicators": (
        "current_value",
        "current_fiscal_year",
        "current_fiscal_year_label",
        "current_status",
        "current_text",
        "current_heading",
        "current_mark",
    ),
    "indicator-values": ("actual_value", "actual_status", "actual_text"),
    "progress-entries": ("progress", "issue", "fiscal_year_label"),
    "grades": ("code", "reason", "value", "fiscal_year_label"),
}
# The subject a grade is about: a grade of the new year is made for each of last year's.
GRADE_SUBJECT = ("scale_id", "goal_id", "initiative_id", "actor_id", "indicator_id", "plan_id")
ENTRY_SUBJECT = ("initiative_id", "actor_id")


class NoFiscalYear(ValueError):
    """Last year's package says no fiscal year to follow (and none was given)."""


class YearNotAfter(ValueError):
    """The fiscal year given is not after last year's."""

    def __init__(self, given: int, last: int) -> None:
        super().__init__(f"{given} <= {last}")
        self.given, self.last = given, last


@dataclass(frozen=True)
class Previous:
    """Where last year's package is, and which report it holds (kept in the draft's
    descriptor as `planProgress.previous`)."""

    path: str  # relative to the draft's directory: "../NAME"
    report_id: str
    fiscal_year: int | None

    def as_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {"path": self.path, "reportId": self.report_id}
        if self.fiscal_year is not None:
            found["fiscalYear"] = self.fiscal_year
        return found


def read_table(package: PlanPackage, name: str) -> tuple[list[str], list[Row]]:
    with package.path(name).open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader, [])
        return header, [dict(zip(header, row, strict=False)) for row in reader]


def report_id_for(fiscal_year: int) -> str:
    """The new report's id: derived from its fiscal year alone, so the same draft comes out
    every time (staff may rename it)."""
    return f"fy{fiscal_year}"


def _int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def last_report(tables: dict[str, list[Row]]) -> Row | None:
    reports = tables["reports"]
    return reports[0] if reports else None


def new_fiscal_year(last: Row | None, given: int | None) -> int:
    """last year's fiscal year + 1, or `given` (which must then come after it)."""
    last_year = _int(last.get("fiscal_year", "")) if last else None
    if given is not None:
        if last_year is not None and given <= last_year:
            raise YearNotAfter(given, last_year)
        return given
    if last_year is None:
        raise NoFiscalYear()
    return last_year + 1


def _of_last_year(row: Row, last_year: int | None) -> bool:
    """A row about last year's report's own year (a row restating an earlier year is the
    earlier report's, and the new report restates it only if it prints it)."""
    year = row.get("fiscal_year", "")
    return year == "" or last_year is None or _int(year) == last_year


@cache
def _standard_columns(table: str) -> frozenset[str]:
    return frozenset(f["name"] for f in standard.table_schema(table)["fields"])


def _blank(row: Row, table: str) -> Row:
    """`row` with the year's columns emptied; a profile's own columns too (whether a page
    number or a note is the plan's or the year's is not known, so none is carried over)."""
    standard_columns = _standard_columns(table)
    yearly = _YEARLY_COLUMNS.get(table, ())
    return {k: ("" if k in yearly or k not in standard_columns else v) for k, v in row.items()}


def _shift_year(text: str) -> str:
    """An ISO date one year later (the end of the next fiscal year), or empty."""
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        return ""
    try:
        return day.replace(year=day.year + 1).isoformat()
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28).isoformat()


def grade_id_for(row: Row, fiscal_year: int, taken: set[str]) -> str:
    """A composed id for the new year's grade of one subject; last year's ids often name
    last year (`area1-h26`), so they are not reused."""
    parts = [row.get(c, "") for c in GRADE_SUBJECT if row.get(c, "")]
    base = "-".join([*parts, f"fy{fiscal_year}"])
    found, n = base, 1
    while found in taken:
        n += 1
        found = f"{base}-{n}"
    taken.add(found)
    return found


def next_tables(
    tables: dict[str, list[Row]], fiscal_year: int, report_id: str
) -> dict[str, list[Row]]:
    """The draft's rows, table by table (`tables`: last year's rows)."""
    last = last_report(tables)
    last_year = _int(last.get("fiscal_year", "")) if last else None
    out: dict[str, list[Row]] = {}
    rewrites: dict[str, Callable[[Row], Row | None]] = {
        "grade-scales": lambda r: {**_blank(r, "grade-scales"), "report_id": report_id},
        "indicators": lambda r: {**_blank(r, "indicators"), "report_id": report_id},
        # Planned values of later years are the plan's; values of past years stay in the
        # reports that printed them.
        "indicator-values": lambda r: (
            _blank(r, "indicator-values")
            if _int(r.get("fiscal_year", "")) is not None
            and (last_year is None or (_int(r["fiscal_year"]) or 0) > last_year)
            else None
        ),
    }
    for name, role in TABLE_ROLES.items():
        rows = tables[name]
        if role == "plan":
            out[name] = [dict(r) for r in rows]
        elif role == "year":
            out[name] = []
        elif name in rewrites:
            out[name] = [new for r in rows if (new := rewrites[name](r)) is not None]
    out["reports"] = [_report_row(last, tables, fiscal_year, report_id)]
    out["progress-entries"] = [
        {
            **_blank(r, "progress-entries"),
            "report_id": report_id,
            "fiscal_year": str(fiscal_year) if r.get("fiscal_year") else "",
        }
        for r in tables["progress-entries"]
        if _of_last_year(r, last_year)
    ]
    taken: set[str] = set()
    out["grades"] = [
        {
            **_blank(r, "grades"),
            "grade_id": grade_id_for(r, fiscal_year, taken),
            "fiscal_year": str(fiscal_year) if r.get("fiscal_year") else "",
        }
        for r in tables["grades"]
        if _of_last_year(r, last_year)
    ]
    return out


def _report_row(
    last: Row | None, tables: dict[str, list[Row]], fiscal_year: int, report_id: str
) -> Row:
    if last is None:  # a plan published on its own: the first report of the plan
        plans = tables["plans"]
        last = {"plan_id": plans[0]["plan_id"] if plans else ""}
    row = {k: ("" if k in _YEARLY_COLUMNS["reports"] else v) for k, v in last.items()}
    row.update(report_id=report_id, fiscal_year=str(fiscal_year))
    if last.get("fiscal_year_end"):
        row["fiscal_year_end"] = _shift_year(last["fiscal_year_end"])
    return row


def next_descriptor(
    descriptor: dict[str, Any], municipality_name: str, fiscal_year: int, previous: Previous
) -> dict[str, Any]:
    """Last year's descriptor with the year's parts replaced: the title and description
    become `new`'s placeholders (release refuses them until staff write the real ones),
    the source documents of last year are dropped, and `previous` says where last year is."""
    made = copy.deepcopy(descriptor)
    # A draft of a draft gets one suffix, not a chain of them.
    base = _NEXT_SUFFIX.sub("", str(descriptor.get("name", "plan-progress")))
    made["name"] = f"{base}-next-fy{fiscal_year}"
    made["title"] = PLACEHOLDER_TITLE.format(name=municipality_name)
    made["description"] = PLACEHOLDER_DESCRIPTION.format(name=municipality_name)
    made["version"] = "0.1.0"  # a new dataset, as `new` starts one
    made.pop("sources", None)
    extension = made.setdefault("planProgress", {})
    catalog = extension.get("catalog")
    if isinstance(catalog, dict):
        # When last year's dataset was issued or modified says nothing of this year's.
        for key in ("issued", "modified"):
            catalog.pop(key, None)
    extension["previous"] = previous.as_json()
    return made


def draft_files(
    package: PlanPackage, previous_path: str, given_year: int | None = None
) -> tuple[dict[str, bytes], int]:
    """Every file of the draft (POSIX relative path -> bytes) and its fiscal year.
    Raises NoFiscalYear or YearNotAfter."""
    headers: dict[str, list[str]] = {}
    tables: dict[str, list[Row]] = {}
    for name in SOURCE_TABLES:
        headers[name], tables[name] = read_table(package, name)
    last = last_report(tables)
    fiscal_year = new_fiscal_year(last, given_year)
    report_id = report_id_for(fiscal_year)
    rows = next_tables(tables, fiscal_year, report_id)
    plans = tables["plans"]
    name = plans[0].get("municipality_name", "") if plans else ""
    last_year = _int(last.get("fiscal_year", "")) if last else None
    previous = Previous(previous_path, last["report_id"] if last else "", last_year)
    descriptor = next_descriptor(package.descriptor, name, fiscal_year, previous)
    files = {DESCRIPTOR: (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode()}
    for table in SOURCE_TABLES:
        header = headers[table]
        files[package.relpath(table)] = csv_bytes(
            header, [[r.get(c, "") for c in header] for r in rows[table]]
        )
    # A profile the package names is part of its checks: the draft needs the same file.
    for relpath in package.descriptor.get("planProgress", {}).get("profiles", []):
        files[relpath] = within(package.root, relpath).read_bytes()
    return files, fiscal_year


def previous_path(target: Path, source: Path) -> str:
    """`source` as the draft at `target` names it: "../NAME[/...]", a folder beside the draft
    (both in the folder of the plan's reports). Raises PathRefused when last year's package
    is elsewhere: a reference that climbs further, or through a link, is never kept."""
    parent = Path(os.path.abspath(target)).parent
    relpath = os.path.relpath(os.path.abspath(source), parent)
    relpath = PurePosixPath(*Path(relpath).parts).as_posix()
    within(parent, relpath)
    return f"../{relpath}"


def resolve_previous(draft_root: Path, reference: str) -> Path:
    """The directory a draft's `planProgress.previous.path` names, confined to the folder
    that holds the draft: "../NAME" only, no link out. Raises PathRefused."""
    if not reference.startswith("../"):
        raise PathRefused("path.outside-package")
    parent = Path(os.path.abspath(draft_root)).parent
    return within(parent, reference[3:])


def write_draft(
    target: Path, package: PlanPackage, given_year: int | None = None
) -> tuple[list[Path], int]:
    """Write the draft at `target` (absent or an empty directory), all files or none.
    Raises PathRefused, NoFiscalYear, YearNotAfter, WriteFailed."""
    reference = previous_path(target, package.root)
    files, fiscal_year = draft_files(package, reference, given_year)
    try:
        write_tree(target, files)
    except OSError as err:
        raise WriteFailed(target, err) from err
    return [target / relpath for relpath in files], fiscal_year
