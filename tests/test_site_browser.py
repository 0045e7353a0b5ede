"""The site in a real headless Chromium (Debian's, with fonts-noto-cjk), opened from disk as a
reader would: every page loads without console errors, every internal link and anchor
resolves, Japanese is drawn with a Japanese font, axe-core finds no serious or critical
violation, search works with JavaScript and the page works without it, and screenshots are
kept under build/test-artifacts/screenshots/site/."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from browser import axe_scan, chromium, screenshot, serious_violations, watch
from system_tools import artifact_path

SHIMOTSUKE = "reports/shimotsuke-chiiki-fukushi-2-progress/"
KAKUU = "reports/example-kakuu-shi-chiiki-fukushi-3/"
IRI_PAGE = "id/092169/plan/chiiki-fukushi-2/initiative/g1-1.html"
AXE_PAGES = [
    "index.html",
    SHIMOTSUKE + "index.html",
    SHIMOTSUKE + "index.en.html",
    KAKUU + "index.html",
    KAKUU + "index.en.html",
    IRI_PAGE,
    "id/990019/plan/chiiki-fukushi-3/report/r6-evaluation/indicator/ind1.html",
    "id/092169/chiiki-fukushi-2.html",
    "standard/index.html",
    "standard/vocabulary.html",
    "standard/tables.html",
    "standard/codelists.html",
    "standard/rules.html",
    "standard/profiles.html",
    "standard/diff.html",
]
_LINKS = """() => ({
  links: Array.from(document.querySelectorAll('a[href], link[href], script[src]'))
    .map(e => e.href || e.src),
  ids: Array.from(document.querySelectorAll('[id]')).map(e => e.id),
})"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    opened = context.new_page()
    yield opened
    context.close()


def url(site: Path, path: str) -> str:
    file, _, anchor = path.partition("#")
    return (site / file).as_uri() + (f"#{anchor}" if anchor else "")


def test_every_page_loads_cleanly_and_every_internal_link_and_anchor_resolves(
    built_site: Path, page: Any
) -> None:
    log = watch(page)
    pages = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html"))
    ids: dict[str, set[str]] = {}
    wanted: list[tuple[str, str, str]] = []  # (from page, target file, anchor)
    for path in pages:
        page.goto(url(built_site, path))
        found = page.evaluate(_LINKS)
        ids[path] = set(found["ids"])
        for link in found["links"]:
            parts = urlsplit(link)
            if parts.scheme != "file":
                assert parts.scheme in ("http", "https"), (path, link)
                continue
            target = Path(unquote(parts.path))
            assert target.is_file(), (path, link)
            assert built_site in target.parents, (path, link)  # never outside the site
            if parts.fragment:
                wanted.append((path, target.relative_to(built_site).as_posix(), parts.fragment))
    missing = [
        (source, target, anchor)
        for source, target, anchor in wanted
        if unquote(anchor) not in ids.get(target, set())
    ]
    assert missing == []
    assert log.console_errors == [] and log.page_errors == [] and log.failed_requests == []
    assert len(pages) > 200


def test_japanese_is_drawn_with_a_japanese_font(built_site: Path, page: Any) -> None:
    page.goto(url(built_site, SHIMOTSUKE + "index.html"))
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    for selector in ("h1", "table.entries tbody td p.text"):
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        assert fonts and all("CJK" in f["familyName"] for f in fonts), (selector, fonts)


