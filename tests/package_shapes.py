"""Small packages of every shape a real record may take, written from a few rows.

`write_package(dir, tables)` writes a standard package whose tables hold exactly the rows
given (each a dict of column -> text); every other table is empty. `MINIMAL` is the smallest
valid base: one plan, one report, nothing else, to which a shape adds its rows.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from plan_progress.core.csv_text import csv_bytes
from plan_progress.core.package import DESCRIPTOR, SOURCE_TABLES
from plan_progress.core.standard import table_schema
from plan_progress.model.scaffold import descriptor

Rows = dict[str, list[dict[str, str]]]

CODE, NAME = "131016", "千代田区"  # a real code with a valid check digit; the data is made up

MINIMAL: Rows = {
    "plans": [
        {"plan_id": "p", "title": "形のテスト用の計画", "municipality_code": CODE,
         "municipality_name": NAME}
    ],
    "reports": [{"report_id": "r", "plan_id": "p", "title": "形のテスト用の報告"}],
}  # fmt: skip


def shape(**tables: list[dict[str, str]]) -> Rows:
    """MINIMAL with some tables' rows added (a table named with a leading `_` replaces)."""
    rows = copy.deepcopy(MINIMAL)
    for name, added in tables.items():
        name = name.replace("_", "-")
        if name.startswith("-"):
            rows[name[1:]] = list(added)
        else:
            rows.setdefault(name, []).extend(added)
    return rows


def own_plan(tables: Rows, plan_id: str) -> Rows:
    """The rows with MINIMAL's plan `p` renamed: packages of one plan id (and one code) are
    one plan's series of reports, checked together by `validate` (model.series), so shapes
    validated side by side each need a plan of their own."""
    columns = ("plan_id", "parent_plan_id")
    return {
        name: [{c: plan_id if c in columns and v == "p" else v for c, v in row.items()}
               for row in rows]
        for name, rows in tables.items()
    }  # fmt: skip


def write_package(root: Path, tables: Rows, extra: dict[str, Any] | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    package = descriptor(CODE, NAME)
    package["title"] = "形のテスト / Shape test"
    package.update(extra or {})
    (root / DESCRIPTOR).write_text(
        json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    for name in SOURCE_TABLES:
        header = [f["name"] for f in table_schema(name)["fields"]]
        unknown = {c for row in tables.get(name, []) for c in row} - set(header)
        assert not unknown, (name, unknown)
        rows = [[row.get(c, "") for c in header] for row in tables.get(name, [])]
        path = root / "data" / f"{name}.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(csv_bytes(header, rows))
    return root
