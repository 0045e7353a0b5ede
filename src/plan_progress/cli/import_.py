"""`plan-progress import SOURCE [DIR]`: a filled-in workbook or Excel's CSV -> canonical CSV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from plan_progress.cli.common import (
    add_dir_argument,
    add_lang_option,
    in_package,
    print_problems,
)
from plan_progress.core.messages import RULES
from plan_progress.core.problems import InvalidPackage
from plan_progress.spreadsheet.encoding import ENCODINGS


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "import",
        help="Excel ブック・CSV をパッケージの CSV に取り込む / import a workbook or CSV into DIR",
        description="plan-progress template のブック（.xlsx）、Excel で保存した CSV ファイル、"
        "または CSV のフォルダを、パッケージの正規の CSV（UTF-8・LF・英字の列名・NFC）にする。"
        "問題があれば何も書かない。 / Turn a template workbook, a CSV file saved by Excel or a"
        " folder of them into the package's canonical CSV (UTF-8, LF, snake_case headers, NFC);"
        " nothing is written when there is a problem.",
    )
    parser.add_argument("source", metavar="SOURCE", help=".xlsx, .csv, or a folder of .csv")
    add_dir_argument(parser)
    parser.add_argument(
        "--encoding",
        choices=sorted(ENCODINGS),
        help="CSV の文字コード（既定：BOM・UTF-8 から判定し、読めなければ CP932 を試す）"
        " / CSV encoding (default: BOM, then UTF-8, then CP932 only if it decodes cleanly)",
    )
    parser.add_argument(
        "--table",
        metavar="NAME",
        help="CSV ファイル1つを取り込む表の名前（既定：ファイル名） / table of a single CSV"
        " file (default: its file name)",
    )
    add_lang_option(parser)
    parser.set_defaults(run=run, parser=parser)


def run(args: argparse.Namespace) -> int:
    from plan_progress.pipeline.staged import validate_staged
    from plan_progress.spreadsheet.importer import import_source

    if args.table and Path(args.source).suffix.lower() != ".csv":
        args.parser.error(
            "--table applies to a single .csv file / --table は CSV ファイル1つに使います"
        )
    try:
        outcome = import_source(
            Path(args.source), Path(args.dir), args.encoding, args.table, check=validate_staged
        )
    except InvalidPackage as invalid:
        print_problems(invalid.problems, args.lang)
        return 1
    for note in outcome.notes:
        print(note, file=sys.stderr)
    for path in outcome.written:
        print(f"wrote {path}")
    if outcome.problems:
        # The rows were read as typed; what the package still lacks is said where it was
        # typed (sheet and row), so that it is mended in the workbook, not in the CSV.
        count = len(outcome.problems)
        # Rules may be warnings (a printed total that differs from the grades typed): say
        # how many, so that a list of warnings does not read as a broken package.
        warnings = sum(
            getattr(RULES[p.rule], "severity", "error") == "warning" for p in outcome.problems
        )
        print(
            f"取り込みました。パッケージにはまだ {count} 件の問題があります（うち警告 {warnings} 件。"
            f"入力した場所で示します） / imported; the package still has {count} problem(s)"
            f" ({warnings} warning(s)), shown where they were typed:",
            file=sys.stderr,
        )
        print_problems(in_package(outcome.problems, args.dir, keep=outcome.typed), args.lang)
    print(
        f"次に plan-progress build {args.dir} と plan-progress validate {args.dir} を実行してください"
        f" / next: plan-progress build {args.dir} and plan-progress validate {args.dir}"
    )
    return 0
