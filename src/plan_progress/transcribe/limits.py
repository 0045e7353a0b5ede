"""The PDFs `transcribe` agrees to read (docs/security.md lists them for operators).

A report of a municipality is a few dozen pages and a few megabytes; these bounds are far
above that and far below what would exhaust a desktop's memory or patience."""

from __future__ import annotations

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_PAGES = 500
# One decoded stream (a page's content, an embedded font or image), and all of them together:
# a decompression bomb is a small file whose streams expand past these.
MAX_STREAM_BYTES = 64 * 1024 * 1024
MAX_DECODED_BYTES = 512 * 1024 * 1024
# A page with fewer printed characters than this, on every page, has no usable text layer.
MIN_TEXT_CHARS = 1
