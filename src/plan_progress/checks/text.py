"""Text rules of the standard: NFC only, no PDF wrap artifacts, no invisible characters.

A text is what the source prints. Characters that print nothing (or print differently on
every system) can hide a change, reorder a line on screen (bidi overrides), or break a line
where no line break is (U+0085, U+2028); none of them is in a printed report. The seed's own
texts keep their paragraph breaks (LF) and full-width characters, which are fine.
"""

from __future__ import annotations

import re
import unicodedata

from plan_progress.core.problems import Problem
from plan_progress.model.tables import Tables

# Spaces at either end, or around a line break, are what PDF wrapping leaves behind.
_EDGE_SPACE = re.compile(r"^\s|\s$|[ \t\u3000]\n|\n[ \t\u3000]|\n\n")
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")
# Invisible and layout-changing characters: C1 controls (U+0085 NEXT LINE among them), the
# soft hyphen, zero-width space/non-joiner/joiner, left-to-right and right-to-left marks,
# line and paragraph separators, bidi embeddings and overrides (U+202A-202E), word joiner
# and invisible operators, bidi isolates (U+2066-2069), the byte order mark, and the
# Arabic letter mark.
_INVISIBLE = re.compile(
    "[\x80-\x9f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
# Printable ASCII, CJK punctuation (without its combining tone marks U+302A-302F), kana
# (without the combining sound marks U+3099/309A), kanji and full-width forms: every one
# assigned and none combining, so a text made only of these needs no closer look.
_PLAIN = re.compile(
    "[\n\u0020-\u007e\u3000-\u3029\u3030-\u303f\u3041-\u3096\u309b-\u30ff"
    "\u4e00-\u9fff\uff01-\uff9f]*"
)


def check_text(tables: Tables, paths: dict[str, str]) -> list[Problem]:
    problems = []
    for name, rows in tables.items():
        for row in rows:
            for column, value in row.cells.items():
                if not isinstance(value, str):
                    continue
                where = (paths[name], row.number, column)
                # is_normalized answers without building the normalized copy.
                if not unicodedata.is_normalized("NFC", value):
                    problems.append(Problem("text.not-nfc", *where))
                if _CONTROL.search(value):
                    problems.append(Problem("text.control-character", *where))
                elif _EDGE_SPACE.search(value):
                    problems.append(Problem("text.whitespace", *where))
                # Most texts are ASCII, kana, kanji and full-width forms only: skip them fast.
                if not _PLAIN.fullmatch(value):
                    problems.extend(character_problems(value, where))
    return problems


def character_problems(value: str, where: tuple[str, int, str]) -> list[Problem]:
    """The first invisible, private-use, unassigned or stray combining character (one
    problem per kind and cell is enough to find and fix it)."""
    found: dict[str, Problem] = {}
    for position, char in enumerate(value, start=1):
        category = unicodedata.category(char)
        if _INVISIBLE.match(char):
            rule = "text.invisible-character"
        elif category == "Co":
            rule = "text.private-use"
        elif category == "Cn":
            rule = "text.unassigned"
        elif category.startswith("M") and (position == 1 or value[position - 2].isspace()):
            # A combining mark at the start or after a space or line break combines with
            # nothing (variation selectors after a kanji, for a name's form, are fine).
            rule = "text.stray-combining-mark"
        else:
            continue
        if rule not in found:
            params = {
                "char": f"U+{ord(char):04X}",
                "name": unicodedata.name(char, "") or "-",
                "position": position,
            }
            found[rule] = Problem(rule, *where, params=params)
    return list(found.values())
