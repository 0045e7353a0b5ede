"""Which encoding a CSV file saved by Excel is in: detected where it is certain, else stated.

Excel saves "CSV UTF-8" with a byte order mark and plain "CSV" in the system code page,
which in Japan is CP932 (Microsoft's Shift_JIS). The order below never guesses: a BOM is
certain; strict UTF-8 practically never decodes Japanese CP932 text; CP932 is taken only
when UTF-8 has failed and CP932 decodes every byte.
"""

from __future__ import annotations

import codecs
import re

# What people call the encoding -> the codec that reads it. Excel's "Shift_JIS" is CP932
# (it has the NEC and IBM extensions such as ① and ㈱ that plain shift_jis lacks).
ENCODINGS = {"utf-8": "utf-8", "utf-8-sig": "utf-8-sig", "cp932": "cp932", "shift_jis": "cp932"}


# Python's CP932 decoder maps bytes that Shift_JIS leaves unassigned (0x80, 0xA0, 0xFD-0xFF)
# to C1 controls and private-use characters instead of failing; text with those is not a
# clean CP932 reading. (C0 controls other than tab and line ends are equally implausible.)
_IMPLAUSIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ue000-\uf8ff]")


class EncodingProblem(ValueError):
    """The bytes do not decode; the message says what was tried."""


def decode(data: bytes, stated: str | None = None) -> tuple[str, str]:
    """(text, codec used). Raises EncodingProblem rather than return mojibake."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise EncodingProblem("UTF-16 (Excel's 'Unicode text') is not CSV / UTF-16 は対象外です")
    if stated is not None:
        codec = ENCODINGS[stated]
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError as err:
            raise EncodingProblem(
                f"not valid {stated} at byte {err.start} / {stated} として読めません（{err.start} バイト目）"
            ) from err
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data.decode("utf-8-sig"), "utf-8-sig"
        except UnicodeDecodeError as err:
            raise EncodingProblem(
                f"UTF-8 BOM but invalid UTF-8 at byte {err.start} / BOM があるのに UTF-8 として読めません"
            ) from err
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("cp932")
        except UnicodeDecodeError as cp932_error:
            raise EncodingProblem(
                f"neither UTF-8 (byte {utf8_error.start}) nor CP932 (byte {cp932_error.start})"
                " / UTF-8 としても CP932（Shift_JIS）としても読めません"
            ) from cp932_error
        odd = _IMPLAUSIBLE.search(text)
        if odd:
            raise EncodingProblem(
                f"neither UTF-8 (byte {utf8_error.start}) nor clean CP932 (U+{ord(odd.group()):04X}"
                f" at character {odd.start()}) / UTF-8 としても CP932（Shift_JIS）としても正しく読めません"
            ) from utf8_error
        return text, "cp932"
