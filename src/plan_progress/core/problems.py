"""A problem found in a package: where it is, which rule it breaks, and how to say so."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from plan_progress.core.messages import RULES, Lang


@dataclass(frozen=True)
class Problem:
    """One broken rule at one place. `row` counts the header as row 1, as spreadsheets do."""

    rule: str
    file: str
    row: int | None = None
    column: str | None = None
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if self.rule not in RULES:
            raise ValueError(f"unknown rule id {self.rule!r}")

    def message(self, lang: Lang) -> str:
        rule = RULES[self.rule]
        text = rule.text(lang).format_map(_Lenient(self.params))
        fix = rule.fix(lang).format_map(_Lenient(self.params))
        return f"{text} {fix}".strip()

    def location(self) -> str:
        parts = [self.file, str(self.row) if self.row is not None else "", self.column or ""]
        return ":".join(parts)

    def as_line(self, lang: Lang) -> str:
        return f"{self.location()}: [{self.rule}] {self.message(lang)}"

    def as_dict(self, lang: Lang) -> dict[str, Any]:
        return {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "rule": self.rule,
            "message": self.message(lang),
            "params": {k: str(v) for k, v in sorted(self.params.items())},
        }


class _Lenient(dict):
    """Formats a message even when a parameter is missing, rather than losing the error."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def summary(problems: list[Problem], lang: Lang) -> list[str]:
    """One line per rule with its count, most frequent first."""
    counts = Counter(p.rule for p in problems)
    label = "件" if lang == "ja" else " problem(s)"
    return [
        f"{rule}: {n}{label}" for rule, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


class InvalidPackage(Exception):
    """Raised when a package breaks rules; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems
