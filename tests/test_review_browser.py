"""The review page in a real headless Chromium, as a municipality's staff member uses it: the
real server (`plan-progress review` in a subprocess), files chosen in the form, the results
read on the page, the package downloaded and validated, two visitors at once, no console
errors (a Content-Security-Policy violation is one), axe-core with no serious or critical
violation, and screenshots under build/test-artifacts/screenshots/review/."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import review_inputs as inputs
from browser import axe_scan_under_csp, chromium, screenshot, serious_violations, watch
from conftest import run_cli
from review_server import Visitor, review_server
from system_tools import artifact_path

AXE_FOUND: dict[str, Any] = {}


@pytest.fixture(scope="module")
def uploads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("uploads")


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with review_server(tmp_path_factory.mktemp("review") / "store") as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    opened = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="ja-JP", accept_downloads=True
    )
    yield opened
    opened.close()


def upload(page: Any, base: str, file: Path, lang: str = "ja") -> None:
    page.goto(base + ("?lang=en" if lang == "en" else ""))
    page.set_input_files("#file", str(file))
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert "/r/" in page.url, page.content()[:500]
    # The upload is queued: the waiting page shows the results by itself when they are ready.
    page.wait_for_selector("#summary", timeout=120_000)


def finding_rows(page: Any) -> list[list[str]]:
    """The problem tables' rows: sheet, row, column (with heading), value, problem."""
    return page.eval_on_selector_all(
        "table.findings tbody tr",
        "rows => rows.map(r => Array.from(r.cells).map(c => c.innerText.trim()))",
    )


