"""Last year's tables for `template` on a draft made by `new --from`: found through the
draft's `planProgress.previous`, confined to the draft's folder, and read only after the
checks `template` makes on any package it reads."""

from __future__ import annotations

from plan_progress.checks.conformance import check_conformance
from plan_progress.checks.source_files import check_source_files
from plan_progress.core.package import SOURCE_TABLES, PlanPackage
from plan_progress.core.paths import PathRefused
from plan_progress.core.problems import InvalidPackage, Problem
from plan_progress.model.next_year import read_table, resolve_previous
from plan_progress.model.profiles import load_profiles


def last_year_tables(package: PlanPackage) -> dict[str, list[dict[str, str]]] | None:
    """Last year's rows when `package` is a draft made by `new --from` (its descriptor's
    planProgress.previous), read after the same checks as the package's own; None for any
    other package. Raises InvalidPackage (template.previous) when the reference leads
    nowhere, outside the draft's folder, through a link out, or to another plan."""
    reference = package.descriptor.get("planProgress", {}).get("previous")
    if reference is None:
        return None
    path = str(reference.get("path", ""))

    def refused(detail: str) -> InvalidPackage:
        params = {"path": path, "detail": detail}
        return InvalidPackage(
            [
                Problem(
                    "template.previous", "datapackage.json", None, "planProgress.previous", params
                )
            ]
        )

    try:
        root = resolve_previous(package.root, path)
    except PathRefused as why:
        raise refused(f"{why.rule}: outside the draft's folder / 下書きのフォルダの外") from None
    try:
        last = PlanPackage.open(root)
        problems = check_conformance(last, load_profiles(last)) or check_source_files(last)
    except InvalidPackage as invalid:
        problems = invalid.problems
    if problems:
        raise refused(f"not a valid package ({problems[0].rule}) / 有効なパッケージではありません")
    tables = {name: read_table(last, name)[1] for name in SOURCE_TABLES}
    mine = {name: read_table(package, name)[1] for name in ("plans", "reports")}
    plan = [(p.get("municipality_code"), p.get("plan_id")) for p in tables["plans"]]
    if plan != [(p.get("municipality_code"), p.get("plan_id")) for p in mine["plans"]]:
        raise refused("another plan / 別の計画のパッケージです")
    report_ids = [r.get("report_id", "") for r in tables["reports"]]
    if reference.get("reportId", "") != (report_ids[0] if report_ids else ""):
        raise refused("another report than the draft names / 下書きが示す報告と違います")
    return tables
