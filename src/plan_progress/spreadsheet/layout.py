"""What the template and the import agree on: which tables, which columns, which rows.

Each table sheet has two header rows: row 1 the Japanese title of each column (what people
read), row 2 the column's machine name (what the import reads). Data starts on row 3.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from plan_progress.core import standard
from plan_progress.core.package import SOURCE_TABLES

TITLE_ROW, NAME_ROW, FIRST_DATA_ROW = 1, 2, 3
INFO_SHEET = "使い方"
# Sheets the template adds besides the tables; the import skips exactly these.
NON_TABLE_SHEETS = frozenset({INFO_SHEET})
# Columns of last year's values beside a draft's rows (`template` on a draft made by
# `new --from`): their machine name is this prefix and a word, which no table column can
# have (column names are snake_case), so the import knows them and never reads them.
REFERENCE_PREFIX = "previous:"


def is_reference(label: str) -> bool:
    return label.startswith(REFERENCE_PREFIX)


# A fixed-length digit code (municipality code, corporate number): the columns whose
# leading zeros a spreadsheet destroys when it takes the code for a number.
_DIGIT_CODE = re.compile(r"\^\[0-9\]\{(?P<n>[0-9]+)\}\$")


@dataclass(frozen=True)
class Column:
    name: str
    spec: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def type(self) -> str:
        return str(self.spec.get("type", "string"))

    @property
    def constraints(self) -> dict[str, Any]:
        return dict(self.spec.get("constraints", {}))

    @property
    def required(self) -> bool:
        return bool(self.constraints.get("required"))

    @property
    def enum(self) -> list[str]:
        return [str(v) for v in self.constraints.get("enum", [])]

    @property
    def title_ja(self) -> str:
        """The Japanese part of the title "日本語 / English"; the name when there is none."""
        title = str(self.spec.get("title", "")).partition(" / ")[0].strip()
        return title or self.name

    @property
    def digit_code_length(self) -> int | None:
        match = _DIGIT_CODE.fullmatch(str(self.constraints.get("pattern", "")))
        return int(match.group("n")) if match and self.type == "string" else None


@dataclass(frozen=True)
class Table:
    name: str
    path: str
    title: str
    columns: tuple[Column, ...]
    foreign_keys: tuple[dict[str, Any], ...] = ()

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


def tables_from_resources(resources: list[dict[str, Any]]) -> dict[str, Table]:
    """The source tables of a descriptor's resources (generated tables are not edited)."""
    tables = {}
    for resource in resources:
        if resource.get("name") not in SOURCE_TABLES:
            continue
        schema = resource.get("schema", {})
        tables[resource["name"]] = Table(
            name=resource["name"],
            path=str(resource["path"]),
            title=str(resource.get("title", resource["name"])),
            columns=tuple(Column(f["name"], f) for f in schema.get("fields", [])),
            foreign_keys=tuple(schema.get("foreignKeys", [])),
        )
    return tables


def standard_tables() -> dict[str, Table]:
    resources = standard.standard_resources()
    for resource in resources:
        if resource.get("name") in SOURCE_TABLES:
            resource["schema"] = standard.table_schema(resource["name"])
    return tables_from_resources(resources)


@cache
def codelist_titles() -> dict[frozenset[str], dict[str, str]]:
    """Japanese titles of the standard codelists, keyed by their set of codes.

    Table Schemas carry a codelist as an `enum` of its codes; the set of codes finds the
    codelist again, so hints can say 新規 beside `new`.
    """
    titles = {}
    for path in sorted(standard.codelist_dir().glob("*.csv")):
        rows = standard.codelist(path.stem)
        titles[frozenset(r["code"] for r in rows)] = {r["code"]: r["title_ja"] for r in rows}
    return titles


def enum_labels(column: Column) -> dict[str, str]:
    """code -> Japanese title for an enum column (empty titles when no codelist matches).

    The codelist is the one whose codes are exactly the enum's, else the smallest one that
    holds them all (a profile may narrow a codelist); an enum of codes no codelist holds
    (an extension's own) has no titles."""
    enum = frozenset(column.enum)
    lists = codelist_titles()
    titles = lists.get(enum)
    if titles is None:
        holding = [t for codes, t in lists.items() if enum <= codes]
        titles = min(holding, key=len) if enum and holding else {}
    return {code: titles.get(code, "") for code in column.enum}
