"""The review page's PDF path in a real headless Chromium (issue 22 step 5): a report printed
from the seed is chosen in the form, each drafted cell is checked against its crop and one is
corrected by typing, the corrected draft is checked again and downloaded; no console errors
(a CSP violation is one), axe-core with no serious or critical violation, and screenshots
under build/test-artifacts/screenshots/review-pdf/."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser import axe_scan_under_csp, chromium, screenshot, serious_violations, watch
from conftest import REPO
from hostile_pdfs import encrypted_pdf
from report_pdfs import print_pdf, rows, table_html
from review_server import review_server
from system_tools import artifact_path

AXE_FOUND: dict[str, Any] = {}
PROGRESS = "draft/data/progress-entries.csv"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def seed_pdf(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return print_pdf(browser, table_html(REPO), tmp_path_factory.mktemp("pdf") / "seed.pdf")


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with review_server(tmp_path_factory.mktemp("review") / "store") as url:
        yield url


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="ja-JP", accept_downloads=True
    )
    yield context.new_page()
    context.close()


def upload(page: Any, base: str, file: Path, lang: str = "ja") -> None:
    page.goto(base + ("?lang=en" if lang == "en" else ""))
    page.set_input_files("#file", str(file))
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.wait_for_selector("#summary", timeout=180_000)


def axe_clean(page: Any, name: str) -> None:
    results = axe_scan_under_csp(page)
    AXE_FOUND[name] = [(v["id"], v["impact"], len(v["nodes"])) for v in results["violations"]]
    artifact_path("axe", "review-pdf.json").write_text(
        json.dumps(AXE_FOUND, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    assert serious_violations(results) == [], name


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_staff_check_each_cell_against_its_crop_correct_and_download(
    page: Any, base: str, seed_pdf: Path, lang: str
) -> None:
    log = watch(page)
    upload(page, base, seed_pdf, lang)
    images = page.locator("ol.cells img")
    count = images.count()
    assert count > 28
    # Every crop is drawn (a broken data: URI has no natural width) and named by its alt.
    widths = page.eval_on_selector_all("ol.cells img", "imgs => imgs.map(i => i.naturalWidth)")
    assert all(w > 10 for w in widths)
    alts = page.eval_on_selector_all("ol.cells img", "imgs => imgs.map(i => i.alt)")
    assert all(("ページ" if lang == "ja" else "page") in a for a in alts)
    # Each textarea is labelled (its label names the cell's place).
    label = page.locator("label[for=cell-0]").inner_text()
    assert ("行目" if lang == "ja" else "row") in label
    screenshot(page, "review-pdf", f"cells-{lang}.png", full_page=False)
    page.locator("#cell-item-0").scroll_into_view_if_needed()
    page.locator("#cells").screenshot(
        path=str(artifact_path("screenshots", "review-pdf", f"cells-section-{lang}.png"))
    )
    axe_clean(page, f"cells-{lang}")
    page.fill("#cell-0", "訂正した計画名")
    with page.expect_navigation():
        page.click("form.cells-form button[type=submit]")
    page.wait_for_selector("#summary", timeout=180_000)
    assert page.locator("#problems").is_visible()  # validate's findings, as for any upload
    screenshot(page, "review-pdf", f"corrected-{lang}.png")
    axe_clean(page, f"corrected-{lang}")
    with page.expect_download() as waited:
        page.click("#draft a[href$='draft.zip']")
    with zipfile.ZipFile(io.BytesIO(Path(waited.value.path()).read_bytes())) as archive:
        assert "訂正した計画名" in archive.read("draft/data/plans.csv").decode()
        progress = list(csv.DictReader(io.StringIO(archive.read(PROGRESS).decode())))
    # What the browser sent back for the cells left alone is the text as read, exactly.
    assert [r["progress"] for r in progress] == [
        r["progress"] for r in rows(REPO, "progress-entries")
    ]
    with page.expect_download() as waited:
        page.click("#draft a[href$='draft.xlsx']")
    assert Path(waited.value.path()).read_bytes()[:2] == b"PK"
    assert log.console_errors == [] and log.page_errors == [], log


def test_an_encrypted_pdf_is_refused_on_the_page(page: Any, base: str, tmp_path: Path) -> None:
    log = watch(page)
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(encrypted_pdf())
    upload(page, base, locked)
    assert "transcribe.encrypted" in page.locator("#problems").inner_text()
    # Counted as a problem of the uploaded file, as the page's own refusals are.
    assert "アップロードしたファイル" in page.locator("table.counts").inner_text()
    assert page.locator("ol.cells").count() == 0
    screenshot(page, "review-pdf", "refused-encrypted-ja.png")
    axe_clean(page, "refused-encrypted-ja")
    assert log.console_errors == [] and log.page_errors == [], log