def axe_clean(page: Any, name: str) -> None:
    results = axe_scan_under_csp(page)
    AXE_FOUND[name] = {
        "url": page.url.split("/r/")[0] + ("/r/…" if "/r/" in page.url else ""),
        "violations": [(v["id"], v["impact"], len(v["nodes"])) for v in results["violations"]],
        "passes": len(results["passes"]),
    }
    artifact_path("axe", "review.json").write_text(
        json.dumps(AXE_FOUND, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    assert serious_violations(results) == [], name


def test_a_good_workbook_is_valid_previewed_and_its_package_validates(
    context: Any, base: str, uploads: Path, tmp_path: Path
) -> None:
    page = context.new_page()
    log = watch(page)
    missing: list[str] = []
    page.on("response", lambda r: r.status == 404 and missing.append(r.url))
    page.goto(base)
    screenshot(page, "review", "upload-ja.png")
    axe_clean(page, "upload-ja")
    upload(page, base, inputs.good_workbook(uploads))
    assert "問題は見つかりませんでした" in page.inner_text(".verdict")
    headings = page.eval_on_selector_all(
        "table.preview thead th", "cells => cells.map(c => c.innerText.trim())"
    )
    assert "進捗状況" in headings and "課題" in headings
    assert page.locator("table.preview tbody tr").count() == 20
    assert "20 行を表示（全 28 行）" in page.inner_text("#preview")
    screenshot(page, "review", "result-valid-ja.png")
    axe_clean(page, "result-valid-ja")

    with page.expect_download() as download:
        page.click("a[href$='download/package.zip']")
    saved = tmp_path / "package.zip"
    download.value.save_as(saved)
    assert download.value.suggested_filename == "plan-progress-092169.zip"
    with zipfile.ZipFile(saved) as archive:
        archive.extractall(tmp_path)
    checked = run_cli("validate", str(tmp_path / "plan-progress-092169"))
    assert checked.returncode == 0, checked.stderr
    for name in ("release.zip", "workbook.xlsx"):
        with page.expect_download() as other:
            page.click(f"a[href$='download/{name}']")
        assert other.value.suggested_filename.startswith("plan-progress-092169")

    page.click("text=市民向けの報告ページを開く")
    page.wait_for_load_state()
    assert "第２期計画 事業進捗のまとめ(確定版)" in page.inner_text("main")
    screenshot(page, "review", "preview-site-report-ja.png", full_page=False)
    assert missing == []
    assert log.console_errors == [] and log.page_errors == [], log


def test_a_warning_is_shown_beside_the_downloads(context: Any, base: str, uploads: Path) -> None:
    page = context.new_page()
    log = watch(page)
    upload(page, base, inputs.edited_workbook(uploads, "unused.xlsx", inputs.unused_actor))
    assert "問題は見つかりませんでした" in page.inner_text(".verdict-ok")
    assert "警告" in page.inner_text(".verdict-warn") and "1 件" in page.inner_text(".verdict-warn")
    assert finding_rows(page)[0][:3] == ["actors", "5", "A\n主体ID"]
    assert "主体「unused-actor」はどこからも使われていません。" in page.inner_text("#problems")
    assert page.is_visible("a[href$='download/package.zip']")
    screenshot(page, "review", "result-warning-ja.png")
    axe_clean(page, "result-warning-ja")
    assert log.console_errors == [] and log.page_errors == [], log


def test_a_broken_workbook_shows_each_problem_at_its_sheet_row_as_text(
    context: Any, base: str, uploads: Path
) -> None:
    page = context.new_page()
    log = watch(page)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    upload(
        page, base, inputs.edited_workbook(uploads, "required.xlsx", inputs.missing_required_text)
    )
    rows = finding_rows(page)
    assert any(r[:3] == ["initiatives", "7", "D\n取組名"] for r in rows), rows
    script_rows = [r for r in rows if r[1] == "8" and r[2].startswith("D")]
    assert script_rows and script_rows[0][3] == "<script>alert('x')</script>"
    assert "必須の値が空です。" in page.inner_text("#problems")
    assert "値を入力してください。" in page.inner_text("#problems")  # how to fix
    assert dialogs == []  # the markup was shown, never run
    screenshot(page, "review", "result-problems-ja.png")
    axe_clean(page, "result-problems-ja")

    page.click("text=やることリスト（印刷用）")
    page.wait_for_load_state()
    items = page.locator("ol.todo li")
    assert items.count() == len(rows)
    assert "シート「initiatives」 7行目 D列（取組名）" in page.inner_text("ol.todo")
    assert page.is_visible("button[data-print]")  # shown by review.js
    screenshot(page, "review", "todo-ja.png")
    axe_clean(page, "todo-ja")
    page.emulate_media(media="print")
    assert not page.is_visible("header.site-header") and not page.is_visible("button[data-print]")
    screenshot(page, "review", "todo-print.png")
    page.emulate_media(media="screen")

    page.click("a[hreflang=en]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "To-do list" in page.inner_text("h1")
    assert "sheet initiatives, row 7, column D (取組名)" in page.inner_text("ol.todo")
    axe_clean(page, "todo-en")
    assert log.console_errors == [] and log.page_errors == [], log


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("digit", ["plans", "3", "C\n全国地方公共団体コード", "092168"]),
        ("formula", ["progress-entries", "6", "F\n課題"]),
        ("cp932", ["excel-csv/plans.csv", "2", "3\nmunicipality_code", "092168"]),
    ],
)
def test_each_kind_of_problem_is_at_the_right_place(
    context: Any, base: str, uploads: Path, kind: str, expected: list[str]
) -> None:
    files = {
        "digit": lambda: inputs.edited_workbook(uploads, "digit.xlsx", inputs.wrong_check_digit),
        "formula": lambda: inputs.edited_workbook(uploads, "formula.xlsx", inputs.formula_cell),
        "cp932": lambda: inputs.csv_zip(
            uploads, "cp932.zip", "cp932", {"plans": lambda t: t.replace("092169", "092168")}
        ),
    }
    page = context.new_page()
    log = watch(page)
    upload(page, base, files[kind]())
    rows = finding_rows(page)
    assert len(rows) == 1 and rows[0][: len(expected)] == expected, rows
    if kind == "cp932":
        assert "CP932" in page.inner_text("#notes")
    screenshot(page, "review", f"result-{kind}-ja.png")
    assert log.console_errors == [], log


def test_the_english_page(context: Any, base: str, uploads: Path) -> None:
    page = context.new_page()
    upload(
        page, base, inputs.edited_workbook(uploads, "digit.xlsx", inputs.wrong_check_digit), "en"
    )
    assert page.locator("html").get_attribute("lang") == "en"
    assert "1 thing(s) to fix" in page.inner_text(".verdict")
    assert "check digit" in page.inner_text("#problems")
    screenshot(page, "review", "result-problems-en.png")
    axe_clean(page, "result-problems-en")


def test_two_visitors_at_once_see_only_their_own_files(
    browser: Any, base: str, uploads: Path
) -> None:
    first = browser.new_context(viewport={"width": 1100, "height": 800}, locale="ja-JP")
    second = browser.new_context(viewport={"width": 1100, "height": 800}, locale="ja-JP")
    try:
        pages = [first.new_page(), second.new_page()]
        files = [
            inputs.good_workbook(uploads),
            inputs.edited_workbook(uploads, "formula.xlsx", inputs.formula_cell),
        ]
        for page, file in zip(pages, files, strict=True):
            page.goto(base)
            page.set_input_files("#file", str(file))
        # Both forms are sent before either answer arrives: the server has both at once.
        for page in pages:
            page.click("button[type=submit]", no_wait_after=True)
        for page in pages:
            page.wait_for_url("**/r/**", timeout=120_000)
            page.wait_for_selector("#summary", timeout=120_000)
        assert "問題は見つかりませんでした" in pages[0].inner_text(".verdict")
        assert "formula.xlsx" not in pages[0].content()
        assert "formula.xlsx" in pages[1].inner_text("main")
        assert "F6" in pages[1].inner_text("#problems")
        # The second visitor cannot open the first one's results, even with the address.
        stolen = pages[1].goto(pages[0].url)
        assert stolen is not None and stolen.status == 404
        assert "見つかりません" in pages[1].inner_text("main")
        screenshot(pages[1], "review", "other-visitors-result.png")
    finally:
        first.close()
        second.close()


def test_a_queued_upload_waits_on_a_page_that_shows_the_results_by_itself(
    browser: Any, uploads: Path, tmp_path: Path
) -> None:
    """One review at a time, three slow ones ahead: the visitor's upload waits, its page
    says so, and its script brings the results when they are ready (under the strict CSP)."""
    slow = inputs.wide_rows_workbook(uploads, 20_000, value=False)
    with review_server(tmp_path / "store", {"PP_REVIEW_AT_ONCE": "1"}) as url:
        ahead = [Visitor(url) for _ in range(3)]
        for visitor in ahead:
            assert visitor.upload(slow).status_code == 303
        context = browser.new_context(viewport={"width": 1100, "height": 700}, locale="ja-JP")
        try:
            page = context.new_page()
            log = watch(page)
            page.goto(url)
            page.set_input_files("#file", str(inputs.good_workbook(uploads)))
            with page.expect_navigation():
                page.click("button[type=submit]")
            waiting = page.wait_for_selector("[data-pending]", timeout=10_000)
            assert waiting is not None and "ファイルを受け付けました" in waiting.inner_text()
            assert page.get_attribute("[data-pending]", "role") == "status"
            screenshot(page, "review", "waiting-ja.png")
            axe_clean(page, "waiting-ja")
            page.wait_for_selector("#summary", timeout=120_000)
            assert "問題は見つかりませんでした" in page.inner_text(".verdict")
            assert log.console_errors == [] and log.page_errors == [], log
        finally:
            context.close()


def test_a_long_list_of_problems_is_cut_with_a_count_of_the_rest(
    context: Any, base: str, uploads: Path
) -> None:
    page = context.new_page()
    log = watch(page)
    upload(page, base, inputs.extra_columns_package_zip(uploads, 30_000))
    assert len(finding_rows(page)) == 50
    assert "30000" in page.inner_text("#problems h3")  # the rule's full count
    assert "ほかに 29950 件あります" in page.inner_text(".rule-group .more")
    assert "ほかに 29950 件あり" in page.inner_text("#not-listed")
    screenshot(page, "review", "result-capped-ja.png")
    page.locator(".rule-group .more").scroll_into_view_if_needed()
    screenshot(page, "review", "result-capped-end-ja.png", full_page=False)
    axe_clean(page, "result-capped-ja")
    page.click("text=やることリスト（印刷用）")
    assert page.locator("ol.todo > li").count() == 50
    assert "ほかに 29950 件あり" in page.inner_text("main .more")
    screenshot(page, "review", "todo-capped-ja.png", full_page=False)
    axe_clean(page, "todo-capped-ja")
    assert log.console_errors == [] and log.page_errors == [], log


def test_a_formulas_saved_result_is_shown_as_a_warning_at_its_cell(
    context: Any, base: str, uploads: Path
) -> None:
    page = context.new_page()
    upload(page, base, inputs.formula_result_workbook(uploads))
    assert "問題は見つかりませんでした" in page.inner_text(".verdict-ok")
    assert finding_rows(page)[0][:4] == ["plans", "3", "H\n終了年度", "2021"]
    assert "セル H3 は数式です" in page.inner_text("#problems")
    screenshot(page, "review", "result-formula-value-ja.png", full_page=False)
    axe_clean(page, "result-formula-value-ja")
