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


def run(args: argparse.Namespace) -> int:
    from plan_progress.checks.conformance import check_conformance
    from plan_progress.checks.source_files import check_source_files
    from plan_progress.model.profiles import load_profiles
    from plan_progress.pipeline.previous_year import last_year_tables
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
        last = last_year_tables(package) if package is not None else None
        save(workbook(package, last), out)
    except InvalidPackage as invalid:
        print_problems(invalid.problems, args.lang)
        return 1
    print(f"wrote {out}")
    return 0
