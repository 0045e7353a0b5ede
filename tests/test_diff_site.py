"""The diff as people see it: the standalone page (`diff --format html`) and the changes on
the site's history pages, in a real headless Chromium with axe-core; screenshots kept
under build/test-artifacts/screenshots/diff/."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest

from browser import axe_scan, chromium, screenshot, serious_violations, watch
from conftest import REPO
from plan_progress.cli.main import main
from system_tools import artifact_path

H26 = REPO / "tests/records/sasebo-chiiki-fukushi-toshin-h26"
H27 = REPO / "tests/records/sasebo-chiiki-fukushi-toshin-h27"


def changes(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    start = html.index('<section id="changes"')
    return html[start : html.index("</main>", start)]


def test_the_history_pages_show_what_changed(history_site: Path) -> None:
    goal = changes(history_site / "plans/422029-chiiki-fukushi-2/g-area3.html")
    assert "平成26年度 から 平成27年度 へ" in goal
    assert '<del><span class="visually-hidden" lang="ja">削除：</span>主体系' in goal
    assert '<ins><span class="visually-hidden" lang="ja">追加：</span>主体的' in goal
    graded = changes(history_site / "plans/422029-chiiki-fukushi-2/g-area2.html")
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", graded)).split())
    assert "C C評価 B B評価 変わった （順序のない尺度）" in text
    initiative = changes(history_site / "plans/990019-chiiki-fukushi-3/i-g1-2.en.html")
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", initiative)).split())
    assert "From 令和6年度 (FY2024) to 令和7年度 (FY2025)" in text
    assert "社協 達成度 C やや遅れている B おおむね進んでいる up" in text


def test_the_standard_pages_document_the_json_shape(history_site: Path) -> None:
    """standard/diff.html is made from schema/diff.schema.json: every part, every property."""
    schema = json.loads((REPO / "schema" / "diff.schema.json").read_text(encoding="utf-8"))
    html = (history_site / "standard" / "diff.html").read_text(encoding="utf-8")
    parts = {"diff": schema, **schema["$defs"]}
    for name, part in parts.items():
        section = html[html.index(f'<section id="part-{name}"') :]
        section = section[: section.index("</section>")]
        for key, value in part["properties"].items():
            assert f"<code>{key}</code>" in section, (name, key)
            assert value["description"].split(" / ")[0] in unescape(section), (name, key)
    index = (history_site / "standard" / "index.html").read_text(encoding="utf-8")
    assert 'href="diff.html"' in index and "files/schema/diff.schema.json" in index


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory, series_packages) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("diff-pages")
    old, new = series_packages["kakuu"]
    made = {
        "sasebo-ja": (H26, H27, "ja"),
        "kakuu-ja": (old, new, "ja"),
        "kakuu-en": (old, new, "en"),
    }
    for name, (before, after, lang) in made.items():
        out = folder / f"{name}.html"
        assert main(["diff", str(before), str(after), "--format", "html", "--out", str(out),
                     "--lang", lang]) == 0  # fmt: skip
    return {name: folder / f"{name}.html" for name in made}


def test_the_standalone_page_in_chromium_with_axe(pages: dict[str, Path]) -> None:
    summary: dict[str, Any] = {}
    found: dict[str, list[str]] = {}
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="ja-JP")
        page = context.new_page()
        log = watch(page)
        for name, path in pages.items():
            page.goto(path.as_uri())
            assert screenshot(page, "diff", f"{name}.png").stat().st_size > 10_000
            results = axe_scan(page)
            found[name] = serious_violations(results)
            summary[name] = [(v["id"], v["impact"], len(v["nodes"])) for v in results["violations"]]
        # the changed phrases: struck through and underlined, not told by colour alone
        page.goto(pages["kakuu-ja"].as_uri() + "#i-g1-1")
        deleted = page.locator("#i-g1-1 del").first
        assert deleted.evaluate("e => getComputedStyle(e).textDecorationLine") == "line-through"
        inserted = page.locator("#i-g1-1 ins").first
        assert inserted.evaluate("e => getComputedStyle(e).textDecorationLine") == "underline"
        # a screen reader hears the words the eye does not see
        assert deleted.text_content() == "削除：１２事業所増やしました。（削除ここまで）"
        hidden = page.locator("#i-g1-1 del .visually-hidden").first.bounding_box()
        assert hidden is not None and hidden["width"] <= 1 and hidden["height"] <= 1
        assert screenshot(page, "diff", "kakuu-initiative.png", full_page=False).is_file()
        # the page is on its own: nothing loaded from anywhere
        assert log.console_errors == [] and log.page_errors == [] and log.failed_requests == []
        context.close()
    artifact_path("axe", "diff.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    assert {n: v for n, v in found.items() if v} == {}
    for path in pages.values():
        html = path.read_text(encoding="utf-8")
        assert not re.search(r'(?:href|src)="(?!#)', html)  # no link out of the page
