"""`plan-progress transcribe REPORT.pdf --out DIR`: a draft package from a text-layer PDF."""

from __future__ import annotations

import argparse
from pathlib import Path

from plan_progress.cli.common import add_lang_option, print_problems
from plan_progress.core.problems import InvalidPackage, Problem

LAYOUTS = ("table", "form", "grades")


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "transcribe",
        help="PDF の報告書から下書きのパッケージを作る / draft a package from a PDF report",
        description="文字の層のある PDF を読み、印刷されている文字だけでパッケージの下書きを作る。"
        "各セルのページと位置を data/provenance.csv に記録する。OCR は行わない。"
        " / Read a text-layer PDF and write a draft package holding only what the pages print,"
        " each cell's page and position in data/provenance.csv. No OCR.",
    )
    parser.add_argument("pdf", metavar="REPORT.pdf", help="報告書の PDF / the report's PDF")
    parser.add_argument(
        "--out", required=True, metavar="DIR", help="作成するディレクトリ / directory to create"
    )
    parser.add_argument(
        "--code",
        required=True,
        metavar="6DIGITS",
        help="全国地方公共団体コード（検査数字を含む6桁） / municipality code with its check digit",
    )
    parser.add_argument(
        "--name", required=True, metavar="NAME", help="地方公共団体名 / municipality name"
    )
    parser.add_argument(
        "--plan-id",
        metavar="ID",
        help="計画ID（既定 plan） / plan id (default: plan)",
    )
    parser.add_argument(
        "--layout",
        choices=LAYOUTS,
        help="様式（既定は自動判定）：table 表、form 事業ごとの様式、grades 評価の表"
        " / layout (detected when omitted)",
    )
    add_lang_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from plan_progress.transcribe.run import transcribe

    out = Path(args.out)
    try:
        result = transcribe(Path(args.pdf), out, args.code, args.name, args.plan_id, args.layout)
    except InvalidPackage as invalid:
        print_problems(invalid.problems, args.lang)
        return 1
    warnings = [
        Problem(
            "transcribe.glyph",
            f"{out}/data/{table}.csv",
            row=int(row),
            column=column,
            params={"value": f"{table}.csv", "glyphs": glyphs},
        )
        for table, row, column, glyphs in result.draft.flagged()
    ]
    if warnings:
        print_problems(warnings, args.lang)
    cells = len(result.draft.provenance)
    print(
        f"{result.layout}: {result.pages} ページから {cells} セルを転記しました（{out}）"
        f" / transcribed {cells} cells from {result.pages} pages into {out}"
    )
    print(
        f"次に、各セルを PDF の紙面（data/provenance.csv のページと位置）と照合し、"
        f"空欄を埋めてから plan-progress validate {out} を実行してください"
        f" / next: check each cell against the page (data/provenance.csv), fill in the"
        f" empty cells, then run plan-progress validate {out}"
    )
    return 0
