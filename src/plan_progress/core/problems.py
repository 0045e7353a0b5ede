"""A problem found in a package: where it is, which rule it breaks, and how to say so."""

from __future__ import annotations

import errno
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from plan_progress.core.limits import MAX_SHOWN_CHARS
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

    @property
    def is_warning(self) -> bool:
        """A warning is reported but leaves the package valid (see Rule.severity)."""
        return RULES[self.rule].severity == "warning"

    def message(self, lang: Lang) -> str:
        text, fix = self.parts(lang)
        return f"{text} {fix}".strip()

    def parts(self, lang: Lang) -> tuple[str, str]:
        """(what is wrong, how to fix it), each with this problem's values; the review page
        shows them apart."""
        rule = RULES[self.rule]
        params = _Lenient({k: shown(localized(v, lang)) for k, v in self.params.items()})
        if "detail_ja" not in params and "detail" in params:
            params["detail_ja"] = params["detail"]
        return rule.text(lang).format_map(params), rule.fix(lang).format_map(params)

    def location(self) -> str:
        if self.file.startswith("--") and self.row is None and self.column is None:
            # A command-line option at fault (`new --code`): it has no row or column.
            return shown(self.file)
        row = str(self.row) if self.row is not None else ""
        column = shown(self.column) if self.column else ""
        return ":".join([escaped(redacted(self.file)), row, column])

    def as_line(self, lang: Lang) -> str:
        return f"{self.location()}: [{self.rule}] {self.message(lang)}"

    def as_dict(self, lang: Lang) -> dict[str, Any]:
        return {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "rule": self.rule,
            "message": self.message(lang),
            "params": {k: shown(localized(v, lang)) for k, v in sorted(self.params.items())},
            "severity": RULES[self.rule].severity,
        }


def localized(value: Any, lang: Lang) -> Any:
    """A parameter as the message's language writes it: a {"ja": ..., "en": ...} pair gives
    its own language's text; a list of values is joined the way the language lists them
    (「self、committee」, "self, committee"), never shown as a Python list."""
    if isinstance(value, dict) and set(value) == {"ja", "en"}:
        return value[lang]
    if isinstance(value, list | tuple):
        return ("、" if lang == "ja" else ", ").join(str(v) for v in value)
    return value


def errors(problems: list[Problem]) -> list[Problem]:
    """The problems that make a package invalid (all but the warnings)."""
    return [p for p in problems if not p.is_warning]


# Characters that would break a one-line message or reorder it on a terminal: line and
# paragraph breaks, other controls, bidi controls, zero-width characters.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# user:password@ in a URL, and token-like query parameters.
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/?#@\s]*@")
_SECRET_QUERY = re.compile(r"(?i)([?&](?:token|apikey|api_key|key|password|secret)=)[^&#\s]*")


def escaped(text: str) -> str:
    """`text` on one line: breaks and invisible controls written as escapes (\\n, \\u202e)."""
    return _UNSAFE.sub(lambda m: _ESCAPES.get(m.group(), f"\\u{ord(m.group()):04x}"), text)


def redacted(text: str) -> str:
    """`text` with credentials in URLs replaced by ***."""
    return _SECRET_QUERY.sub(r"\1***", _USERINFO.sub(r"\1***@", text))


def shown(value: Any) -> str:
    """A value as a message quotes it: credentials redacted, on one line, cut with …"""
    text = escaped(redacted(str(value)))
    return text if len(text) <= MAX_SHOWN_CHARS else text[: MAX_SHOWN_CHARS - 1] + "…"


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


def internal_error_line(err: BaseException, lang: Lang) -> str:
    """The one line said for an unexpected exception: its type only (its text could quote
    a file's content or a secret)."""
    problem = Problem("internal.error", "", params={"error": type(err).__name__})
    return f"[{problem.rule}] {problem.message(lang)}"


# What people read (the review page, the command line's text) lists at most this many
# problems of one rule and of all rules; the rest are counted, and listed in full only in the
# files made for that (`--format json`, the review's CSV and JSON). 100,000 extra columns
# once printed 100,002 lines and made a 9 MiB page.
MAX_LISTED_PER_RULE = 50
MAX_LISTED = 500


class _Ruled(Protocol):
    @property
    def rule(self) -> str: ...


T = TypeVar("T", bound=_Ruled)


@dataclass(frozen=True)
class Listed(Generic[T]):
    """The problems to list, in their order, and how many of each rule are not listed."""

    items: list[T]
    not_listed: dict[str, int]

    @property
    def not_listed_total(self) -> int:
        return sum(self.not_listed.values())


def listed(
    problems: Sequence[T], per_rule: int = MAX_LISTED_PER_RULE, total: int = MAX_LISTED
) -> Listed[T]:
    """The first `per_rule` problems of each rule, `total` in all (a `Problem` or anything
    with a rule: the review's findings)."""
    kept: list[T] = []
    counts: Counter[str] = Counter()
    left: Counter[str] = Counter()
    for problem in problems:
        if counts[problem.rule] >= per_rule or len(kept) >= total:
            left[problem.rule] += 1
            continue
        counts[problem.rule] += 1
        kept.append(problem)
    return Listed(kept, dict(sorted(left.items())))


NOT_LISTED = {
    "ja": "[{rule}] ほかに {count} 件（一覧は --format json ですべて出力されます）",
    "en": "[{rule}] {count} more not listed (--format json lists them all)",
}


def not_listed_lines(shown: Listed[Any], lang: Lang) -> list[str]:
    return [NOT_LISTED[lang].format(rule=r, count=n) for r, n in shown.not_listed.items()]


def os_refusal(err: BaseException, where: str) -> Problem | None:
    """The user's own fault behind an OSError, as its rule (None when it is not one): a name
    longer than the file system takes (ENAMETOOLONG) is a path the person typed or a package
    named, never a bug of ours."""
    if isinstance(err, OSError) and err.errno == errno.ENAMETOOLONG:
        return Problem("path.too-long", where, params={"path": str(err.filename or where)})
    return None
