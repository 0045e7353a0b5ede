"""The CSV tables hold the whole seed text, in order, word for word, and nothing else."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from conftest import REPO

SEED = (REPO / "tests" / "fixtures" / "seed-text.txt").read_text(encoding="utf-8")
FOOTNOTE = "※この内容は、第２期計画推進委員会において確定したものです。"
PAGE_HEADER = "取組進捗状況課題"
CIRCLED = "①②③④⑤⑥⑦⑧⑨"
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def table(name: str) -> list[dict[str, str]]:
    with (REPO / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def reconstructed_document() -> str:
    """The document as the tables say it reads: title, goals, initiatives, actor rows."""
    (report,) = table("reports")
    goals = sorted(table("basic-goals"), key=lambda g: int(g["number"]))
    initiatives = table("initiatives")
    actors = table("actors")
    entries = {(e["initiative_id"], e["actor_id"]): e for e in table("progress-entries")}
    parts = [report["title"]]
    for goal in goals:
        parts.append(f"基本目標{goal['number'].translate(FULLWIDTH)}{goal['title']}")
        for ini in sorted(
            (i for i in initiatives if i["goal_id"] == goal["goal_id"]),
            key=lambda i: int(i["number"]),
        ):
            parts.append(CIRCLED[int(ini["number"]) - 1] + ini["title"])
            for actor in actors:
                entry = entries[(ini["initiative_id"], actor["actor_id"])]
                parts += [actor["short_name"], entry["progress"], entry["issue"]]
    return squeeze("".join(parts))


def test_tables_hold_the_whole_seed_in_order() -> None:
    seed = squeeze(SEED)
    assert seed.count(FOOTNOTE) == 1
    seed = seed.replace(FOOTNOTE, "").replace(PAGE_HEADER, "")
    assert reconstructed_document() == seed


def test_footnote_is_the_reports_not_a_cells() -> None:
    (report,) = table("reports")
    assert report["footnote"] == FOOTNOTE
    for entry in table("progress-entries"):
        assert "※" not in entry["progress"] + entry["issue"]


def test_the_seed_has_28_entries_of_14_initiatives_under_3_goals() -> None:
    assert [g["title"] for g in table("basic-goals")] == [
        "ふれあい、支え合い、助け合いの輪が広がる地域づくり",
        "安全・安心な暮らしやすいまちづくり",
        "地域福祉を推進するためのしくみづくり",
    ]
    initiatives = table("initiatives")
    per_goal = {g: sum(1 for i in initiatives if i["goal_id"] == g) for g in ("g1", "g2", "g3")}
    assert per_goal == {"g1": 4, "g2": 5, "g3": 5}
    entries = table("progress-entries")
    assert len(entries) == 28
    pairs = {(e["initiative_id"], e["actor_id"]) for e in entries}
    assert pairs == {(i["initiative_id"], a) for i in initiatives for a in ("city", "shakyo")}
    assert all(e["progress"] and e["issue"] for e in entries)


@pytest.mark.parametrize(
    ("initiative_id", "actor_id", "column", "start", "end"),
    [
        ("g1-1", "city", "progress", "地域活動団体や学校", "取り組みました。"),
        (
            "g1-3",
            "shakyo",
            "progress",
            "コミュニティ組織を中心に地域活動",
            "３か所の地区社協整備に努めました。",
        ),
        (
            "g2-4",
            "shakyo",
            "progress",
            "広報誌等の点訳や音訳 CD を作成し",
            "福祉バスの運行を行いました。",
        ),
        (
            "g3-1",
            "city",
            "issue",
            "８０５０問題、ひきこもり、ＤＶ問題",
            "高めていく必要があります。",
        ),
        ("g3-5", "shakyo", "issue", "幅広い市民が関心を持てるよう", "拡充させる必要があります。"),
    ],
)
def test_texts_sit_in_the_right_cell(
    initiative_id: str, actor_id: str, column: str, start: str, end: str
) -> None:
    (entry,) = [
        e
        for e in table("progress-entries")
        if e["initiative_id"] == initiative_id and e["actor_id"] == actor_id
    ]
    assert entry[column].startswith(start)
    assert entry[column].endswith(end)


def every_text() -> list[str]:
    texts = []
    for path in sorted(Path(REPO / "data").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                texts += [v for v in row.values() if re.search(r"[^\x00-\x7f]", v)]
    return texts


def test_every_paragraph_stands_in_the_seed_once_pdf_wrapping_is_undone() -> None:
    # Joining the PDF's wrapped lines (and dropping the spaces at their ends) must give
    # back every paragraph verbatim: inner spaces such as 「音訳 CD を」 are the source's own.
    unwrapped = re.sub(r" *\n[ \n]*", "", SEED)
    for text in every_text():
        for paragraph in text.split("\n"):
            if paragraph in SOURCE_FACTS_TEXTS:
                continue
            assert paragraph in unwrapped, paragraph


# Texts that come from source-facts.md (confirmed public pages), not from the seed.
SOURCE_FACTS_TEXTS = {
    "第2期下野市地域福祉計画及び地域福祉活動計画（下野市みんなで築く地域の絆プラン）",
    "下野市",
    "下野市社会福祉協議会",
    "社会福祉法人",
    "令和3年度",
}


def test_paragraph_breaks_only_where_the_source_starts_a_new_paragraph() -> None:
    for entry in table("progress-entries"):
        for text in (entry["progress"], entry["issue"]):
            for later in text.split("\n")[1:]:
                assert later.startswith("また、"), later


def test_full_width_digits_are_kept_in_text() -> None:
    joined = "".join(every_text())
    for kept in ("３か所", "２名", "８０５０問題", "第２期計画推進委員会"):
        assert kept in joined
