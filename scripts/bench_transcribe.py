"""The transcription benchmark (issue 22): real packages printed as PDFs, read back.

    .venv/bin/python scripts/bench_transcribe.py --output docs/benchmarks.md

Chromium prints the seed (table and form layouts) and real records from tests/records/
(Meguro's form, Sasebo's grade tables with the legend above and below) with the renderers the
tests use (tests/report_pdfs.py); `transcribe` reads each PDF; tests/transcribe_scoring.py
compares the draft with the source package's CSVs. Per layout: the share of printed cells
transcribed exactly, of entries linked to the right initiative (or goal and year, for grades),
of cells whose recorded page prints them (checked with pdfium), the drafted texts the PDF does
not print (must be 0), and seconds per page. Needs Debian's chromium and fonts-noto-cjk
(installed on demand, as the browser tests do)."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # the renderers and the scoring the tests use

from browser import chromium  # noqa: E402
from plan_progress.scale.doc_sections import replace_section  # noqa: E402
from plan_progress.transcribe.run import transcribe  # noqa: E402
from report_pdfs import form_html, grades_html, print_pdf, table_html  # noqa: E402
from transcribe_scoring import Score, score  # noqa: E402

RECORDS = REPO / "tests" / "records"
START, END = "<!-- bench-transcribe:start -->", "<!-- bench-transcribe:end -->"
HEADING = "Transcription from PDF / PDF からの転記"
TARGETS = {"exact": 0.95, "linked": 0.95, "page": 0.95, "seconds_per_page": 1.0}
# (layout, name, package, html)
CASES = [
    ("table", "seed", REPO, lambda: table_html(REPO)),
    ("table", "seed (rows split across pages)", REPO, lambda: table_html(REPO, split_rows=True)),
    ("form", "seed", REPO, lambda: form_html(REPO)),
    (
        "form",
        "meguro-shogai-jigyo-hyoka",
        RECORDS / "meguro-shogai-jigyo-hyoka",
        lambda: form_html(RECORDS / "meguro-shogai-jigyo-hyoka"),
    ),
    (
        "grades",
        "sasebo-chiiki-fukushi-toshin-h27",
        RECORDS / "sasebo-chiiki-fukushi-toshin-h27",
        lambda: grades_html(RECORDS / "sasebo-chiiki-fukushi-toshin-h27"),
    ),
    (
        "grades",
        "sasebo-chiiki-fukushi-toshin-h26 (legend below)",
        RECORDS / "sasebo-chiiki-fukushi-toshin-h26",
        lambda: grades_html(RECORDS / "sasebo-chiiki-fukushi-toshin-h26", legend_below=True),
    ),
]


def run() -> dict[str, tuple[Score, int, float, list[str]]]:
    totals: dict[str, tuple[Score, int, float, list[str]]] = {}
    with (
        tempfile.TemporaryDirectory(prefix="plan-progress-bench-") as folder,
        chromium() as browser,
    ):
        for index, (layout, name, package, html) in enumerate(CASES):
            pdf = print_pdf(browser, html(), Path(folder) / f"{index}.pdf")
            draft = Path(folder) / f"draft-{index}"
            result = transcribe(pdf, draft, "092169", "下野市")
            found = score(layout, package, draft, pdf)
            total, pages, seconds, names = totals.get(layout, (Score(), 0, 0.0, []))
            total.cells += found.cells
            total.exact += found.exact
            total.entries += found.entries
            total.linked += found.linked
            total.paged += found.paged
            total.invented += found.invented
            totals[layout] = (total, pages + result.pages, seconds + result.seconds, [*names, name])
    return totals


def section(totals: dict[str, tuple[Score, int, float, list[str]]]) -> str:
    lines = [
        START,
        "",
        "`python scripts/bench_transcribe.py --output docs/benchmarks.md`."
        " Targets: ≥ 95 % exact, ≥ 95 % linked, ≥ 95 % right page, 0 invented, ≤ 1 s per page."
        " / 目標：完全一致・対応付け・ページとも 95 % 以上、創作 0、1 ページ 1 秒以内。",
        "",
        "| layout / 様式 | sources / 元 | cells / セル | exact / 完全一致 | linked / 対応付け"
        " | right page / ページ | invented / 創作 | s per page / 秒/頁 |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for layout, (total, pages, seconds, names) in totals.items():
        lines.append(
            f"| {layout} | {', '.join(names)} | {total.cells} | {total.exact_share:.1%}"
            f" | {total.linked_share:.1%} | {total.page_share:.1%} | {len(total.invented)}"
            f" | {seconds / pages:.2f} ({pages} pages) |"
        )
    lines += ["", END]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, help="write the section into this Markdown file")
    args = parser.parse_args()
    totals = run()
    text = section(totals)
    print(text)
    if args.output:
        replace_section(args.output, text, START, END, HEADING)
    missed = [
        layout
        for layout, (total, pages, seconds, _) in totals.items()
        if total.exact_share < TARGETS["exact"]
        or total.linked_share < TARGETS["linked"]
        or total.page_share < TARGETS["page"]
        or total.invented
        or seconds / pages > TARGETS["seconds_per_page"]
    ]
    if missed:
        print(f"targets missed: {missed}", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
