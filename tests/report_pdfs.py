"""Print real packages as the PDFs municipalities publish, for `transcribe`'s tests and bench.

Three layouts the reports really use (issue 22): a TABLE with row-spanning goal and
initiative cells, its header repeated on each page and rows running onto the next pages; a
FORM per 事業 (label cells left, values right, several blocks a page); a GRADE table with its
legend above or below. The HTML is printed by a real headless Chromium (tests/browser.py),
so the PDFs carry the text layer, the fonts and the ruling lines a browser really writes.
Rendering takes a few seconds, so the PDFs are made at test time in a temporary folder
rather than committed: nothing to keep current, and the inputs are the packages' own CSVs.
"""

from __future__ import annotations

import csv
import html
from collections.abc import Iterable
from pathlib import Path

STYLE = """
@page { size: A4 landscape; margin: 12mm; }
body { font-family: 'Noto Sans CJK JP', sans-serif; font-size: 10pt; }
table { border-collapse: collapse; width: 100%; margin-bottom: 6mm; }
th, td { border: 1px solid #000; padding: 2pt 4pt; vertical-align: top; text-align: left;
         white-space: pre-wrap; }
tr { break-inside: avoid; }
thead { display: table-header-group; }
h1 { font-size: 16pt; } p.plan { font-size: 11pt; } caption { text-align: left; }
"""


