"""Consecutive years of one SYNTHETIC plan's report at scale (~50,000 entries each), for the
`diff` benchmark (two years) and the series check's (five): the corpus generator's tables of many made-up municipalities (corpus.py) folded
into one plan of one municipality, then a second year made from the first by a fixed rule.

Everything is marked synthetic as in corpus.py. The second year changes, by the entry's
position only (so the output depends only on `seed` and `count`): every 10th entry's issue
is another sentence, every 10th (offset 5) progress text gets a clause in front, every
100th entry is dropped; the report's id and fiscal year move on by one.
"""

from __future__ import annotations

import random
from pathlib import Path

from plan_progress.core.package import SOURCE_TABLES, PlanPackage
from plan_progress.scale.corpus import (
    SYNTHETIC_ROOT,
    Municipality,
    Row,
    TextSource,
    municipality_codes,
    municipality_tables,
    synthetic_descriptor,
    write_descriptor,
    write_tables,
)

FIRST_YEAR = 2024


def one_plan_tables(
    seed_tables: dict[str, list[Row]], count: int, seed: int
) -> dict[str, list[Row]]:
    """One plan whose goals, initiatives and entries are those of `count` municipalities
    (28 entries each, as in the corpus), all under the first municipality's plan, report
    and actors; goals numbered on from one municipality to the next."""
    texts = TextSource(seed_tables)
    codes = municipality_codes(count)
    first = municipality_tables(Municipality(1, codes[0]), seed_tables, texts, seed)
    plan_id = first["plans"][0]["plan_id"]
    report_id = first["reports"][0]["report_id"]
    city, council = (a["actor_id"] for a in first["actors"])
    first["reports"][0]["fiscal_year"] = FIRST_YEAR
    first["reports"][0]["fiscal_year_label"] = f"令和{FIRST_YEAR - 2018}年度"
    tables = {name: list(rows) for name, rows in first.items()}
    for name in ("basic-goals", "initiatives", "progress-entries"):
        tables[name] = []
    goal_number = 0
    for number, code in enumerate(codes, start=1):
        part = (
            first
            if number == 1
            else municipality_tables(Municipality(number, code), seed_tables, texts, seed)
        )
        actors = {f"{code}-city": city, f"{code}-shakyo": council}
        for goal in part["basic-goals"]:
            goal_number += 1
            tables["basic-goals"].append({**goal, "plan_id": plan_id, "number": goal_number})
        tables["initiatives"] += part["initiatives"]
        tables["progress-entries"] += [
            {**e, "report_id": report_id, "actor_id": actors.get(e["actor_id"], e["actor_id"])}
            for e in part["progress-entries"]
        ]
    return tables


def next_year(tables: dict[str, list[Row]], seed: int) -> dict[str, list[Row]]:
    """The next year: the same plan; this year's report and texts (the rule above)."""
    year = tables["reports"][0]["fiscal_year"] + 1
    texts_rng = random.Random(f"{seed}:next-year" + ("" if year == FIRST_YEAR + 1 else f":{year}"))
    pool = sorted({e["issue"] for e in tables["progress-entries"][:2000]})
    out = {name: list(rows) for name, rows in tables.items()}
    report = dict(tables["reports"][0])
    old_id = report["report_id"]
    report.update(report_id=f"{old_id}-next", fiscal_year=year,
                  fiscal_year_label=f"令和{year - 2018}年度")  # fmt: skip
    out["reports"] = [report]
    entries = []
    for index, entry in enumerate(tables["progress-entries"]):
        if index % 100 == 99:
            continue
        changed = {**entry, "report_id": report["report_id"], "entry_id": entry["entry_id"] + "-n"}
        if index % 10 == 0:
            changed["issue"] = texts_rng.choice(pool)
        if index % 10 == 5:
            changed["progress"] = "前年度に引き続き、" + entry["progress"]
        entries.append(changed)
    out["progress-entries"] = entries
    return out


def write_series(template_dir: Path, out: Path, count: int, seed: int = 1) -> tuple[Path, Path]:
    """Write the two years' packages under `out/` (source tables only: `build` makes the
    rest); return (first year, second year)."""
    first, second = write_years(template_dir, out, count, 2, seed)
    return first, second


def write_years(template_dir: Path, out: Path, count: int, years: int, seed: int = 1) -> list[Path]:
    """Write `years` consecutive years' packages of the plan under `out/year-1`, ...; each
    year made from the one before by the rule above (the series benchmark uses five)."""
    from plan_progress.checks.tables import read_tables

    template = PlanPackage.open(template_dir)
    seed_tables = {n: [r.cells for r in rows] for n, rows in read_tables(template).items()}
    yearly = [one_plan_tables(seed_tables, count, seed)]
    while len(yearly) < years:
        yearly.append(next_year(yearly[-1], seed))
    code = yearly[0]["plans"][0]["municipality_code"]
    roots = []
    for name, tables in ((f"year-{i}", t) for i, t in enumerate(yearly, start=1)):
        descriptor = synthetic_descriptor(
            template.descriptor,
            f"synthetic-{code}-{name}",
            f"一つの計画の報告 {name}（{count}団体分の項目） / one plan's report, {name}",
            f"{SYNTHETIC_ROOT}{code}/",
            multi_plan=False,
        )
        root = out / name
        package = write_descriptor(root, descriptor)
        write_tables(root, package, {t: tables.get(t, []) for t in SOURCE_TABLES})
        roots.append(root)
    return roots
