"""How well a draft from `transcribe` matches the package its PDF was printed from.

Per layout (issue 22): the share of printed cells transcribed exactly, the share of entries
linked to the right initiative (and goal), the share of cells whose recorded page really
prints them (checked with pdfium's own text extraction, not pdfplumber's), and the number of
drafted texts that the PDF does not print (must be 0). Expected cells come from the source
package's CSVs, in the order report_pdfs.py prints them."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from plan_progress.transcribe.glyphs import map_text
from report_pdfs import rows

_SPACE = re.compile(r"\s+")


def squeeze(text: str) -> str:
    return _SPACE.sub("", text)


def pdf_page_texts(pdf: Path) -> list[str]:
    """Each page's text as pdfium extracts it, look-alikes mapped, white space removed."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        texts = []
        for index in range(len(document)):
            textpage = document[index].get_textpage()
            texts.append(squeeze(map_text(textpage.get_text_range()).text))
            textpage.close()
        return texts
    finally:
        document.close()


def _read(draft: Path, table: str) -> list[dict[str, str]]:
    with (draft / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


@dataclass
class Score:
    cells: int = 0
    exact: int = 0
    entries: int = 0
    linked: int = 0
    paged: int = 0
    invented: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def share(self, part: int, whole: int) -> float:
        return part / whole if whole else 0.0

    @property
    def exact_share(self) -> float:
        return self.share(self.exact, self.cells)

    @property
    def linked_share(self) -> float:
        return self.share(self.linked, self.entries)

    @property
    def page_share(self) -> float:
        return self.share(self.paged, self.cells)


def _printed_entries(package: Path, layout: str) -> list[dict[str, str]]:
    """Source entries in print order, each with its printed goal, initiative and actor."""
    goals = {g["goal_id"]: g for g in rows(package, "basic-goals")}
    initiatives = rows(package, "initiatives")
    actors = {a["actor_id"]: a for a in rows(package, "actors")}
    entries = rows(package, "progress-entries")
    if layout == "table":
        order = [
            e
            for g in goals.values()
            for i in initiatives
            if i["goal_id"] == g["goal_id"]
            for e in entries
            if e["initiative_id"] == i["initiative_id"]
        ]
    else:
        order = entries
    by_id = {i["initiative_id"]: i for i in initiatives}
    out = []
    for entry in order:
        initiative = by_id[entry["initiative_id"]]
        actor = actors[entry["actor_id"]]
        out.append(
            {
                "goal": goals[initiative["goal_id"]]["title"] if initiative["goal_id"] else "",
                "initiative": initiative["title"],
                "actor": (actor["short_name"] or actor["name"])
                if layout == "table"
                else actor["name"],
                "progress": entry["progress"],
                "issue": entry["issue"],
            }
        )
    return out


def _page_of(draft: Path) -> dict[tuple[str, str, str], list[int]]:
    """The pages each drafted cell is printed on (more than one when it runs on)."""
    pages: dict[tuple[str, str, str], list[int]] = {}
    for p in _read(draft, "provenance"):
        pages.setdefault((p["table"], p["row"], p["column"]), []).append(int(p["page"]))
    return pages


def _printed(text: str, on: list[str]) -> bool:
    if len(on) == 1:
        return text in on[0]
    return any(text[:k] in on[0] and _printed(text[k:], on[1:]) for k in range(1, len(text)))


def score(layout: str, package: Path, draft: Path, pdf: Path) -> Score:
    result = Score()
    pages = pdf_page_texts(pdf)
    page_of = _page_of(draft)

    def check(expected: str, got: str, where: tuple[str, str, str]) -> None:
        result.cells += 1
        if got == expected:
            result.exact += 1
        else:
            result.misses.append(f"{where}: {expected!r} != {got!r}")
        recorded = page_of.get(where)
        text = squeeze(expected)
        # Printed on the page it records (in pieces on each, when it runs on).
        if recorded and _printed(text, [pages[p - 1] for p in recorded]):
            result.paged += 1

    # Anything drafted from the page must be printed on it (nothing invented): a cell that
    # runs on must be printed in pieces, one on each page it records, in order.
    for (table, number, column), recorded in page_of.items():
        row = _read(draft, table)[int(number) - 2]
        text = squeeze(row[column])
        if text and not _printed(text, [pages[p - 1] for p in recorded]):
            result.invented.append(f"{table}:{number}:{column}")
    if layout == "grades":
        _score_grades(package, draft, check, result)
        return result
    goals = {g["goal_id"]: g for g in _read(draft, "basic-goals")}
    initiatives = {i["initiative_id"]: (n, i) for n, i in enumerate(_read(draft, "initiatives"), 2)}
    actors = {a["actor_id"]: (n, a) for n, a in enumerate(_read(draft, "actors"), 2)}
    drafted = _read(draft, "progress-entries")
    for number, (want, got) in enumerate(
        zip(_printed_entries(package, layout), drafted, strict=False), 2
    ):
        result.entries += 1
        row, initiative = initiatives.get(got["initiative_id"], (0, {}))
        goal = goals.get(initiative.get("goal_id", ""), {})
        if initiative.get("title") == want["initiative"] and goal.get("title", "") == want["goal"]:
            result.linked += 1
        for column in ("progress", "issue"):
            if want[column]:
                check(want[column], got.get(column, ""), ("progress-entries", str(number), column))
        actor_row, actor = actors.get(got["actor_id"], (0, {}))
        check(want["actor"], actor.get("name", ""), ("actors", str(actor_row), "name"))
    result.entries = max(result.entries, len(_printed_entries(package, layout)))
    return result


def _score_grades(package: Path, draft: Path, check, result: Score) -> None:
    scale = rows(package, "grade-scales")[0]
    want_levels = [
        lv for lv in rows(package, "grade-levels") if lv["scale_id"] == scale["scale_id"]
    ]
    got_levels = {lv["code"]: (n, lv) for n, lv in enumerate(_read(draft, "grade-levels"), 2)}
    for level in want_levels:
        number, got = got_levels.get(level["code"], (0, {}))
        for column in ("title_ja", "description_ja"):
            if level[column]:
                check(level[column], got.get(column, ""), ("grade-levels", str(number), column))
    goal_titles = {g["goal_id"]: g["title"] for g in rows(package, "basic-goals")}
    drafted_goals = {g["goal_id"]: g["title"] for g in _read(draft, "basic-goals")}
    drafted = [
        (n, g, drafted_goals.get(g["goal_id"], "")) for n, g in enumerate(_read(draft, "grades"), 2)
    ]
    for grade in rows(package, "grades"):
        if grade["scale_id"] != scale["scale_id"]:
            continue
        result.entries += 1
        title = goal_titles.get(grade["goal_id"], "")
        match = [
            (n, g)
            for n, g, t in drafted
            if t == title and g["fiscal_year_label"] == grade["fiscal_year_label"]
        ]
        if match:
            result.linked += 1
        number, got = match[0] if match else (0, {})
        check(grade["code"], got.get("code", ""), ("grades", str(number), "code"))