def rows(package: Path, table: str) -> list[dict[str, str]]:
    with (package / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def _e(text: str) -> str:
    return html.escape(text)


def _page(title: str, body: str) -> str:
    return (
        f'<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>{_e(title)}</title>'
        f"<style>{STYLE}</style></head><body>{body}</body></html>"
    )


def _heading(package: Path) -> tuple[str, str]:
    report = rows(package, "reports")[0]
    plans = {p["plan_id"]: p for p in rows(package, "plans")}
    plan = plans.get(report["plan_id"], {"title": ""})
    return report["title"], plan["title"]


# Smaller pages and larger type, rows allowed to break: cells run on to the next page.
SPLIT_ROWS = (
    "@page { size: A5 landscape; margin: 12mm; } body { font-size: 12pt; }"
    " tr { break-inside: auto; }"
)


def table_html(package: Path, split_rows: bool = False) -> str:
    """Goals and initiatives as row-spanning cells beside one row per progress entry; with
    `split_rows`, rows break across pages as reports exported from spreadsheets do."""
    title, plan_title = _heading(package)
    actors = {a["actor_id"]: a for a in rows(package, "actors")}
    goals = rows(package, "basic-goals")
    initiatives = rows(package, "initiatives")
    entries = rows(package, "progress-entries")
    body = [f'<p class="plan">{_e(plan_title)}</p><h1>{_e(title)}</h1><table><thead><tr>']
    body += [f"<th>{h}</th>" for h in ("基本目標", "施策", "主体", "進捗状況", "課題")]
    body.append("</tr></thead><tbody>")
    for goal in goals:
        own = [i for i in initiatives if i["goal_id"] == goal["goal_id"]]
        goal_entries = [e for i in own for e in entries if e["initiative_id"] == i["initiative_id"]]
        first_of_goal = True
        for initiative in own:
            mine = [e for e in entries if e["initiative_id"] == initiative["initiative_id"]]
            for index, entry in enumerate(mine):
                body.append("<tr>")
                if first_of_goal:
                    body.append(
                        f'<td rowspan="{len(goal_entries)}">{goal["number"]} {_e(goal["title"])}</td>'
                    )
                    first_of_goal = False
                if index == 0:
                    body.append(
                        f'<td rowspan="{len(mine)}">{initiative["number"]} {_e(initiative["title"])}</td>'
                    )
                actor = actors[entry["actor_id"]]
                body.append(f"<td>{_e(actor['short_name'] or actor['name'])}</td>")
                body.append(f"<td>{_e(entry['progress'])}</td><td>{_e(entry['issue'])}</td></tr>")
    body.append("</tbody></table>")
    footnote = rows(package, "reports")[0].get("footnote", "")
    if footnote:
        body.append(f"<p>{_e(footnote)}</p>")
    if split_rows:
        body.append(f"<style>{SPLIT_ROWS}</style>")
    return _page(title, "".join(body))


# The form's labels, in print order: (label, table, column).
FORM_FIELDS = (
    ("施策", "initiative", "title"),
    ("主体", "actor", "name"),
    ("取組実績", "entry", "progress"),
    ("課題・今後の方向性", "entry", "issue"),
)


def form_html(package: Path) -> str:
    """One block per progress entry: its goal as the block's caption, labels left, values right."""
    title, plan_title = _heading(package)
    actors = {a["actor_id"]: a for a in rows(package, "actors")}
    goals = {g["goal_id"]: g for g in rows(package, "basic-goals")}
    initiatives = {i["initiative_id"]: i for i in rows(package, "initiatives")}
    body = [f'<p class="plan">{_e(plan_title)}</p><h1>{_e(title)}</h1>']
    for entry in rows(package, "progress-entries"):
        initiative = initiatives[entry["initiative_id"]]
        goal = goals.get(initiative["goal_id"])
        values = {
            "initiative": {"title": f"{initiative['number']} {initiative['title']}"},
            "actor": {"name": actors[entry["actor_id"]]["name"]},
            "entry": entry,
        }
        body.append('<table style="break-inside: avoid">')
        if goal:
            body.append(f"<tr><th>基本目標</th><td>{goal['number']} {_e(goal['title'])}</td></tr>")
        for label, table, column in FORM_FIELDS:
            text = values[table][column]
            if text:
                body.append(f'<tr><th style="width: 9em">{label}</th><td>{_e(text)}</td></tr>')
        body.append("</table>")
    return _page(title, "".join(body))


def _legend(levels: Iterable[dict[str, str]]) -> str:
    cells = "".join(
        f"<tr><td>{_e(level['code'])}</td><td>{_e(level['title_ja'])}</td>"
        f"<td>{_e(level['description_ja'])}</td></tr>"
        for level in levels
    )
    return f"<table><thead><tr><th>評価</th><th>区分</th><th>説明</th></tr></thead>{cells}</table>"


def grades_html(package: Path, legend_below: bool = False) -> str:
    """The goals' grades, one column per fiscal year, with the scale's legend above or below."""
    title, plan_title = _heading(package)
    scale = rows(package, "grade-scales")[0]
    levels = [lv for lv in rows(package, "grade-levels") if lv["scale_id"] == scale["scale_id"]]
    grades = [g for g in rows(package, "grades") if g["scale_id"] == scale["scale_id"]]
    years = list(dict.fromkeys(g["fiscal_year_label"] for g in grades))
    goals = rows(package, "basic-goals")
    head = "".join(f"<th>{_e(year)}</th>" for year in years)
    cells = []
    for goal in goals:
        mine = {
            g["fiscal_year_label"]: g["code"] for g in grades if g["goal_id"] == goal["goal_id"]
        }
        if not mine:
            continue
        cells.append(f"<tr><td>{goal['number']} {_e(goal['title'])}</td>")
        cells += [f"<td>{_e(mine.get(year, ''))}</td>" for year in years]
        cells.append("</tr>")
    grade_table = (
        f"<p>{_e(scale['title'])}</p><table><thead><tr><th>基本目標</th>{head}</tr></thead>"
        f"<tbody>{''.join(cells)}</tbody></table>"
    )
    legend = _legend(levels)
    parts = [grade_table, legend] if legend_below else [legend, grade_table]
    return _page(
        title, f'<p class="plan">{_e(plan_title)}</p><h1>{_e(title)}</h1>' + "".join(parts)
    )


def print_pdf(browser: object, page_html: str, path: Path) -> Path:
    """Chromium's print to PDF of one HTML page (A4 landscape, as the reports are)."""
    page = browser.new_page()  # type: ignore[attr-defined]
    try:
        page.set_content(page_html, wait_until="load")
        page.pdf(path=str(path), prefer_css_page_size=True, print_background=True)
    finally:
        page.close()
    return path