def test_no_serious_or_critical_accessibility_violations(built_site: Path, page: Any) -> None:
    found: dict[str, list[str]] = {}
    summary: dict[str, Any] = {}
    for path in AXE_PAGES:
        page.goto(url(built_site, path))
        results = axe_scan(page)
        found[path] = serious_violations(results)
        summary[path] = {
            "violations": [(v["id"], v["impact"], len(v["nodes"])) for v in results["violations"]],
            "passes": len(results["passes"]),
        }
    artifact_path("axe", "site.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    assert {path: lines for path, lines in found.items() if lines} == {}


def test_screenshots_of_the_report_an_iri_page_and_the_vocabulary(
    built_site: Path, page: Any
) -> None:
    shots = {
        "report-ja.png": SHIMOTSUKE + "index.html",
        "report-en.png": SHIMOTSUKE + "index.en.html",
        "report-grades-indicators-ja.png": KAKUU + "index.html",
        "iri-page.png": IRI_PAGE,
        "vocabulary.png": "standard/vocabulary.html",
    }
    for name, path in shots.items():
        page.goto(url(built_site, path))
        assert screenshot(page, "site", name).stat().st_size > 10_000
    page.goto(url(built_site, "standard/vocabulary.html#Initiative"))
    top = page.evaluate("() => document.getElementById('Initiative').getBoundingClientRect().top")
    assert abs(top) < 5  # ns#Initiative lands on the term
    assert screenshot(page, "site", "vocabulary-initiative.png", full_page=False).is_file()
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(url(built_site, KAKUU + "index.html#i-g1-1"))
    assert screenshot(page, "site", "report-phone.png", full_page=False).is_file()


def test_search_filters_the_initiatives_and_the_page_works_without_javascript(
    built_site: Path, browser: Any, page: Any
) -> None:
    page.goto(url(built_site, SHIMOTSUKE + "index.html"))
    items = page.locator("[data-search-item]")
    total = items.count()
    assert total == 14
    search = page.get_by_label("このページを検索")
    assert search.is_visible()
    search.fill("サロン")  # initiatives whose texts mention サロン
    visible = [i for i in range(total) if items.nth(i).is_visible()]
    assert 0 < len(visible) < total
    for i in visible:
        assert "サロン" in items.nth(i).inner_text()
    assert page.get_by_role("status").inner_text() == f"{len(visible)} 件の取組が一致"
    search.fill("")
    assert all(items.nth(i).is_visible() for i in range(total))

    context = browser.new_context(java_script_enabled=False)
    try:
        plain = context.new_page()
        plain.goto(url(built_site, SHIMOTSUKE + "index.html"))
        assert not plain.locator("#search").is_visible()  # no box that would not work
        assert plain.locator("[data-search-item]:visible").count() == total
        assert plain.locator("svg.chart").count() == 0  # Shimotsuke has no indicators
        plain.goto(url(built_site, KAKUU + "index.html"))
        assert plain.locator("svg.chart").first.is_visible()  # charts need no script
    finally:
        context.close()


def test_the_print_stylesheet_leaves_only_the_report(built_site: Path, page: Any) -> None:
    page.goto(url(built_site, SHIMOTSUKE + "index.html"))
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator("nav.toc").is_visible()
    assert page.locator("table.entries").first.is_visible()
    pdf = artifact_path("site", "report-print.pdf")
    page.pdf(path=str(pdf), format="A4")
    assert pdf.stat().st_size > 50_000
    assert screenshot(page, "site", "report-print.png", full_page=False).is_file()


HISTORY_PAGES = [
    "plans/422029-chiiki-fukushi-2/index.html",
    "plans/422029-chiiki-fukushi-2/index.en.html",
    "plans/422029-chiiki-fukushi-2/g-area3.html",
    "plans/990019-chiiki-fukushi-3/index.html",
    "plans/990019-chiiki-fukushi-3/index.en.html",
    "plans/990019-chiiki-fukushi-3/i-g1-1.html",
    "plans/990019-chiiki-fukushi-3/i-g1-1.en.html",
]


def test_a_plans_history_pages_load_link_and_pass_axe(history_site: Path, page: Any) -> None:
    """The history of two plans of two reports each (the real Sasebo pair, the fictional
    example's two years): every plan and item page loads cleanly, every internal link and
    anchor from them resolves, axe-core finds no serious or critical violation."""
    log = watch(page)
    pages = sorted(
        p.relative_to(history_site).as_posix() for p in (history_site / "plans").rglob("*.html")
    )
    assert set(HISTORY_PAGES) <= set(pages)
    for path in ["index.html", *pages]:
        page.goto(url(history_site, path))
        found = page.evaluate(_LINKS)
        for link in found["links"]:
            parts = urlsplit(link)
            if parts.scheme != "file":
                continue
            target = Path(unquote(parts.path))
            assert target.is_file() and history_site in target.parents, (path, link)
            if parts.fragment and target.suffix == ".html":
                anchors = page.context.new_page()
                anchors.goto(target.as_uri())
                ids = set(anchors.evaluate(_LINKS)["ids"])
                anchors.close()
                assert unquote(parts.fragment) in ids, (path, link)
    assert log.console_errors == [] and log.page_errors == [] and log.failed_requests == []
    found_violations: dict[str, list[str]] = {}
    summary: dict[str, Any] = {}
    for path in HISTORY_PAGES:
        page.goto(url(history_site, path))
        results = axe_scan(page)
        found_violations[path] = serious_violations(results)
        summary[path] = [(v["id"], v["impact"], len(v["nodes"])) for v in results["violations"]]
    artifact_path("axe", "site-history.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    assert {p: v for p, v in found_violations.items() if v} == {}


def test_screenshots_of_a_plans_history(history_site: Path, browser: Any, page: Any) -> None:
    shots = {
        "history-plan-ja.png": "plans/422029-chiiki-fukushi-2/index.html",
        "history-goal-ja.png": "plans/422029-chiiki-fukushi-2/g-area3.html",
        "history-plan-indicators-ja.png": "plans/990019-chiiki-fukushi-3/index.html",
        "history-initiative-ja.png": "plans/990019-chiiki-fukushi-3/i-g1-1.html",
        "history-initiative-en.png": "plans/990019-chiiki-fukushi-3/i-g1-1.en.html",
    }
    for name, path in shots.items():
        page.goto(url(history_site, path))
        assert screenshot(page, "site", name).stat().st_size > 10_000
    # the chart of an indicator over the years: drawn, named, its numbers in the table beside
    page.goto(url(history_site, "plans/990019-chiiki-fukushi-3/index.html#ind-ind1"))
    chart = page.get_by_role("img", name=re.compile("実績値 2025年度 158"))
    assert chart.is_visible()
    table = page.locator("#ind-ind1 table.series-table")
    assert "158" in table.inner_text() and "令和7年度" in table.inner_text()
    assert screenshot(page, "site", "history-indicator-chart.png", full_page=False).is_file()
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    try:
        phone = context.new_page()  # a phone, without JavaScript
        phone.goto(url(history_site, "plans/990019-chiiki-fukushi-3/index.html#ind-ind1"))
        assert phone.locator("#ind-ind1 svg.chart").is_visible()
        assert screenshot(phone, "site", "history-phone.png", full_page=False).is_file()
    finally:
        context.close()
