"""The review page with a PDF (issue 22 step 5), over HTTP against a real server: the draft's
cells beside their crops, the correction form, the corrected draft through validate and back
as workbook and package; a hostile PDF gets transcribe's refusal on the page."""

from __future__ import annotations

import base64
import csv
import html
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from PIL import Image

from browser import chromium
from conftest import REPO, run_cli
from hostile_pdfs import JAVASCRIPT, bomb_pdf, encrypted_pdf, scanned_pdf, with_javascript
from plan_progress.transcribe import limits
from report_pdfs import print_pdf, rows, table_html
from review_server import Visitor, review_server

_CELL = re.compile(
    r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)" alt="([^"]+)"></div>'
    r'<figcaption>([^<]+)</figcaption>.*?<textarea id="cell-(\d+)" name="cell-\d+"[^>]*>\n'
    r"([^<]*)</textarea>",
    re.S,
)


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with chromium() as browser:
        yield print_pdf(browser, table_html(REPO), tmp_path_factory.mktemp("pdf") / "seed.pdf")


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with review_server(tmp_path_factory.mktemp("review") / "store") as url:
        yield url


def cells(page: str) -> list[tuple[bytes, str, str, int, str]]:
    """(crop PNG, alt, caption, number, text) of each drafted cell on the page."""
    return [
        (base64.b64decode(png), html.unescape(alt), html.unescape(cap), int(n), html.unescape(t))
        for png, alt, cap, n, t in _CELL.findall(page)
    ]


def download(visitor: Visitor, base: str, page: str, name: str) -> bytes:
    link = re.search(rf'href="([^"]+/download/{re.escape(name)})"', page)
    assert link, name
    answer = visitor.session.get(requests.compat.urljoin(base, link.group(1)), timeout=60)
    assert answer.status_code == 200
    return answer.content


def test_the_start_page_offers_a_pdf(base: str) -> None:
    page = requests.get(base, timeout=30).text
    assert 'accept=".xlsx,.zip,.pdf"' in page and "文字を選べる PDF" in page


def test_each_drafted_cell_is_shown_beside_its_crop(base: str, seed_pdf: Path) -> None:
    visitor = Visitor(base)
    url = visitor.result_url(visitor.upload(seed_pdf, "下野市の報告書.pdf"))
    answer = visitor.session.get(url, timeout=60)
    assert answer.status_code == 200
    assert "img-src 'self' data:" in answer.headers["Content-Security-Policy"]
    page = answer.text
    assert "下野市の報告書.pdf" in page and "PDF の報告書（下書き）" in page
    found = cells(page)
    entries = rows(REPO, "progress-entries")
    # Every entry's progress text, exactly as the seed has it, in a textarea.
    texts = [text for *_, text in found]
    for entry in entries:
        assert entry["progress"] in texts, entry["entry_id"]
    assert [n for *_, n, _ in found] == list(range(len(found)))
    assert f"{len(found)} 個のセルを読み取りました" in page
    for png, alt, caption, _, _ in found:
        image = Image.open(io.BytesIO(png))
        assert image.format == "PNG" and image.width > 10 and image.height > 10
        assert re.fullmatch(
            r"PDF の \d+ ページ、表「[a-z-]+」\d+ 行目・列「[a-z_]+」のセルの画像", alt
        )
        assert re.fullmatch(r"\d+ ページ・表「[a-z-]+」\d+ 行目・列「[a-z_]+」", caption)
    # The draft is not publishable yet (the PDF does not print each actor's kind): validate's
    # findings are on the page, and the draft comes back as workbook and package anyway.
    assert "直すところが" in page and "actor_type" in page
    book = download(visitor, base, page, "draft.xlsx")
    assert book[:2] == b"PK"
    with zipfile.ZipFile(io.BytesIO(download(visitor, base, page, "draft.zip"))) as archive:
        assert "draft/data/provenance.csv" in archive.namelist()
    english = visitor.session.get(url + "?lang=en", timeout=60).text
    assert "PDF report (draft)" in english
    assert re.search(
        r'alt="Image of page \d+ of the PDF: table plans, row 2, column title"', english
    )


def _corrected_form(visitor: Visitor, page: str, changes: dict[str, str]) -> dict[str, str]:
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token
    form = {"csrfmiddlewaretoken": token.group(1)}
    for _, _, caption, number, text in cells(page):
        form[f"cell-{number}"] = changes.get(caption, text)
    return form


def test_the_corrected_draft_goes_through_validate_and_comes_back(
    base: str, seed_pdf: Path, tmp_path: Path
) -> None:
    visitor = Visitor(base)
    url = visitor.result_url(visitor.upload(seed_pdf))
    page = visitor.session.get(url, timeout=60).text
    action = re.search(r'<form class="cells-form" method="post" action="([^"]+)"', page)
    assert action
    title = next(c for c in cells(page) if "表「plans」2 行目・列「title」" in c[2])
    corrected_title = "訂正した計画名"
    # A textarea sends line ends as CRLF; the package keeps LF.
    two_lines = next(c for c in cells(page) if "\n" in c[4])
    form = _corrected_form(
        visitor,
        page,
        {title[2]: corrected_title, two_lines[2]: two_lines[4].replace("\n", "\r\n")},
    )
    sent = visitor.session.post(
        requests.compat.urljoin(base, html.unescape(action.group(1))),
        data=form,
        headers={"Referer": url},
        allow_redirects=False,
        timeout=60,
    )
    again = visitor.session.get(visitor.result_url(sent), timeout=60).text
    assert sent.headers["Location"] != url  # a new review of the corrected draft
    assert "直すところが" in again and "actor_type" in again  # validate's findings, as usual
    assert "PDF から作った下書き（直したもの）" in again
    with zipfile.ZipFile(io.BytesIO(download(visitor, base, again, "draft.zip"))) as archive:
        plans = archive.read("draft/data/plans.csv").decode()
        progress = archive.read("draft/data/progress-entries.csv").decode()
    assert next(csv.DictReader(io.StringIO(plans)))["title"] == corrected_title
    assert "\r" not in progress
    assert two_lines[4] in progress
    # The corrected package validates from the command line as it does on the page.
    folder = tmp_path / "draft"
    with zipfile.ZipFile(io.BytesIO(download(visitor, base, again, "draft.zip"))) as archive:
        archive.extractall(tmp_path)
    done = run_cli("validate", str(folder))
    assert done.returncode == 1 and "table.required" in done.stderr + done.stdout
    # The corrected workbook holds the correction.
    book = download(visitor, base, again, "draft.xlsx")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(book), read_only=True)["plans"]
    assert corrected_title in [c for row in sheet.iter_rows(values_only=True) for c in row]


