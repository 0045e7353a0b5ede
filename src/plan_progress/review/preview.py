"""The people's tables of a valid package, as a portal shows them: the release's main tables
(`model.main_tables`: progress entries, and grades, indicators and grade counts when the report
has them), with their Japanese headings and values as people read them (code titles, はい/いいえ)."""

from __future__ import annotations

from plan_progress.checks.tables import read_tables
from plan_progress.core.package import FLAT_TABLE, PlanPackage
from plan_progress.model.main_tables import build_main_tables
from plan_progress.review.result import Table


def preview_tables(package: PlanPackage, flat_csv: bytes) -> list[Table]:
    def schema(name: str) -> dict:
        return package.resource(name)["schema"]

    mains = build_main_tables(read_tables(package), flat_csv, schema(FLAT_TABLE), schema)
    return [
        Table(
            main.key,
            [main.title_ja, main.title_en],
            [[f.name, f.title_en or f.name] for f in main.fields],
            [list(row) for row in main.rows],
        )
        for main in mains
    ]
