"""`plan-progress` console script: parses arguments and dispatches to one command module."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence

from plan_progress.cli import build as build_command
from plan_progress.cli import diff as diff_command
from plan_progress.cli import import_ as import_command
from plan_progress.cli import load as load_command
from plan_progress.cli import migrate as migrate_command
from plan_progress.cli import new as new_command
from plan_progress.cli import publish as publish_command
from plan_progress.cli import query as query_command
from plan_progress.cli import release as release_command
from plan_progress.cli import review as review_command
from plan_progress.cli import serve as serve_command
from plan_progress.cli import site as site_command
from plan_progress.cli import template as template_command
from plan_progress.cli import transcribe as transcribe_command
from plan_progress.cli import validate as validate_command
from plan_progress.cli import virtuoso_load as virtuoso_load_command
from plan_progress.cli.common import EXIT_INTERNAL, print_problems
from plan_progress.core.problems import internal_error_line, os_refusal
from plan_progress.core.version import __version__
from plan_progress.scale.batch import DEBUG_ENV

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
# EXIT_INTERNAL (70, sysexits.h's EX_SOFTWARE, "internal software error") is an error of
# ours, not of the input, distinct from 1 and 2 so that scripts can tell a bug from bad data.

COMMANDS = (
    build_command,
    validate_command,
    release_command,
    publish_command,
    new_command,
    diff_command,
    template_command,
    import_command,
    transcribe_command,
    migrate_command,
    query_command,
    load_command,
    virtuoso_load_command,
    serve_command,
    site_command,
    review_command,
)


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="plan-progress",
        description="計画の事業進捗をオープンデータにする / Plan progress reports as open data",
    )
    root.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    root.add_argument("--debug", action="store_true", help=DEBUG_HELP)
    commands = root.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMANDS:
        module.register(commands)
    # Accepted after the command too (plan-progress build . --debug), where people type it.
    for command in commands.choices.values():
        command.add_argument(
            "--debug", action="store_true", default=argparse.SUPPRESS, help=DEBUG_HELP
        )
    return root


DEBUG_HELP = (
    "予期しないエラーのときに詳細（トレースバック）を表示する / show the traceback of an"
    " unexpected error"
)


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.debug:
        os.environ[DEBUG_ENV] = "1"  # read by the per-package guard (scale.batch)
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        print("interrupted / 中断しました", file=sys.stderr)
        return 130
    except Exception as err:
        # A name too long for the file system is the person's input, not a bug of ours.
        known = os_refusal(err, str(getattr(err, "filename", None) or ""))
        if known is not None:
            print_problems([known], getattr(args, "lang", "ja"))
            return 1
        # The last net: every known fault has its own rule id; anything else is a bug of
        # ours, said in one line (no traceback of library internals, no file contents).
        if args.debug:
            traceback.print_exc()
        print(internal_error_line(err, getattr(args, "lang", "ja")), file=sys.stderr)
        return EXIT_INTERNAL
