"""`plan-progress diff OLD NEW`: what changed from one yearly report of a plan to the next,
as text, JSON (schema/diff.schema.json) or a standalone HTML page."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from plan_progress.cli.common import add_lang_option, in_package, print_problems


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "diff",
        help="同じ計画の二つの年度の報告を比較する / what changed between two years' reports",
        description="同じ計画の前の年度の報告（OLD）と後の年度の報告（NEW）を、取組×主体ごとに比べる："
        "文章の変わった文節、評価の上がり下がり（尺度の順序による）、指標の値と目標、追加・削除された項目。"
        " / Compare an earlier (OLD) and a later (NEW) report of one plan, per initiative and"
        " actor: changed phrases of texts, grades up or down (on their scale's order),"
        " indicators against previous value, baseline and target, items added or dropped.",
    )
    parser.add_argument("old", metavar="OLD", help="前の年度のパッケージ / the earlier package")
    parser.add_argument("new", metavar="NEW", help="後の年度のパッケージ / the later package")
    parser.add_argument(
        "--format",
        choices=("text", "json", "html"),
        default="text",
        help="出力の形式（既定：text） / output format (default: text)",
    )
    parser.add_argument(
        "--out",
        metavar="FILE",
        help="書き出すファイル（既定：標準出力） / file to write (default: standard output)",
    )
    add_lang_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from plan_progress.diff.compare import diff_tables
    from plan_progress.diff.packages import read_side, refusals

    old, new = read_side(args.old), read_side(args.new)
    refused = refusals(old, new)
    if refused:
        shown = []
        for side in (old, new):
            if side.tables is None:
                # a package that could not be opened already names its own files
                prefix = side.directory.rstrip("/") + "/"
                named = [p for p in side.problems if p.file.startswith(prefix)]
                rest = [p for p in side.problems if not p.file.startswith(prefix)]
                shown += named + in_package(rest, side.directory)
        print_problems(shown + refused, args.lang)
        return 1
    assert old.tables is not None and new.tables is not None
    result = diff_tables(old.tables, new.tables, args.old, args.new)
    text = _rendered(result, args.format, args.lang)
    if args.out is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    from plan_progress.core.atomic_files import WriteFailed, write_all

    try:
        write_all({Path(args.out): text.encode("utf-8")})
    except WriteFailed as failed:
        print_problems(failed.problems, args.lang)
        return 1
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


def _rendered(result: dict, output: str, lang: str) -> str:
    if output == "json":
        return json.dumps(result, ensure_ascii=False, indent=2) + "\n"
    if output == "html":
        from plan_progress.site.diff_page import render_page

        return render_page(result, lang)  # type: ignore[arg-type]
    from plan_progress.diff.text import render_text

    return render_text(result, lang)  # type: ignore[arg-type]
