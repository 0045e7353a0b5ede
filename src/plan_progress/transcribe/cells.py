"""A cell's text from the characters printed inside its box: lines rebuilt from positions,
line breaks a cell's width caused removed, real paragraph breaks kept as one line feed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from plan_progress.transcribe.glyphs import map_text

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points (pdfplumber's)

# A line that ends this many character widths short of the cell's inner right edge ends a
# paragraph; a wrapped line fills the width to within one character (kinsoku may push one
# character on), so 1.5 keeps the two apart.
PARAGRAPH_GAP = 1.5
# Characters that may not start a line (JIS X 4051 行頭禁則): a browser carries the one or
# two characters before them onto the next line, leaving a wrapped line that much shorter.
NO_LINE_START = set(
    "。、，．：；？！）」』】〕〉》ゝゞ々ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
)


@dataclass
class Cell:
    text: str
    page: int  # 1-based
    box: Box
    replaced: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)
    # Where the rest of the text is printed when the cell runs on to the next pages.
    more: list[tuple[int, Box]] = field(default_factory=list)
    # Whether the last printed line stops short of the right edge (a paragraph's end).
    ends_short: bool = False

    def extend(self, other: Cell) -> None:
        """Append the continuation `other` (the same cell on the next page): a page break
        inside a cell is a wrap, so no line feed is added."""
        if not other.text:
            return
        if self.ends_short:
            self.text += "\n"
        elif _latin(self.text[-1:]) and _latin(other.text[:1]):
            self.text += " "
        self.text += other.text
        self.ends_short = other.ends_short
        self.replaced += [r for r in other.replaced if r not in self.replaced]
        self.flagged += [f for f in other.flagged if f not in self.flagged]
        self.more.append((other.page, other.box))


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _lines(chars: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Characters grouped into lines (same baseline within a third of their size), top first."""
    lines: list[list[dict[str, Any]]] = []
    for char in sorted(chars, key=lambda c: (round(c["bottom"], 1), c["x0"])):
        if lines and abs(lines[-1][0]["bottom"] - char["bottom"]) <= char["size"] / 3:
            lines[-1].append(char)
        else:
            lines.append([char])
    return [sorted(line, key=lambda c: c["x0"]) for line in lines]


def cell_text(chars: list[dict[str, Any]], box: Box) -> str:
    return cell_lines(chars, box)[0]


def cell_lines(chars: list[dict[str, Any]], box: Box) -> tuple[str, bool]:
    """The cell's text, and whether its last line ends short of the right edge."""
    lines = _lines([c for c in chars if c["upright"]])
    if not lines:
        return "", False
    left_pad = min(line[0]["x0"] for line in lines) - box[0]
    inner_right = box[2] - max(left_pad, 0.0)
    last = lines[-1]
    ends_short = inner_right - last[-1]["x1"] > PARAGRAPH_GAP * max(c["size"] for c in last)
    parts: list[str] = []
    for index, line in enumerate(lines):
        text = "".join(c["text"] for c in line)
        if index:
            previous = lines[index - 1]
            size = max(c["size"] for c in previous)
            carried = next((i for i, ch in enumerate(text[:3]) if ch in NO_LINE_START), 0)
            short = inner_right - previous[-1]["x1"] > (PARAGRAPH_GAP + carried) * size
            if short:
                parts.append("\n")
            elif _latin(parts[-1][-1:]) and _latin(text[:1]):
                parts.append(" ")  # the browser broke the line at a space it did not print
        parts.append(text)
    return "".join(parts).strip(" \u3000"), ends_short


def make_cell(page: Any, box: Box) -> Cell:
    """The cell at `box` on a pdfplumber page: its characters are those whose centre is inside."""
    x0, top, x1, bottom = box
    inside = [
        c
        for c in page.chars
        if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom
    ]
    text, ends_short = cell_lines(inside, box)
    mapped = map_text(text)
    return Cell(
        mapped.text, page.page_number, box, mapped.replaced, mapped.flagged, ends_short=ends_short
    )
