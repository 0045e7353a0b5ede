"""Checks a PDF must pass before a parser touches it: size, shape, encryption, page count,
decompression bombs and a text layer. Each refusal is one Problem with its rule id, so the
command exits 1 with a bilingual message and writes nothing.

The order matters: the cheap byte-level checks run first, so a hostile file is refused before
pdfium or pdfminer spend memory on it. Embedded JavaScript is never run: neither library
executes scripts (pdfium only with a form environment, which is not created here)."""

from __future__ import annotations

import re
import zlib
from pathlib import Path

from plan_progress.core.problems import InvalidPackage, Problem
from plan_progress.transcribe import limits

_STREAM = re.compile(rb"stream\r?\n")
_CHUNK = 1024 * 1024


def refuse(rule: str, pdf: Path, **params: object) -> InvalidPackage:
    return InvalidPackage([Problem(rule, str(pdf), params={"value": pdf.name, **params})])


def read_checked(pdf: Path) -> bytes:
    """The file's bytes once it is known to be a PDF of bounded size and decoded size."""
    try:
        size = pdf.stat().st_size
        if not pdf.is_file():
            raise refuse("transcribe.malformed", pdf, detail="not a file / ファイルではありません")
        if size > limits.MAX_FILE_BYTES:
            raise refuse("transcribe.too-large", pdf, size=size, limit=limits.MAX_FILE_BYTES)
        data = pdf.read_bytes()
    except FileNotFoundError as err:
        raise refuse("transcribe.not-found", pdf) from err
    except OSError as err:
        raise refuse("transcribe.malformed", pdf, detail=err.strerror or "") from err
    if b"%PDF-" not in data[:1024]:
        raise refuse(
            "transcribe.malformed", pdf, detail="no %PDF- header / PDF の見出しがありません"
        )
    _check_decoded_sizes(pdf, data)
    return data


def _check_decoded_sizes(pdf: Path, data: bytes) -> None:
    """Inflate every Flate stream with a bounded output, stopping at the first that expands
    past the limit: the parsers would inflate them whole, in memory."""
    total = 0
    for match in _STREAM.finditer(data):
        start = match.end()
        end = data.find(b"endstream", start)
        blob = data[start : end if end >= 0 else len(data)]
        inflater = zlib.decompressobj()
        size = 0
        try:
            chunk = inflater.decompress(blob, _CHUNK)
            while chunk:
                size += len(chunk)
                if size > limits.MAX_STREAM_BYTES or total + size > limits.MAX_DECODED_BYTES:
                    raise refuse(
                        "transcribe.decompression-bomb", pdf, limit=limits.MAX_STREAM_BYTES
                    )
                chunk = inflater.decompress(inflater.unconsumed_tail, _CHUNK)
        except zlib.error:
            pass  # not Flate data (an image, an encrypted stream): the parsers bound those
        total += size


def open_checked(pdf: Path, data: bytes) -> tuple[object, int]:
    """pypdfium2's document once it is unencrypted, within the page limit and with text."""
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as err:
        if "password" in str(err).lower():
            raise refuse("transcribe.encrypted", pdf) from err
        raise refuse("transcribe.malformed", pdf, detail=str(err)) from err
    try:
        if pdfium_c.FPDF_GetSecurityHandlerRevision(document.raw) != -1:
            raise refuse("transcribe.encrypted", pdf)
        pages = len(document)
        if pages > limits.MAX_PAGES:
            raise refuse("transcribe.too-many-pages", pdf, pages=pages, limit=limits.MAX_PAGES)
        if pages == 0:
            raise refuse("transcribe.malformed", pdf, detail="no pages / ページがありません")
        if not any(_has_text(document[index]) for index in range(pages)):
            raise refuse("transcribe.no-text-layer", pdf, pages=pages)
    except BaseException:
        document.close()
        raise
    return document, pages


def _has_text(page: object) -> bool:
    textpage = page.get_textpage()  # type: ignore[attr-defined]
    try:
        return textpage.count_chars() >= limits.MIN_TEXT_CHARS and bool(
            textpage.get_text_range().strip()
        )
    finally:
        textpage.close()
