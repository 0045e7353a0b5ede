"""A `Reading` as the rows of a draft package, each drafted cell with its provenance.

Only printed texts become cell values. Identifiers (g1, g1-1, e1, ...) are made up by
position because the tables need keys; numbers are taken only where a cell starts with one.
Every other column stays empty for a person to fill, and `validate` names the required ones."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plan_progress.transcribe.cells import Cell
from plan_progress.transcribe.layouts import Reading

REPORT_ID = "report"
SCALE_ID = "s1"
_NUMBERED = re.compile(r"([0-9０-９]+)[\s\u3000.．、)）]+(.+)", re.DOTALL)

PROVENANCE_FIELDS = [
    {"name": "table", "type": "string", "description": "下書きの表 / table of the draft"},
    {"name": "row", "type": "integer", "description": "表の行（見出し行が1） / row, header is 1"},
    {"name": "key", "type": "string", "description": "行の主キー / the row's primary key"},
    {"name": "column", "type": "string", "description": "列 / column"},
    {"name": "page", "type": "integer", "description": "PDF のページ（1から） / PDF page, 1-based"},
    {"name": "x0", "type": "number", "description": "左端（pt） / left edge in PDF points"},
    {
        "name": "top",
        "type": "number",
        "description": "上端（pt、ページ上端から） / top, from the page top",
    },
    {"name": "x1", "type": "number", "description": "右端（pt） / right edge in PDF points"},
    {"name": "bottom", "type": "number", "description": "下端（pt） / bottom in PDF points"},
    {
        "name": "mapped",
        "type": "string",
        "description": "置き換えた異体の字形（康熙部首など） / look-alike code points mapped",
    },
    {
        "name": "flagged",
        "type": "string",
        "description": "読めなかった字形（私用領域など） / glyphs left for a person to read",
    },
]


@dataclass
class Draft:
    rows: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    provenance: list[list[str]] = field(default_factory=list)

    def add(self, table: str, row: dict[str, str], key: str, cells: dict[str, Cell]) -> None:
        """Add `row`, its printed columns given by `cells` (their text is the row's value)."""
        rows = self.rows.setdefault(table, [])
        rows.append(row)
        for column, cell in cells.items():
            # One line per printed piece: a cell continued on the next page has two.
            for page, box in [(cell.page, cell.box), *cell.more]:
                self.provenance.append(
                    [
                        table,
                        str(len(rows) + 1),
                        key,
                        column,
                        str(page),
                        *(f"{v:.2f}" for v in box),
                        " ".join(cell.replaced),
                        " ".join(cell.flagged),
                    ]
                )

    def flagged(self) -> list[tuple[str, str, str, str]]:
        """(table, row, column, glyphs) of every cell with glyphs left for a person."""
        flagged = [(p[0], p[1], p[3], p[-1]) for p in self.provenance if p[-1]]
        return list(dict.fromkeys(flagged))


def _split_number(text: str) -> tuple[str, str]:
    """("1", title) when the cell starts with a number and a separator, else ("", text)."""
    match = _NUMBERED.fullmatch(text)
    if not match:
        return "", text
    return str(int(match.group(1))), match.group(2)


def build_draft(reading: Reading, plan_id: str, code: str, name: str) -> Draft:
    draft = Draft()
    plan_cells = {"title": reading.plan_title} if reading.plan_title else {}
    draft.add(
        "plans",
        {
            "plan_id": plan_id,
            "title": reading.plan_title.text if reading.plan_title else "",
            "municipality_code": code,
            "municipality_name": name,
        },
        plan_id,
        plan_cells,
    )
    report_cells = {"title": reading.report_title} if reading.report_title else {}
    if reading.footnote:
        report_cells["footnote"] = reading.footnote
    draft.add(
        "reports",
        {"report_id": REPORT_ID, "plan_id": plan_id, "source_media_type": "application/pdf"}
        | {column: cell.text for column, cell in report_cells.items()},
        REPORT_ID,
        report_cells,
    )
    goals = _goals(draft, reading, plan_id)
    if reading.layout == "grades":
        _grades(draft, reading, goals)
    else:
        _entries(draft, reading, goals)
    return draft


def _goals(draft: Draft, reading: Reading, plan_id: str) -> dict[int, str]:
    """basic-goals from the distinct goal cells, in print order; id by the cell's identity."""
    cells = [e["goal"] for e in reading.entries if "goal" in e]
    cells += [g[0] for g in reading.grades]
    ids: dict[int, str] = {}
    by_text: dict[str, str] = {}  # a form repeats its goal in every block
    for cell in cells:
        if id(cell) in ids:
            continue
        if cell.text in by_text:
            ids[id(cell)] = by_text[cell.text]
            continue
        goal_id = f"g{len(by_text) + 1}"
        ids[id(cell)] = by_text[cell.text] = goal_id
        number, title = _split_number(cell.text)
        draft.add(
            "basic-goals",
            {"goal_id": goal_id, "plan_id": plan_id, "number": number, "title": title},
            goal_id,
            {"title": cell},
        )
    return ids


def _entries(draft: Draft, reading: Reading, goals: dict[int, str]) -> None:
    initiatives: dict[int, str] = {}
    seen: dict[tuple[str, str], str] = {}
    actors: dict[str, str] = {}
    for index, entry in enumerate(reading.entries, start=1):
        goal_id = goals.get(id(entry["goal"]), "") if "goal" in entry else ""
        initiative_id = ""
        if "initiative" in entry:
            cell = entry["initiative"]
            same = (goal_id, cell.text)
            if same in seen:
                initiatives[id(cell)] = seen[same]
            if id(cell) not in initiatives:
                mine = sum(1 for i in draft.rows.get("initiatives", []) if i["goal_id"] == goal_id)
                initiative_id = f"{goal_id or 'i'}-{mine + 1}"
                initiatives[id(cell)] = seen[same] = initiative_id
                number, title = _split_number(cell.text)
                draft.add(
                    "initiatives",
                    {
                        "initiative_id": initiative_id,
                        "goal_id": goal_id,
                        "number": number,
                        "title": title,
                    },
                    initiative_id,
                    {"title": cell},
                )
            initiative_id = initiatives[id(cell)]
        actor_id = ""
        if "actor" in entry and entry["actor"].text:
            cell = entry["actor"]
            if cell.text not in actors:
                actors[cell.text] = f"a{len(actors) + 1}"
                draft.add(
                    "actors",
                    {"actor_id": actors[cell.text], "name": cell.text},
                    actors[cell.text],
                    {"name": cell},
                )
            actor_id = actors[cell.text]
        entry_id = f"e{index}"
        printed = {c: entry[c] for c in ("progress", "issue") if c in entry}
        draft.add(
            "progress-entries",
            {
                "entry_id": entry_id,
                "report_id": REPORT_ID,
                "initiative_id": initiative_id,
                "actor_id": actor_id,
            }
            | {column: cell.text for column, cell in printed.items()},
            entry_id,
            printed,
        )


def _grades(draft: Draft, reading: Reading, goals: dict[int, str]) -> None:
    if reading.legend or reading.grades:
        title = {"title": reading.scale_title} if reading.scale_title else {}
        draft.add(
            "grade-scales",
            {"scale_id": SCALE_ID, "report_id": REPORT_ID}
            | {column: cell.text for column, cell in title.items()},
            SCALE_ID,
            title,
        )
    for level in reading.legend:
        columns = dict(zip(("code", "title_ja", "description_ja"), level, strict=False))
        code = columns["code"].text
        draft.add(
            "grade-levels",
            {"scale_id": SCALE_ID} | {column: cell.text for column, cell in columns.items()},
            f"{SCALE_ID} {code}",
            {column: cell for column, cell in columns.items() if column != "code"}
            | {"code": columns["code"]},
        )
    for index, (goal, year, code) in enumerate(reading.grades, start=1):
        grade_id = f"grade{index}"
        draft.add(
            "grades",
            {
                "grade_id": grade_id,
                "scale_id": SCALE_ID,
                "code": code.text,
                "goal_id": goals[id(goal)],
                "fiscal_year_label": year.text,
            },
            grade_id,
            {"code": code, "fiscal_year_label": year},
        )
