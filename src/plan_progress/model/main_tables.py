"""The main tables for people: one table per subject with Japanese headers, in the convention
of the Digital Agency's 自治体標準オープンデータセット (leading columns 全国地方公共団体コード,
ID, 地方公共団体名), each row joined with everything needed to read it alone.

- 進捗状況 (entries): one row per progress entry; the machine flat table, reordered.
- 評価 (grades): one row per grade, with its item, scale, level label and legend text.
- 指標 (indicators): one row per indicator and fiscal year (baseline, planned, actual, target).

Columns follow the Table Schemas: every column of the row's own tables (new columns, and a
profile's, appear by themselves), and chosen context columns of the tables joined in.
Headers and descriptions come from the schemas' titles ("日本語 / English"); codes become
their codelist's Japanese title and booleans はい / いいえ, since people read these tables.
Grades and indicators exist only when the report has them (`build_main_tables` omits empty
tables).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from plan_progress.core import standard
from plan_progress.model.scope import main_plan
from plan_progress.model.tables import Row, Tables

YES, NO = "はい", "いいえ"
CODE, ID, NAME = "全国地方公共団体コード", "ID", "地方公共団体名"
# Source titles too generic to stand alone once tables are joined: the join's noun goes first.
GENERIC_TITLES = {"番号", "名称", "略称", "記号", "順位"}


@dataclass(frozen=True)
class MainField:
    """One column: its Japanese header (the CSV's header) and what the schemas say of it."""

    name: str
    title_en: str
    description_ja: str
    description_en: str
    type: str  # Table Schema type of the values: string, integer, number, boolean, date
    codes: dict[str, str] = field(default_factory=dict)  # code -> Japanese title (enums)

    def table_schema_field(self) -> dict[str, Any]:
        """The column in the main table's own Table Schema (Japanese names, as in the CSV)."""
        out: dict[str, Any] = {
            "name": self.name,
            "title": f"{self.name} / {self.title_en}",
            "description": " / ".join(d for d in (self.description_ja, self.description_en) if d),
            "type": self.type,
        }
        if self.type == "boolean":
            out["trueValues"], out["falseValues"] = [YES], [NO]
        if self.codes:
            out["constraints"] = {"enum": list(self.codes.values())}
        return out


@dataclass(frozen=True)
class MainTable:
    key: str  # entries | grades | indicators: stable, used in file names
    title_ja: str
    title_en: str
    row_ja: str  # what one row is, in plain words
    row_en: str
    fields: tuple[MainField, ...]
    rows: tuple[tuple[str, ...], ...]  # cell texts, as written in the CSV

    @property
    def header(self) -> list[str]:
        return [f.name for f in self.fields]

    def to_csv(self) -> bytes:
        """RFC 4180, UTF-8, LF: the same conventions as every table of the package."""
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(self.header)
        writer.writerows(self.rows)
        return buffer.getvalue().encode("utf-8")

    def table_schema(self) -> dict[str, Any]:
        return {
            "fields": [f.table_schema_field() for f in self.fields],
            "primaryKey": [ID],
            "missingValues": [""],
        }


# -- how values read --------------------------------------------------------------------
def cell_text(value: Any) -> str:
    """A typed value as the source CSV prints it (Decimal keeps its printed digits)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def split_title(text: str) -> tuple[str, str]:
    ja, sep, en = text.partition(" / ")
    return (ja.strip(), en.strip()) if sep else (text.strip(), text.strip())


def _codes(schema_field: dict[str, Any]) -> dict[str, str]:
    enum = schema_field.get("constraints", {}).get("enum")
    if not enum:
        return {}
    titles = standard.codelist_titles().get(frozenset(enum), {})
    return {code: titles.get(code) or code for code in enum}


def _field(
    schema_field: dict[str, Any], header: str | None = None, header_en: str | None = None
) -> MainField:
    title_ja, title_en = split_title(str(schema_field.get("title") or schema_field["name"]))
    desc_ja, desc_en = split_title(str(schema_field.get("description", "")))
    return MainField(
        header or title_ja,
        header_en or title_en,
        desc_ja,
        "" if desc_en == desc_ja else desc_en,
        str(schema_field.get("type", "string")),
        _codes(schema_field),
    )


# -- joins --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Join:
    """Columns taken from one table: `only` names them (context tables), or else every
    column that is not an identifier, key or English translation (the row's own tables)."""

    table: str
    noun: str = ""  # 基本目標, 取組…: put before generic titles such as 番号
    only: tuple[str, ...] | None = None
    headers: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (ja, en)
    skip: tuple[str, ...] = ()


def _own_columns(schema: dict[str, Any]) -> set[str]:
    """Identifiers and references are for machines: people get the joined names instead.
    (A column of a composite reference, such as a grade's code, is data and stays.)"""
    keys = {
        name
        for fk in schema.get("foreignKeys", [])
        if len(_list(fk["fields"])) == 1
        for name in _list(fk["fields"])
    }
    return {
        f["name"]
        for f in schema["fields"]
        if f["name"] not in keys and not f["name"].endswith(("_id", "_en"))
    }


def _list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def join_fields(join: Join, schema: dict[str, Any]) -> list[tuple[str, MainField]]:
    """(source column, main column) pairs of one join, in the source schema's order."""
    wanted = set(join.only) if join.only is not None else _own_columns(schema)
    pairs = []
    for schema_field in schema["fields"]:
        name = schema_field["name"]
        if name not in wanted or name in join.skip:
            continue
        header, header_en = join.headers.get(name, (None, None))
        if header is None:
            title_ja, title_en = split_title(str(schema_field.get("title") or name))
            if title_ja in GENERIC_TITLES and join.noun:
                header, header_en = join.noun + title_ja, title_en
        pairs.append((name, _field(schema_field, header, header_en)))
    return pairs


Schemas = Callable[[str], dict[str, Any]]
Context = dict[str, Row | None]


@dataclass(frozen=True)
class Derived:
    """A column computed from a row's context (not a column of any one table)."""

    main_field: MainField
    compute: Callable[[Context], str]


def _value(row: Row | None, column: str) -> str:
    if row is None:
        return ""
    value = row[column]
    return cell_text(value)


def _assemble(
    key: str,
    titles: tuple[str, str, str, str],
    leading: tuple[MainField, MainField, MainField],
    joins: list[Join | Derived],
    contexts: Iterable[tuple[str, Context]],
    schemas: Schemas,
    plan: Row,
) -> MainTable:
    """Lay out the columns (the three leading ones, then each join's or derived column in
    order), then fill one row per context."""
    columns: list[tuple[MainField, Callable[[str, Context], str]]] = [
        (leading[0], lambda _id, _c: cell_text(plan["municipality_code"])),
        (leading[1], lambda row_id, _c: row_id),
        (leading[2], lambda _id, _c: cell_text(plan["municipality_name"])),
    ]
    for join in joins:
        if isinstance(join, Derived):
            columns.append((join.main_field, lambda _id, c, f=join.compute: f(c)))
            continue
        for column, main_field in join_fields(join, schemas(join.table)):
            columns.append(
                (main_field, lambda _id, c, t=join.table, col=column: _value(c.get(t), col))
            )
    fields = tuple(main_field for main_field, _ in columns)
    headers = [f.name for f in fields]
    duplicated = {h for h in headers if headers.count(h) > 1}
    if duplicated:
        raise ValueError(f"main table {key}: repeated headers {sorted(duplicated)}")
    rows = tuple(
        tuple(_display(f, get(row_id, context)) for f, get in columns)
        for row_id, context in contexts
    )
    return MainTable(key, *titles, fields, rows)


def _display(main_field: MainField, text: str) -> str:
    if main_field.codes:
        return main_field.codes.get(text, text)
    if main_field.type == "boolean" and text in ("true", "false"):
        return YES if text == "true" else NO
    return text


def _leading(schemas: Schemas, id_schema_field: dict[str, Any]) -> tuple[MainField, ...]:
    plan_fields = {f["name"]: f for f in schemas("plans")["fields"]}
    return (
        _field(plan_fields["municipality_code"], CODE),
        _field(id_schema_field, ID, "ID"),
        _field(plan_fields["municipality_name"], NAME),
    )


def _row_plan(plans: dict[str, Row], row: Row, plan: Row) -> Row:
    """A row's own plan when it names one (a sub-plan), else the report's."""
    return plans.get(row["plan_id"]) or plan


def _schema_field(schemas: Schemas, table: str, name: str) -> dict[str, Any]:
    return next(f for f in schemas(table)["fields"] if f["name"] == name)


# -- the three tables ---------------------------------------------------------------------
ENTRY_TITLES = (
    "進捗状況",
    "Progress",
    "1行が、一つの取組についての一つの主体（市・社協など）の進捗状況と課題です。",
    "One row is the progress and issue of one initiative reported by one actor.",
)
GRADE_TITLES = (
    "評価",
    "Grades",
    "1行が一つの評価です（取組・基本目標・計画全体のいずれかに付けられたもの）。",
    "One row is one grade, given to an initiative, a basic goal or the whole plan.",
)
COUNT_TITLES = (
    "評価の件数",
    "Grade counts",
    "1行が、報告書に印刷された一つの件数（ある評価がいくつの項目に付いたか）です。",
    "One row is one count printed in the report: how many items received a grade.",
)
INDICATOR_TITLES = (
    "指標",
    "Indicators",
    "1行が、一つの指標の一つの年度の値です（年度別の値がない指標は1行）。",
    "One row is one indicator in one fiscal year (one row when it has no yearly values).",
)


def entries_table(flat_csv: bytes, flat_schema: dict[str, Any], schemas: Schemas) -> MainTable:
    """The machine flat table (English headers) as people read it: the same rows, the
    convention's three columns first, identifiers other than the row's own left out."""
    reader = csv.DictReader(io.StringIO(flat_csv.decode("utf-8"), newline=""))
    by_name = {f["name"]: f for f in flat_schema["fields"]}
    leading = (
        _field(by_name["municipality_code"], CODE),
        _field(by_name["entry_id"], ID, "ID"),
        _field(by_name["municipality_name"], NAME),
    )
    rest = [
        (name, _field(f))
        for name, f in by_name.items()
        if name not in ("municipality_code", "entry_id", "municipality_name")
        and not name.endswith("_id")
    ]
    fields = (*leading, *(f for _, f in rest))
    order = ["municipality_code", "entry_id", "municipality_name", *(n for n, _ in rest)]
    rows = tuple(
        tuple(_display(f, record[name] or "") for f, name in zip(fields, order, strict=True))
        for record in reader
    )
    return MainTable("entries", *ENTRY_TITLES, fields, rows)


_CONTEXT_GOAL = Join("basic-goals", "基本目標", only=("number", "title"))
_CONTEXT_INITIATIVE = Join("initiatives", "取組", only=("number", "title"))
_CONTEXT_PLAN = Join("plans", only=("title",))
_CONTEXT_REPORT = Join("reports", only=("title",))

# A grade's level, named and explained as the legend prints it (grades and printed counts).
_LEVEL = Join(
    "grade-levels",
    skip=("code",),
    headers={
        "rank": ("評価の順位", "Rank of the grade"),
        "title_ja": ("評価の名称", "Name of the grade"),
        "description_ja": ("評価の説明", "Legend of the grade"),
    },
)

# What a grade is on, in the people's words (the model: an initiative, a goal, or the plan).
_GRADE_TARGET = MainField(
    "評価の対象",
    "Graded item",
    "評価が付けられたもの（指標・取組・基本目標・計画全体）。",
    "What the grade is on: an indicator, an initiative, a basic goal or the whole plan.",
    "string",
    {"indicator": "指標", "initiative": "取組", "goal": "基本目標", "plan": "計画全体"},
)
_ASSESSED_BY = MainField(
    "評価した会議体",
    "Assessed by",
    "委員会評価のとき、評価した会議体の名称。",
    "The body that gave a committee grade.",
    "string",
)


def grades_table(tables: Tables, schemas: Schemas) -> MainTable:
    plan = main_plan(tables)
    plans = {r["plan_id"]: r for r in tables["plans"]}
    indicators = {r["indicator_id"]: r for r in tables.get("indicators", [])}
    scales = {r["scale_id"]: r for r in tables["grade-scales"]}
    levels = {(r["scale_id"], r["code"]): r for r in tables["grade-levels"]}
    reports = {r["report_id"]: r for r in tables["reports"]}
    goals = {r["goal_id"]: r for r in tables["basic-goals"]}
    initiatives = {r["initiative_id"]: r for r in tables["initiatives"]}
    actors = {r["actor_id"]: r for r in tables["actors"]}
    bodies = {r["body_id"]: r for r in tables["confirmation-bodies"]}

    def context(grade: Row) -> tuple[str, Context]:
        scale = scales.get(grade["scale_id"])
        initiative = initiatives.get(grade["initiative_id"])
        goal_id = grade["goal_id"] or (initiative["goal_id"] if initiative else None)
        return grade["grade_id"], {
            "plans": _row_plan(plans, grade, plan),
            "indicators": indicators.get(grade["indicator_id"]),
            "reports": reports.get(scale["report_id"]) if scale else None,
            "basic-goals": goals.get(goal_id),
            "initiatives": initiative,
            "actors": actors.get(grade["actor_id"]),
            "grade-scales": scale,
            "grades": grade,
            "grade-levels": levels.get((grade["scale_id"], grade["code"])),
            "body": bodies.get(scale["assessed_by"]) if scale else None,
        }

    def target(c: Context) -> str:
        if c["indicators"]:
            return "指標"
        return "取組" if c["initiatives"] else "基本目標" if c["basic-goals"] else "計画全体"

    # Grades on indicators (a later version of the standard) bring the indicator's name.
    on_indicators = any(f["name"] == "indicator_id" for f in schemas("grades")["fields"])

    joins: list[Join | Derived] = [
        _CONTEXT_PLAN,
        _CONTEXT_REPORT,
        Derived(_GRADE_TARGET, target),
        _CONTEXT_GOAL,
        _CONTEXT_INITIATIVE,
        *([Join("indicators", "指標", only=("number", "title"))] if on_indicators else []),
        Join(
            "actors",
            only=("short_name", "name"),
            headers={
                "short_name": ("主体（略称）", "Actor (short name)"),
                "name": ("主体名", "Actor name"),
            },
        ),
        Join("grade-scales", "尺度"),
        Derived(_ASSESSED_BY, lambda c: _value(c["body"], "name")),
        Join("grades", only=("code",), headers={"code": ("評価", "Grade")}),
        _LEVEL,
        Join("grades", skip=("code",)),
    ]
    leading = _leading(schemas, _schema_field(schemas, "grades", "grade_id"))
    return _assemble(
        "grades",
        GRADE_TITLES,
        leading,
        joins,
        (context(g) for g in tables["grades"]),
        schemas,
        plan,
    )


def indicators_table(tables: Tables, schemas: Schemas) -> MainTable:
    plan = main_plan(tables)
    plans = {r["plan_id"]: r for r in tables["plans"]}
    reports = {r["report_id"]: r for r in tables["reports"]}
    goals = {r["goal_id"]: r for r in tables["basic-goals"]}
    initiatives = {r["initiative_id"]: r for r in tables["initiatives"]}
    values: dict[str, list[Row]] = {}
    for row in tables["indicator-values"]:
        values.setdefault(row["indicator_id"], []).append(row)

    def contexts() -> Iterable[tuple[str, Context]]:
        for indicator in tables["indicators"]:
            initiative = initiatives.get(indicator["initiative_id"])
            goal_id = indicator["goal_id"] or (initiative["goal_id"] if initiative else None)
            base: Context = {
                "plans": _row_plan(plans, indicator, plan),
                "reports": reports.get(indicator["report_id"]),
                "basic-goals": goals.get(goal_id),
                "initiatives": initiative,
                "indicators": indicator,
            }
            yearly = sorted(values.get(indicator["indicator_id"], []), key=_fiscal_year)
            if not yearly:
                yield indicator["indicator_id"], {**base, "indicator-values": None}
            for value in yearly:
                row_id = f"{indicator['indicator_id']}-{value['fiscal_year']}"
                yield row_id, {**base, "indicator-values": value}

    joins: list[Join | Derived] = [
        _CONTEXT_PLAN,
        _CONTEXT_REPORT,
        _CONTEXT_GOAL,
        _CONTEXT_INITIATIVE,
        Join("indicators", "指標"),
        Join("indicator-values"),
    ]
    id_field = {
        "name": "row_id",
        "title": "ID / ID",
        "description": "指標ID（年度別の値の行は「指標ID-年度」）。 / The indicator's ID"
        " (with -fiscal year on the rows of yearly values).",
        "type": "string",
    }
    return _assemble(
        "indicators",
        INDICATOR_TITLES,
        _leading(schemas, id_field),
        joins,
        contexts(),
        schemas,
        plan,
    )


def counts_table(tables: Tables, schemas: Schemas) -> MainTable:
    plan = main_plan(tables)
    plans = {r["plan_id"]: r for r in tables["plans"]}
    scales = {r["scale_id"]: r for r in tables["grade-scales"]}
    levels = {(r["scale_id"], r["code"]): r for r in tables["grade-levels"]}
    reports = {r["report_id"]: r for r in tables["reports"]}
    goals = {r["goal_id"]: r for r in tables["basic-goals"]}

    def context(count: Row) -> tuple[str, Context]:
        scale = scales.get(count["scale_id"])
        report = reports.get(scale["report_id"]) if scale else None
        return count["count_id"], {
            "plans": _row_plan(plans, report, plan) if report else plan,
            "reports": report,
            "basic-goals": goals.get(count["goal_id"]),
            "grade-scales": scale,
            "grade-counts": count,
            "grade-levels": levels.get((count["scale_id"], count["code"])),
        }

    joins: list[Join | Derived] = [
        _CONTEXT_PLAN,
        _CONTEXT_REPORT,
        _CONTEXT_GOAL,
        Join("grade-scales", "尺度"),
        Join("grade-counts", only=("code",), headers={"code": ("評価", "Grade")}),
        _LEVEL,
        Join("grade-counts", skip=("code",)),
    ]
    leading = _leading(schemas, _schema_field(schemas, "grade-counts", "count_id"))
    return _assemble(
        "counts",
        COUNT_TITLES,
        leading,
        joins,
        (context(c) for c in tables["grade-counts"]),
        schemas,
        plan,
    )


def _fiscal_year(row: Row) -> int:
    return int(row["fiscal_year"])


def build_main_tables(
    tables: Tables, flat_csv: bytes, flat_schema: dict[str, Any], schemas: Schemas
) -> list[MainTable]:
    """The main tables of one package, in the order people need them; each only when the
    report has rows for it (an empty download helps nobody), the progress table always when
    the report has nothing else."""
    out = []
    entries = entries_table(flat_csv, flat_schema, schemas)
    if entries.rows or not any(tables.get(t) for t in ("grades", "grade-counts", "indicators")):
        out.append(entries)
    if tables.get("grades"):
        out.append(grades_table(tables, schemas))
    if tables.get("indicators"):
        out.append(indicators_table(tables, schemas))
    if tables.get("grade-counts"):
        out.append(counts_table(tables, schemas))
    return out
