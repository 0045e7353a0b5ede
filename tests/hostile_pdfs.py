"""Real PDFs `transcribe` must refuse or survive, made byte by byte (a PDF's objects, its
cross-reference table and trailer) or with pypdfium2: nothing here is a mock of a parser."""

from __future__ import annotations

import re
import zlib
from pathlib import Path


def raw_pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A complete PDF file of `objects` (numbered from 1; object 1 is the catalog)."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer,
        xref,
    )
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def text_page_objects(content: bytes, extra: bytes = b"") -> list[bytes]:
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        _stream(content, extra),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]


HELLO = b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET"


def encrypted_pdf() -> bytes:
    """Standard security handler, revision 2, with a user password: unreadable without it."""
    encrypt = (
        b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44"
        b" /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> >>"
    )
    objects = [*text_page_objects(HELLO), encrypt]
    return raw_pdf(
        objects,
        b"/Encrypt 6 0 R /ID [<00112233445566778899aabbccddeeff> "
        b"<00112233445566778899aabbccddeeff>]",
    )


def bomb_pdf(decoded_bytes: int) -> bytes:
    """A page whose content stream is `decoded_bytes` of spaces, Flate-compressed (small file)."""
    packed = zlib.compress(HELLO + b" " * decoded_bytes, 9)
    return raw_pdf(text_page_objects(packed, b"/Filter /FlateDecode"))


def scanned_pdf(source: Path, target: Path) -> Path:
    """Each page of `source` rendered to an image and placed alone on a page: a scan."""
    import pypdfium2 as pdfium

    original = pdfium.PdfDocument(source)
    scanned = pdfium.PdfDocument.new()
    try:
        for index in range(len(original)):
            width, height = original[index].get_size()
            bitmap = original[index].render(scale=1)
            page = scanned.new_page(width, height)
            image = pdfium.PdfImage.new(scanned)
            image.set_bitmap(bitmap)
            image.set_matrix(pdfium.PdfMatrix().scale(width, height))
            page.insert_obj(image)
            page.gen_content()
        scanned.save(target)
    finally:
        scanned.close()
        original.close()
    return target


def many_pages_pdf(pages: int, target: Path) -> Path:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument.new()
    try:
        for _ in range(pages):
            document.new_page(595, 842)
        document.save(target)
    finally:
        document.close()
    return target


JAVASCRIPT = b"app.alert('transcribe must not run this')"


def with_javascript(pdf: bytes) -> bytes:
    """`pdf` with an incremental update whose catalog runs JavaScript when opened."""
    catalog = re.search(rb"(\d+) 0 obj\s*<<\s*/Type\s*/Catalog(.*?)>>\s*endobj", pdf, re.S)
    assert catalog, "no plain catalog object to update"
    number = int(catalog.group(1))
    previous = int(re.findall(rb"startxref\s+(\d+)", pdf)[-1])
    size = int(re.findall(rb"/Size\s+(\d+)", pdf)[-1])
    root = re.findall(rb"/Root\s+(\d+ \d+ R)", pdf)[-1]
    out = bytearray(pdf if pdf.endswith(b"\n") else pdf + b"\n")
    action = len(out)
    out += b"%d 0 obj\n<< /S /JavaScript /JS (%s) >>\nendobj\n" % (size, JAVASCRIPT)
    updated = len(out)
    out += b"%d 0 obj\n<< /Type /Catalog%s /OpenAction %d 0 R >>\nendobj\n" % (
        number,
        catalog.group(2),
        size,
    )
    xref = len(out)
    out += b"xref\n%d 1\n%010d 00000 n \n%d 1\n%010d 00000 n \n" % (number, updated, size, action)
    out += b"trailer\n<< /Size %d /Root %s /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        size + 1,
        root,
        previous,
        xref,
    )
    return bytes(out)
