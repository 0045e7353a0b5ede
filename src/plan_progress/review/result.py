"""A review's outcome, in a form that is stored as JSON and read back in either language:
each problem is its rule, its parameters and its place as typed, never a finished sentence."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from plan_progress.core.messages import RULES, Lang
from plan_progress.core.problems import Listed, Problem, listed
from plan_progress.core.rules_doc import plain
from plan_progress.core.spreadsheet_safety import excel_csv_text
from plan_progress.spreadsheet.locations import Place

FORMAT_VERSION = 1
# Families of rules, as a person thinks of them; the first matching prefix wins.
KINDS: tuple[tuple[str, tuple[str, ...], str, str], ...] = (
    ("upload", ("review.", "transcribe."), "アップロードしたファイル", "The uploaded file"),
    ("reading", ("import.",), "シートの読み取り", "Reading the sheets"),
    ("values", ("table.",), "表の値", "Values in the tables"),
    ("text", ("text.",), "文字", "Text"),
    ("codes", ("code.",), "コード", "Codes"),
    ("links", ("model.",), "表どうしのつながり", "Links between the tables"),
    ("package", ("package.", "profile."), "パッケージ", "The package"),
    ("generated", ("jsonld.", "rdf.", "generated."), "生成したデータ", "Generated data"),
)
_OTHER = ("other", "その他", "Other")


def _is_warning(rule: str) -> bool:
    return RULES[rule].severity == "warning"


def kind_of(rule: str) -> str:
    return next((key for key, prefixes, *_ in KINDS if rule.startswith(prefixes)), _OTHER[0])


def kind_title(kind: str, lang: Lang) -> str:
    for key, _, ja, en in (*KINDS, (_OTHER[0], (), _OTHER[1], _OTHER[2])):
        if key == kind:
            return ja if lang == "ja" else en
    return kind


@dataclass(frozen=True)
class Finding:
    """One problem and where the person typed the value it is about."""

    rule: str
    file: str
    row: int | None
    column: str | None
    params: dict[str, Any]  # text, a list of texts, or a {"ja": ..., "en": ...} pair
    place: Place

    @classmethod
    def of(cls, problem: Problem, place: Place) -> Finding:
        params = {k: _stored(v) for k, v in sorted(problem.params.items())}
        return cls(problem.rule, problem.file, problem.row, problem.column, params, place)

    @property
    def warning(self) -> bool:
        """A warning leaves the data publishable (`Rule.severity`); it is shown, not counted
        among the things to fix."""
        return _is_warning(self.rule)  # as Problem.is_warning, without making one

    def problem(self) -> Problem:
        return Problem(self.rule, self.file, self.row, self.column, dict(self.params))

    def message(self, lang: Lang) -> str:
        """What is wrong, in the reader's language (as `Problem` words it, without the fix)."""
        return self.problem().parts(lang)[0]

    def fix(self, lang: Lang) -> str:
        return self.problem().parts(lang)[1]


def _stored(value: Any) -> Any:
    """A parameter as JSON keeps it and `Problem` reads it in either language: a pair of
    texts by language and a list of values stay what they are (`core.problems.localized`)."""
    if isinstance(value, dict) and set(value) == {"ja", "en"}:
        return {lang: str(text) for lang, text in value.items()}
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return str(value)


@dataclass(frozen=True)
class Table:
    """A table to preview: its title and headings (Japanese, English) and rows as text."""

    key: str
    title: list[str]  # [ja, en]
    headings: list[list[str]]  # [[ja, en], ...]
    rows: list[list[str]]


