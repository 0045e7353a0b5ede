"""What every command shares: the package argument, the language option, problem output."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace

from plan_progress.core.messages import LANGS, Lang
from plan_progress.core.problems import (
    Problem,
    errors,
    listed,
    not_listed_lines,
    os_refusal,
    summary,
)

# See cli.main: sysexits.h's EX_SOFTWARE, for an error of ours rather than of the input.
EXIT_INTERNAL = 70


def add_dir_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "dir",
        nargs="?",
        default=".",
        metavar="DIR",
        help="パッケージのディレクトリ（既定：現在のディレクトリ） / package directory (default: .)",
    )


def add_dirs_argument(parser: argparse.ArgumentParser) -> None:
    """One or more package directories, processed in one run (`batch.map_packages`)."""
    parser.add_argument(
        "dirs",
        nargs="*",
        default=["."],
        metavar="DIR",
        help="パッケージのディレクトリ（複数可、既定：現在のディレクトリ） / package directories"
        " (several allowed; default: .)",
    )


def in_package(
    problems: list[Problem], directory: str, keep: frozenset[str] = frozenset()
) -> list[Problem]:
    """Problems with the package directory before each file, for runs over several packages
    (and for `import`, whose other places are the files it read: `keep`)."""
    prefix = directory.rstrip("/") + "/"
    # An internal error already names the package directory itself.
    return [
        p
        if p.rule == "internal.error" or p.file in keep or p.file == directory
        else replace(p, file=prefix + p.file)
        for p in problems
    ]


def internal_problem(directory: str, err: BaseException) -> Problem:
    """An unexpected exception in one package's work, as that package's problem (its type
    only: the text could quote a file's content)."""
    known = os_refusal(err, directory)
    if known is not None:
        return known
    return Problem("internal.error", directory, params={"error": type(err).__name__})


def exit_code(problems: list[Problem]) -> int:
    """0 ok, 1 invalid input, 70 when any problem is an internal error (a bug of ours)."""
    if any(p.rule == "internal.error" for p in problems):
        return EXIT_INTERNAL
    return 1 if errors(problems) else 0  # warnings print but leave the package valid


def add_lang_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang",
        choices=LANGS,
        default="ja",
        help="メッセージの言語 / language of messages (default: ja)",
    )


def print_problems(problems: list[Problem], lang: Lang) -> None:
    """One line per problem on stderr (at most `core.problems.MAX_LISTED`, and how many
    more of each rule), then a count per rule."""
    shown = listed(problems)
    for problem in shown.items:
        print(problem.as_line(lang), file=sys.stderr)
    for line in not_listed_lines(shown, lang):
        print(line, file=sys.stderr)
    if problems:
        head = "規則ごとの件数:" if lang == "ja" else "Problems by rule:"
        print(head, file=sys.stderr)
        for line in summary(problems, lang):
            print(f"  {line}", file=sys.stderr)


def problems_json(problems: list[Problem], lang: Lang) -> str:
    report = {
        "valid": not errors(problems),
        "problems": [p.as_dict(lang) for p in problems],
        "summary": {
            rule: sum(1 for p in problems if p.rule == rule)
            for rule in sorted({p.rule for p in problems})
        },
    }
    return json.dumps(report, ensure_ascii=False, indent=2)
