"""Characters a PDF's text layer carries that are not the ones the reader sees.

Fonts share one glyph between a CJK ideograph and its look-alikes, and the PDF writer picks
either code point for the ToUnicode map: Chromium writes ⽇ (U+2F47 KANGXI RADICAL SUN) for
日, ⽀ for 支. Unicode's own compatibility decomposition (NFKC) maps these blocks to the
ideographs for the Kangxi radicals and the compatibility ideographs, so NFKC is applied only
inside those blocks; elsewhere it would change what is printed (full-width digits, ①, ㈱
stay as printed). The CJK Radicals Supplement (⺠ U+2EA0 for 民, which Chromium writes too)
has no NFKC mapping: Unicode's own table of equivalent unified ideographs
(unicode/EquivalentUnifiedIdeograph.txt, UCD 15.0, copied unchanged) maps it. Private-use code points and glyphs without any
Unicode mapping are not guessed: they stay as they are and are reported."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_UCD_TABLE = Path(__file__).with_name("unicode") / "EquivalentUnifiedIdeograph.txt"

# Blocks whose characters are look-alikes of unified ideographs, mapped by NFKC.
LOOKALIKE_BLOCKS = (
    (0x2F00, 0x2FDF),  # Kangxi Radicals
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0x2F800, 0x2FA1F),  # CJK Compatibility Ideographs Supplement
)
# Look-alikes NFKC leaves alone but CJK fonts draw with the glyph of a Japanese character,
# so a PDF writer's reverse map may pick them: U+2027 HYPHENATION POINT for the nakaguro
# U+30FB (Noto CJK draws both with one glyph). Neither occurs in Japanese running text
# otherwise; each mapping is recorded in the cell's provenance.
SHARED_GLYPHS = {"\u2027": "\u30fb"}
_PRIVATE_USE = ((0xE000, 0xF8FF), (0xF0000, 0xFFFFD), (0x100000, 0x10FFFD))
# pdfminer writes a glyph it cannot map to Unicode as "(cid:N)".
_CID = re.compile(r"\(cid:\d+\)")


@dataclass
class Mapped:
    text: str
    replaced: list[str]  # "U+2F47→U+65E5", one per distinct mapping
    flagged: list[str]  # "U+E000" or "(cid:12)", glyphs left for a person to read


def _in(code: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(low <= code <= high for low, high in ranges)


@cache
def equivalent_ideographs() -> dict[str, str]:
    """Unicode's Equivalent_Unified_Ideograph property: radical or stroke -> ideograph."""
    table: dict[str, str] = {}
    for line in _UCD_TABLE.read_text(encoding="utf-8").splitlines():
        fields = line.split("#", 1)[0].split(";")
        if len(fields) != 2:
            continue
        source, target = (f.strip() for f in fields)
        low, _, high = source.partition("..")
        for code in range(int(low, 16), int(high or low, 16) + 1):
            table[chr(code)] = chr(int(target, 16))
    return table


def map_text(text: str) -> Mapped:
    out: list[str] = []
    replaced: dict[str, None] = {}
    flagged: dict[str, None] = {}
    for char in text:
        code = ord(char)
        target = char
        if char in equivalent_ideographs():
            target = equivalent_ideographs()[char]
        elif _in(code, LOOKALIKE_BLOCKS):
            target = unicodedata.normalize("NFKC", char)
        elif char in SHARED_GLYPHS:
            target = SHARED_GLYPHS[char]
        elif _in(code, _PRIVATE_USE):
            flagged[f"U+{code:04X}"] = None
        if target != char:
            replaced[f"U+{code:04X}→U+{ord(target[0]):04X}"] = None
        out.append(target)
    mapped = "".join(out)
    for cid in _CID.findall(mapped):
        flagged[cid] = None
    return Mapped(mapped, list(replaced), list(flagged))
