"""`migrate`: bring a package made for an earlier version of the standard up to this one.

From 0.1 to 0.2 (docs/migration-0.2.md) and from 0.2 to 0.3 (docs/migration-0.3.md) no value
changes meaning, so the data stays as it is; one run takes a 0.1 package to 0.3:
- every table's Table Schema in `datapackage.json` becomes this version's (with the package's
  profiles' columns), and `planProgress.standardVersion` this version;
- the tables that are new (0.2: `initiative-goals`, `grade-counts`, `report-notes`; 0.3:
  `plan-revisions`) are added to the descriptor, each with a header-only CSV file;
- every source CSV gains the columns 0.2 adds (after those of 0.1, so no column moves), empty;
  except `scale_type` of `grade-scales.csv`, now required, which is `ordinal` on every row: in
  0.1 every level had a rank (1 the best), which is what an ordinal scale is.
What 0.3 changes otherwise (entry IRIs under their report, numbers no longer required, a plan
without a report) needs no edit of the data: `build` makes the new IRIs.
Everything is written at once (or nothing is); a package already at this version is left
untouched.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from plan_progress.core.atomic_files import write_all
from plan_progress.core.package import DESCRIPTOR, FLAT_TABLE, SOURCE_TABLES, PlanPackage
from plan_progress.core.paths import PathRefused, refusal, within
from plan_progress.core.problems import InvalidPackage, Problem
from plan_progress.core.standard import standard_resources, table_schema
from plan_progress.core.version import __version__
from plan_progress.model.profiles import expected_table_schema, load_profiles

SCHEMA_TABLES = (*SOURCE_TABLES, FLAT_TABLE)


def migrate(root: Path) -> list[Path]:
    """Migrate the package at `root` in place; the files written (none when up to date)."""
    package = PlanPackage(root)
    descriptor = package.descriptor  # raises InvalidPackage when unreadable
    if not isinstance(descriptor.get("resources"), list):
        raise InvalidPackage(
            [Problem("package.descriptor", DESCRIPTOR, params={"detail": "no resources list"})]
        )
    profiles = load_profiles(package)
    own = {r.get("name"): r for r in descriptor["resources"] if isinstance(r, dict)}
    contents: dict[Path, bytes] = {}
    resources = []
    for standard in standard_resources():
        name = standard["name"]
        resource = dict(own.get(name) or standard)
        if name in SCHEMA_TABLES:
            resource["schema"] = expected_table_schema(name, profiles)
        path = _confined(root, resource["path"])
        if name not in own and name in SOURCE_TABLES and not path.exists():
            contents[path] = _header(table_schema(name))  # never over a file that is there
        resources.append(resource)
    standard_names = {r["name"] for r in resources}
    resources += [r for name, r in own.items() if name not in standard_names]
    new = {**descriptor, "resources": resources}
    new["planProgress"] = {**descriptor.get("planProgress", {}), "standardVersion": __version__}
    if new != descriptor:
        contents[root / DESCRIPTOR] = (
            json.dumps(new, ensure_ascii=False, indent=2) + "\n"
        ).encode()
    for name in SOURCE_TABLES:
        if name not in own:
            continue
        path = _confined(root, own[name]["path"])
        columns = [f["name"] for f in expected_table_schema(name, profiles)["fields"]]
        completed = _with_columns(path, columns, FILLED.get(name, {}))
        if completed is not None:
            contents[path] = completed
    changed = {p: d for p, d in contents.items() if not p.is_file() or p.read_bytes() != d}
    write_all(changed)
    return sorted(changed)


def _confined(root: Path, relpath: Any) -> Path:
    """A resource path inside the package (core.paths decides); anything else is refused,
    never written."""
    try:
        return within(root, str(relpath)) if isinstance(relpath, str) else within(root, "")
    except PathRefused as refused:
        raise InvalidPackage([refusal(refused, str(relpath), DESCRIPTOR)]) from None


def _header(schema: dict[str, Any]) -> bytes:
    return (",".join(f["name"] for f in schema["fields"]) + "\n").encode()


# Values a column added by the migration takes on every existing row (empty otherwise).
FILLED = {"grade-scales": {"scale_type": "ordinal"}}


def _with_columns(path: Path, columns: list[str], filled: dict[str, str]) -> bytes | None:
    """The CSV text with every column of `columns` in that order (any other column after them),
    the added ones empty or as `filled` says; None when the file is so already (or cannot be
    read: validation reports that)."""
    try:
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
    if not rows:
        return None
    header = rows[0]
    order = [*columns, *(c for c in header if c not in columns)]
    if header == order:
        return None
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(order)
    for row in rows[1:]:
        cells = dict(zip(header, row, strict=False))
        writer.writerow(
            [cells[c] if c in cells else filled.get(c, "") for c in order] if row else row
        )
    return out.getvalue().encode()
