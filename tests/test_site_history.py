"""The site's history of a plan: its reports year by year, the grades per report, each
indicator over the years (chart and table), a page per initiative or graded goal; checked
on the real Sasebo pair (hand-written expectations) and the fictional example's two years."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from series_packages import NEXT_PROGRESS, NEXT_VALUE
from site_html import read

SASEBO = "plans/422029-chiiki-fukushi-2/"
KAKUU = "plans/990019-chiiki-fukushi-3/"
H26 = "平成26年度 佐世保市地域福祉計画・地域福祉活動計画に基づく活動内容に対する答申書"
H27 = "平成27年度 佐世保市地域福祉計画・地域福祉活動計画に基づく活動内容に対する答申書"


def plain(path: Path) -> str:
    return unescape(re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8")))


def section(path: Path, anchor: str) -> str:
    """The text of one <section id=anchor> (up to the next section of the same level)."""
    html = path.read_text(encoding="utf-8")
    start = re.search(rf'<section[^>]* id="{anchor}"', html).start()  # type: ignore[union-attr]
    end = html.find("</section>", start)
    return unescape(re.sub(r"<[^>]+>", " ", html[start:end]))


def test_the_plan_page_lists_its_reports_year_by_year(history_site: Path) -> None:
    page = history_site / SASEBO / "index.html"
    text = " ".join(section(page, "reports-by-year").split())
    # given newest first on the command line: shown oldest first
    assert text.index("平成26年度") < text.index(H26) < text.index("平成27年度") < text.index(H27)
    links = read(page).links
    assert "../../reports/record-sasebo-chiiki-fukushi-toshin-h26/index.html" in links
    assert "../../reports/record-sasebo-chiiki-fukushi-toshin-h27/index.html" in links
    # each report page leads back to its plan's page
    report = history_site / "reports/record-sasebo-chiiki-fukushi-toshin-h27/index.html"
    assert "../../plans/422029-chiiki-fukushi-2/index.html" in read(report).links
    home = history_site / "index.html"
    assert "plans/422029-chiiki-fukushi-2/index.html" in read(home).links
    assert "佐世保市（422029）・報告 2 件" in plain(home)


def test_grades_per_report_as_each_report_prints_them(history_site: Path) -> None:
    """Hand-written from the two answers: goal 2 went from C to B; the FY2015 answer
    restates FY2014's grades as 前年度."""
    html = (history_site / SASEBO / "index.html").read_text("utf-8")
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", html, flags=re.S)
    graded = {}
    for row in rows:
        cells = [" ".join(unescape(re.sub(r"<[^>]+>", " ", c)).split()) for c in row.split("<td>")]
        if "相互扶助" in cells[0]:
            graded = cells
    assert graded[1] == "全体的な評価結果 ： C C評価 （平成26年度）"
    assert graded[2] == (
        "全体的な評価結果 ： B B評価 （平成27年度） 全体的な評価結果 ： C C評価 （前年度）"
    )


def test_an_item_page_shows_each_report_and_the_title_each_printed(history_site: Path) -> None:
    page = history_site / SASEBO / "g-area3.html"
    text = " ".join(plain(page).split())
    assert text.index(H26) < text.index(H27)
    # goal 3 is spelled differently in the two answers: each year's own spelling is shown
    assert "この報告での名称：地域の主体系活動を実践する取組み(地域福祉活動)" in text
    assert "地域の主体的活動を実践する取組み(地域福祉活動)" in text
    english = " ".join(plain(history_site / SASEBO / "g-area3.en.html").split())
    assert "Title in this report: 地域の主体系活動を実践する取組み(地域福祉活動)" in english
    # what changed from H26 to H27 (plan-progress diff): see tests/test_diff_site.py
    assert 'id="changes"' in page.read_text("utf-8")


def test_an_initiatives_texts_and_grades_in_each_year(history_site: Path) -> None:
    page = history_site / KAKUU / "i-g1-1.html"
    first, second = section(page, "r-1"), section(page, "r-2")
    assert (
        "令和6年度" in first and "見守り協定を結ぶ事業者を新たに１２事業所増やしました。" in first
    )
    assert NEXT_PROGRESS in second and NEXT_PROGRESS not in first
    assert "計画どおり進んでいる" in first and "計画どおり進んでいる" in second
    # grade codes lead to the legend on their own report's page
    assert "../../reports/example-kakuu-shi-chiiki-fukushi-3/index.html#scale-tassei" in (
        read(page).links
    )


def test_an_indicator_over_the_years_as_a_chart_and_a_table(history_site: Path) -> None:
    page = history_site / KAKUU / "index.html"
    html = page.read_text("utf-8")
    indicator, year, planned, actual = NEXT_VALUE
    block = html[html.index(f'id="ind-{indicator}"') :]
    block = block[: block.index("</section>")]
    # the text alternative names every value drawn
    (title,) = re.findall(r"<title id=\"ind-ind1-chart-title\">(.*?)</title>", block)
    assert "実績値 2025年度 158" in title and "実績値 2022年度 131" in title
    assert 'role="img"' in block
    table = " ".join(unescape(re.sub(r"<[^>]+>", " ", block[block.index("<table") :])).split())
    for expected in (
        "基準値 令和3年度 — 120 —",
        # no report of 令和4年度 in the series: the latest report that states the value
        "各年度の値 令和4年度 130 131 第３期架空市地域福祉計画 令和７年度 進捗評価報告書（例）",
        "各年度の値 令和6年度 150 148 第３期架空市地域福祉計画 令和６年度 進捗評価報告書（例）",
        f"各年度の値 令和7年度 {planned} {actual} 第３期架空市地域福祉計画 令和７年度 進捗評価報告書（例）",
        "目標値 令和8年度 — 180 —",
    ):
        assert expected in table
    assert year == "2025"
