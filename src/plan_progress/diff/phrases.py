"""A changed text as changed phrases (文節) a Japanese reader can follow, not scattered
characters: each text is cut into phrases by BudouX (a maintained segmenter with a small
model), and the two phrase sequences are compared by difflib.

    phrase_diff("事業者を新たに１２事業所", "事業者を新たに１５事業所")
    # [{"op": "equal", "text": "事業者を新たに"}, {"op": "delete", "text": "１２事業所"},
    #  {"op": "insert", "text": "１５事業所"}]

Line breaks are phrases of their own, so a paragraph added or dropped reads as one.
"""

from __future__ import annotations

import difflib
from functools import cache
from typing import Any


@cache
def _parser() -> Any:
    # Imported when a text has changed: `diff` of unchanged texts never loads the model.
    import budoux

    return budoux.load_default_japanese_parser()


def segment(text: str) -> list[str]:
    """The phrases of a text, in order; joined they give the text back exactly."""
    out: list[str] = []
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body:
            out += _parser().parse(body)
        if len(body) < len(line):
            out.append(line[len(body) :])
    return out


def phrase_diff(old: str, new: str) -> list[dict[str, str]]:
    """The phrases of `old` and `new`: equal, deleted (only in old), inserted (only in new);
    a replaced run is its deletion then its insertion."""
    before, after = segment(old), segment(new)
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    out: list[dict[str, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.append({"op": "equal", "text": "".join(before[i1:i2])})
            continue
        if i2 > i1:
            out.append({"op": "delete", "text": "".join(before[i1:i2])})
        if j2 > j1:
            out.append({"op": "insert", "text": "".join(after[j1:j2])})
    return out


def text_change(old: str | None, new: str | None) -> dict[str, Any]:
    """How a text moved from one report to the next: unchanged, changed (with its phrases),
    added, removed, or empty in both."""
    old, new = old or None, new or None
    if old is None and new is None:
        status = "empty"
    elif old is None:
        status = "added"
    elif new is None:
        status = "removed"
    elif old == new:
        status = "unchanged"
    else:
        status = "changed"
    phrases = phrase_diff(old, new) if status == "changed" else []  # type: ignore[arg-type]
    return {"status": status, "old": old, "new": new, "phrases": phrases}