@dataclass
class ReviewResult:
    upload_name: str
    kind: str | None  # "workbook", "csv-zip", "package", "pdf", "draft"; None when unreadable
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    preview: list[Table] = field(default_factory=list)
    # file name -> bytes: package.zip, release.zip, workbook.xlsx (only when valid)
    downloads: dict[str, bytes] = field(default_factory=dict)
    site: dict[str, bytes] = field(default_factory=dict)
    site_report: dict[str, str] = field(default_factory=dict)  # lang -> path in `site`
    # How many findings each rule has in all, when `findings` holds only the listed ones
    # (the pages' stored form, `page_summary`: a page never reads the whole list).
    counted: dict[str, int] | None = None
    # A PDF's drafted cells: table, row, key, column, page, box, text and crop (a data: URI).
    cells: list[dict[str, Any]] = field(default_factory=list)
    cell_total: int = 0  # how many the draft has (`cells` holds at most FORM_CELLS)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if not f.warning]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.warning]

    def rule_counts(self) -> dict[str, int]:
        if self.counted is not None:
            return self.counted
        return dict(Counter(f.rule for f in self.findings))

    @property
    def error_count(self) -> int:
        return sum(n for rule, n in self.rule_counts().items() if not _is_warning(rule))

    @property
    def warning_count(self) -> int:
        return sum(n for rule, n in self.rule_counts().items() if _is_warning(rule))

    @property
    def valid(self) -> bool:
        """Read and without errors (warnings leave the data publishable, as in validate)."""
        return self.error_count == 0 and self.kind is not None

    def counts_by_kind(self) -> list[tuple[str, int]]:
        """Errors by kind (warnings are counted apart)."""
        counts: Counter[str] = Counter()
        for rule, n in self.rule_counts().items():
            if not _is_warning(rule):
                counts[kind_of(rule)] += n
        order = [key for key, *_ in KINDS] + [_OTHER[0]]
        return [(kind, counts[kind]) for kind in order if counts[kind]]

    def groups(self) -> list[tuple[str, list[Finding]]]:
        """Findings grouped by rule: errors before warnings, the groups in the order of
        KINDS, then most frequent."""
        by_rule: dict[str, list[Finding]] = {}
        for finding in self.findings:
            by_rule.setdefault(finding.rule, []).append(finding)
        order = [key for key, *_ in KINDS] + [_OTHER[0]]
        counts = self.rule_counts()
        return sorted(
            by_rule.items(),
            key=lambda kv: (_is_warning(kv[0]), order.index(kind_of(kv[0])), -counts[kv[0]], kv[0]),
        )

    def listed(self) -> Listed[Finding]:
        """The findings a page lists (`core.problems.listed`, as the command line does),
        errors first; the report files keep them all."""
        if self.counted is not None:  # listed already
            present = Counter(f.rule for f in self.findings)
            left = {r: n - present[r] for r, n in sorted(self.counted.items()) if n > present[r]}
            return Listed(list(self.findings), left)
        return listed([f for _, found in self.groups() for f in found])

    def listed_groups(self) -> list[tuple[str, list[Finding], int]]:
        """(rule, the findings listed, how many it has in all), in the order of `groups`."""
        shown = self.listed()
        counts = self.rule_counts()
        by_rule: dict[str, list[Finding]] = {}
        for finding in shown.items:
            by_rule.setdefault(finding.rule, []).append(finding)
        return [(rule, found, counts[rule]) for rule, found in by_rule.items()] + [
            (rule, [], counts[rule]) for rule in shown.not_listed if rule not in by_rule
        ]

    # ---- stored form (no bytes: the files are stored beside it) ----
    def summary(self) -> dict[str, Any]:
        return {
            "format": FORMAT_VERSION,
            "upload_name": self.upload_name,
            "kind": self.kind,
            "valid": self.valid,
            "findings": [asdict(f) for f in self.findings],
            "notes": self.notes,
            "preview": [asdict(t) for t in self.preview],
            "downloads": sorted(self.downloads),
            "site_report": self.site_report,
            "cells": self.cells,
            "cell_total": self.cell_total,
        }

    def page_summary(self) -> dict[str, Any]:
        """The stored form the pages read: the listed findings and every rule's count."""
        summary = self.summary()
        summary["findings"] = [asdict(f) for f in self.listed().items]
        summary["counted"] = self.rule_counts()
        return summary

    @classmethod
    def from_summary(cls, data: dict[str, Any]) -> ReviewResult:
        findings = [
            Finding(
                f["rule"], f["file"], f["row"], f["column"], dict(f["params"]), Place(**f["place"])
            )
            for f in data["findings"]
        ]
        return cls(
            upload_name=data["upload_name"],
            kind=data["kind"],
            findings=findings,
            notes=list(data["notes"]),
            preview=[Table(**t) for t in data["preview"]],
            downloads=dict.fromkeys(data["downloads"], b""),
            site_report=dict(data["site_report"]),
            counted=data.get("counted"),
            cells=list(data.get("cells", [])),
            cell_total=int(data.get("cell_total", 0)),
        )

    # ---- the report as files ----
    def report_rows(self, lang: Lang) -> list[dict[str, Any]]:
        rows = []
        for rule, findings in self.groups():
            explanation = " ".join(plain(rule, lang)) if rule in RULES else rule
            for f in findings:
                rows.append(
                    {
                        "kind": kind_title(kind_of(rule), lang),
                        "severity": SEVERITY[lang][f.warning],
                        "rule": rule,
                        "explanation": explanation,
                        "sheet_or_file": f.place.where,
                        "row": f.place.row,
                        "column": f.place.column,
                        "column_title": f.place.column_title,
                        "value": f.place.value,
                        "message": f.message(lang),
                        "fix": f.fix(lang),
                    }
                )
        return rows

    def report_json(self, lang: Lang) -> str:
        report = {
            "upload": self.upload_name,
            "valid": self.valid,
            "counts": {kind: n for kind, n in self.counts_by_kind()},
            "warnings": len(self.warnings),
            "counts_by_rule": {rule: len(found) for rule, found in self.groups()},
            "problems": self.report_rows(lang),
            "notes": self.notes,
        }
        return json.dumps(report, ensure_ascii=False, indent=2) + "\n"

    def report_csv(self, lang: Lang) -> bytes:
        """For Excel: UTF-8 with BOM and CRLF; a value that starts like a formula gets the
        apostrophe Excel shows as text, so opening the report never runs a formula."""
        headings = CSV_HEADINGS[lang]
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(headings.values())
        for row in self.report_rows(lang):
            writer.writerow(excel_csv_text("" if row[k] is None else str(row[k])) for k in headings)
        return ("\ufeff" + out.getvalue()).encode("utf-8")


SEVERITY: dict[str, dict[bool, str]] = {
    "ja": {False: "エラー", True: "警告"},
    "en": {False: "error", True: "warning"},
}
CSV_HEADINGS: dict[str, dict[str, str]] = {
    "ja": {
        "kind": "種類",
        "severity": "区分",
        "rule": "規則",
        "sheet_or_file": "シート・ファイル",
        "row": "行",
        "column": "列",
        "column_title": "列の見出し",
        "value": "入力された値",
        "message": "内容",
        "fix": "直し方",
    },
    "en": {
        "kind": "kind",
        "severity": "severity",
        "rule": "rule",
        "sheet_or_file": "sheet or file",
        "row": "row",
        "column": "column",
        "column_title": "column heading",
        "value": "value as typed",
        "message": "problem",
        "fix": "how to fix",
    },
}
