"""`plan-progress validate [DIR...]`: every check, writing nothing."""

from __future__ import annotations

import argparse
import sys

from plan_progress.cli.common import (
    add_dirs_argument,
    add_lang_option,
    exit_code,
    in_package,
    internal_problem,
    print_problems,
    problems_json,
)
from plan_progress.core.package import PlanPackage
from plan_progress.core.problems import InvalidPackage, Problem, errors
from plan_progress.model.series import Member, check_members
from plan_progress.pipeline.series import validate_member
from plan_progress.pipeline.validation import validate
from plan_progress.scale.batch import map_packages


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "validate",
        help="パッケージを検証する（書き込みなし） / validate the package without writing",
        description="Table Schema（frictionless）、JSON Schema、SHACL、生成ファイルの一致を検査する。"
        "複数のディレクトリを一度に検証できる（両方のコアを使う）。同じ計画（同じ団体コードと計画 ID）の"
        "パッケージは一連の報告として、計画の内容が一致すること、年度が重ならないことなども検査する。"
        " / Check the Table Schemas (frictionless), the JSON Schema, SHACL and the generated files;"
        " several directories are checked in one run, on all cores. Packages of the same plan"
        " (municipality code and plan id) are checked as a series too: the plan's facts agree,"
        " fiscal years do not repeat, restated grades agree.",
    )
    add_dirs_argument(parser)
    add_lang_option(parser)
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="結果の形式 / report format (json goes to stdout)",
    )
    parser.set_defaults(run=run)


def validate_directory(directory: str) -> list[Problem]:
    try:
        return validate(PlanPackage.open(directory))
    except InvalidPackage as invalid:
        return invalid.problems


def validate_failed(directory: str, err: BaseException) -> list[Problem]:
    return [internal_problem(directory, err)]


def member_failed(directory: str, err: BaseException) -> tuple[list[Problem], None]:
    return [internal_problem(directory, err)], None


def run(args: argparse.Namespace) -> int:
    dirs: list[str] = args.dirs
    problems: list[Problem] = []
    if len(dirs) == 1:
        for _, found in map_packages(validate_directory, dirs, "validate", validate_failed):
            problems.extend(found)
    else:
        # Each package on its own, then the series among them (their files already carry
        # their package directories).
        members: list[Member] = []
        for directory, (found, member) in map_packages(
            validate_member, dirs, "validate", member_failed
        ):
            problems.extend(in_package(found, directory))
            if member is not None:
                members.append(member)
        problems.extend(check_members(members))
    if args.format == "json":
        print(problems_json(problems, args.lang))
    else:
        print_problems(problems, args.lang)
        if not errors(problems):
            count = f" ({len(dirs)} packages)" if len(dirs) > 1 else ""
            print(f"検証に合格しました / valid{count}", file=sys.stdout)
    return exit_code(problems)
