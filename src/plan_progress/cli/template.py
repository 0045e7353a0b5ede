"""`plan-progress template OUT.xlsx [--from DIR]`: the Excel workbook to fill in."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from plan_progress.cli.common import add_lang_option, print_problems
from plan_progress.core.package import PlanPackage
from plan_progress.core.problems import InvalidPackage, Problem


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "template",
        help="入力用の Excel ブックを作る / write the Excel workbook to fill in",
        description="表ごとのシート、日本語の見出し、入力の説明、コード表の選択肢をもつ .xlsx を作る。"
        " --from DIR でパッケージの内容を入れる。DIR が new --from で作った下書きなら、前年度の値を"
        "灰色の編集不可の列で横に示す（取り込みでは読まない）。"
        " / Write an .xlsx with one sheet per table, Japanese headers, input hints and"
        " drop-down lists; --from DIR fills it with a package's tables (for a draft made by"
        " new --from, last year's values beside, in grey read-only columns the import never"
        " reads).",
    )
    parser.add_argument("out", metavar="OUT.xlsx", help="作成するファイル / workbook to write")
    parser.add_argument(
        "--from",
        dest="source",
        metavar="DIR",
        help="内容を書き出すパッケージ / package whose tables fill the workbook",
    )
    parser.add_argument(
        "--force", action="store_true", help="既存のファイルを置き換える / replace an existing file"
    )
    add_lang_option(parser)
    parser.set_defaults(run=run, parser=parser)


def _last_year(package: PlanPackage) -> dict[str, list[dict[str, str]]] | None:
    """Last year's rows when `package` is a draft made by `new --from` (its descriptor's
    planProgress.previous), read after the same checks as the package's own; None for any
    other package. Raises InvalidPackage (template.previous) when the reference leads
    nowhere, outside the draft's folder, through a link out, or to another plan."""
    from plan_progress.checks.conformance import check_conformance
    from plan_progress.checks.source_files import check_source_files
    from plan_progress.core.package import SOURCE_TABLES
    from plan_progress.core.paths import PathRefused
    from plan_progress.model.next_year import read_table, resolve_previous
    from plan_progress.model.profiles import load_profiles

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


def run(args: argparse.Namespace) -> int:
    from plan_progress.checks.conformance import check_conformance
    from plan_progress.checks.source_files import check_source_files
    from plan_progress.model.profiles import load_profiles
    from plan_progress.spreadsheet.template import save, workbook

    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        args.parser.error("OUT must end in .xlsx / 出力ファイル名は .xlsx で終えてください")
    try:
        # lexists: a name too long to look up is no crash (the write then says why).
        if os.path.lexists(out) and not args.force:
            raise InvalidPackage([Problem("template.exists", str(out), params={"value": str(out)})])
        package = PlanPackage.open(args.source) if args.source else None
        if package is not None:
            # The package's schemas and files are read into the workbook: the same checks
            # (standard schemas, files inside the package, limits, headers) as validate's first.
            problems = check_conformance(package, load_profiles(package))
            problems = problems or check_source_files(package)
            if problems:
                raise InvalidPackage(problems)
        last = _last_year(package) if package is not None else None
        save(workbook(package, last), out)
    except InvalidPackage as invalid:
        print_problems(invalid.problems, args.lang)
        return 1
    print(f"wrote {out}")
    return 0