def test_a_correction_is_only_for_its_owner(base: str, seed_pdf: Path) -> None:
    owner = Visitor(base)
    url = owner.result_url(owner.upload(seed_pdf))
    other = Visitor(base)
    token = other.token()
    answer = other.session.post(
        url + "correct",
        data={"csrfmiddlewaretoken": token, "cell-0": "x"},
        headers={"Referer": base},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 404


@pytest.mark.parametrize(
    ("make", "rule", "ja", "en"),
    [
        (
            lambda seed, folder: scanned_pdf(seed, folder / "scan.pdf").read_bytes(),
            "transcribe.no-text-layer",
            "OCR",
            "OCR is out of scope",
        ),
        (lambda seed, folder: encrypted_pdf(), "transcribe.encrypted", "暗号化", "encrypted"),
        (
            lambda seed, folder: bomb_pdf(limits.MAX_STREAM_BYTES + 1),
            "transcribe.decompression-bomb",
            "",
            "",
        ),
        (
            lambda seed, folder: b"%PDF-1.7\n" + bytes(range(256)) * 40,
            "transcribe.malformed",
            "",
            "",
        ),
    ],
    ids=["scanned", "encrypted", "bomb", "garbage"],
)
def test_a_pdf_that_cannot_be_read_gets_transcribes_refusal_on_the_page(
    base: str, seed_pdf: Path, tmp_path: Path, make, rule: str, ja: str, en: str
) -> None:
    upload = tmp_path / "report.pdf"
    upload.write_bytes(make(seed_pdf, tmp_path))
    visitor = Visitor(base)
    url = visitor.result_url(visitor.upload(upload, "報告書.pdf"))
    for lang, word in (("ja", ja), ("en", en)):
        answer = visitor.session.get(url + ("?lang=en" if lang == "en" else ""), timeout=60)
        assert answer.status_code == 200
        page = answer.text
        assert f"<code>{rule}</code>" in page and word in page
        assert "Traceback" not in page and "review.internal" not in page
        assert "upload.pdf" not in page and "/tmp" not in page  # only the sender's name
        assert "<img" not in page and 'class="cells-form"' not in page


def test_pdf_javascript_is_not_run_and_not_carried(
    base: str, seed_pdf: Path, tmp_path: Path
) -> None:
    upload = tmp_path / "script.pdf"
    upload.write_bytes(with_javascript(seed_pdf.read_bytes()))
    visitor = Visitor(base)
    page = visitor.session.get(visitor.result_url(visitor.upload(upload)), timeout=60).text
    assert len(cells(page)) > len(rows(REPO, "progress-entries"))
    assert "app.alert" not in page and JAVASCRIPT.decode("latin-1") not in page
    draft = download(visitor, base, page, "draft.zip")
    with zipfile.ZipFile(io.BytesIO(draft)) as archive:
        written = b"".join(archive.read(n) for n in archive.namelist())
    assert b"app.alert" not in written and JAVASCRIPT not in written


def test_the_crops_come_from_the_uploaded_file_only(base: str, seed_pdf: Path) -> None:
    """Each crop is the uploaded page at its cell's box: the first cell's crop shows ink where
    the PDF prints the plan title (a blank page would give a white crop)."""
    visitor = Visitor(base)
    page = visitor.session.get(visitor.result_url(visitor.upload(seed_pdf)), timeout=60).text
    png = cells(page)[0][0]
    image = Image.open(io.BytesIO(png)).convert("L")
    assert image.getextrema()[0] < 100  # dark glyphs on the page
    # Every image on the page is inline: nothing is fetched from anywhere.
    assert re.findall(r'<img src="([a-z]+):', page) == ["data"] * len(cells(page))
