"""`plan-progress new DIR --code 6DIGITS --name NAME`: a package skeleton for a municipality;
`plan-progress new --from LAST_YEAR_DIR --out DIR`: next fiscal year's draft of a plan."""

from __future__ import annotations

import argparse
from pathlib import Path

from plan_progress.cli.common import add_lang_option, in_package, print_problems
from plan_progress.core.problems import InvalidPackage, Problem, errors


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "new",
        help="パッケージを作成する（他の自治体、または前年度から次年度） / scaffold a package"
        " (for a municipality, or next year's from last year's)",
        description="空の表（見出し行のみ）、datapackage.json、README.md をもつパッケージを作る。"
        " --from LAST で前年度のパッケージから次年度の下書きを作る（計画と構成はそのまま、年度の内容は空）。"
        " / Create a package with empty tables (header rows), datapackage.json and a README.md;"
        " with --from LAST, next fiscal year's draft of last year's package (the plan and its"
        " structure copied, the year's parts empty).",
    )
    parser.add_argument(
        "dir", metavar="DIR", nargs="?", help="作成するディレクトリ / directory to create"
    )
    parser.add_argument(
        "--out", metavar="DIR", help="作成するディレクトリ（DIR と同じ） / same as DIR"
    )
    parser.add_argument(
        "--from",
        dest="source",
        metavar="LAST_YEAR_DIR",
        help="前年度のパッケージ（先に検証する） / last year's package (validated first)",
    )
    parser.add_argument(
        "--fiscal-year",
        type=int,
        metavar="YEAR",
        help="--from で作る報告の年度（西暦。前年度の報告に年度がないときに必要） / fiscal year of"
        " the draft (needed when last year's package states none)",
    )
    parser.add_argument(
        "--code",
        metavar="6DIGITS",
        help="全国地方公共団体コード（検査数字を含む6桁） / municipality code with its check digit",
    )
    parser.add_argument("--name", metavar="NAME", help="地方公共団体名 / municipality name")
    parser.add_argument(
        "--plan-id",
        metavar="ID",
        help="計画ID（英小文字・数字・ハイフン。IRI の一部になる） / plan id (part of the IRIs)",
    )
    add_lang_option(parser)
    parser.set_defaults(run=run, parser=parser)


def run(args: argparse.Namespace) -> int:
    if args.dir and args.out and args.dir != args.out:
        args.parser.error("give DIR or --out, not both / DIR と --out の一方を指定してください")
    target = Path(args.out or args.dir) if (args.out or args.dir) else None
    if target is None:
        args.parser.error("DIR (or --out) is required / DIR（または --out）を指定してください")
    if args.source is not None:
        if args.code or args.name or args.plan_id:
            args.parser.error(
                "--code, --name and --plan-id come from the --from package"
                " / --from のときは --code・--name・--plan-id は前年度のものを使います"
            )
        return _next_year(args, target)
    if args.fiscal_year is not None:
        args.parser.error("--fiscal-year goes with --from / --fiscal-year は --from と使います")
    if not args.code or not args.name:
        args.parser.error("--code and --name are required / --code と --name を指定してください")
    return _scaffold(args, target)


def _scaffold(args: argparse.Namespace, target: Path) -> int:
    from plan_progress.model.scaffold import scaffold

    try:
        written = scaffold(target, args.code, args.name, args.plan_id)
    except InvalidPackage as invalid:
        print_problems(invalid.problems, args.lang)
        return 1
    for path in written:
        print(f"wrote {path}")
    print(
        f"次に data/ の表を入力し、plan-progress build {target} と plan-progress validate {target}"
        f" を実行してください / next: fill in data/, then run plan-progress build {target}"
        f" and plan-progress validate {target}"
    )
    return 0


def _next_year(args: argparse.Namespace, target: Path) -> int:
    from plan_progress.core.package import PlanPackage
    from plan_progress.core.paths import PathRefused
    from plan_progress.model.next_year import NoFiscalYear, YearNotAfter, write_draft
    from plan_progress.pipeline.validation import validate

    source = str(args.source)
    if target.exists() and not (target.is_dir() and not any(target.iterdir())):
        print_problems([_problem("new.target-exists", str(target), value=str(target))], args.lang)
        return 1
    try:
        package = PlanPackage.open(source)
        # Last year's package is the draft's whole content: it must be valid first.
        found = errors(validate(package))
    except InvalidPackage as invalid:
        found = invalid.problems
    if found:
        print_problems(
            [_problem("new.from-invalid", source, value=source), *_in_source(found, source)],
            args.lang,
        )
        return 1
    if package.multi_plan:
        # An aggregate of many plans has no single plan to carry into next year.
        print_problems([_problem("new.from-multi-plan", source, value=source)], args.lang)
        return 1
    try:
        written, fiscal_year = write_draft(target, package, args.fiscal_year)
    except InvalidPackage as invalid:  # the write failed (and was undone)
        print_problems(invalid.problems, args.lang)
        return 1
    except PathRefused:
        print_problems(
            [_problem("new.from-elsewhere", source, value=source, out=str(target))], args.lang
        )
        return 1
    except NoFiscalYear:
        print_problems([_problem("new.from-fiscal-year", source, value=source)], args.lang)
        return 1
    except YearNotAfter as late:
        problem = _problem(
            "new.from-year-not-after", "--fiscal-year", given=late.given, last=late.last
        )
        print_problems([problem], args.lang)
        return 1
    for path in written:
        print(f"wrote {path}")
    print(
        f"{fiscal_year}年度の下書きを作りました。次に plan-progress template book.xlsx --from {target}"
        f" で入力用ブックを作ってください / the draft for fiscal year {fiscal_year} is written;"
        f" next: plan-progress template book.xlsx --from {target}"
    )
    return 0


def _problem(rule: str, file: str, **params: object) -> Problem:
    return Problem(rule, file, params=params)


def _in_source(problems: list[Problem], source: str) -> list[Problem]:
    """Last year's problems with its directory before each file (once)."""
    prefix = source.rstrip("/") + "/"
    return in_package(
        problems, source, keep=frozenset(p.file for p in problems if p.file.startswith(prefix))
    )
