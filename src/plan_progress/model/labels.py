"""rdfs:label of every node: a name a researcher can read when browsing the graph.

A label is made only from the node's own texts and those of the nodes it is about (a title,
a name, a printed code or number): it adds no fact. Japanese always; English where the
source data has English text (a grade level's `title_en`). Nodes with a title or name are
labelled with it; the others join their parts' labels, e.g. an entry is
「地域の見守り（市）」 and a grade 「地域の見守り：達成度 A（令和3年度）」.
"""

from __future__ import annotations

from typing import Any

from plan_progress.model.tables import Row

Label = dict[str, str]

# Headings of the three indicator points when the source prints none over the value.
POINT_NAMES = {"baseline": "初期値", "current": "現状値", "target": "目標値"}


def label(ja: str, en: str | None = None) -> Label:
    return {"ja": ja, "en": en} if en else {"ja": ja}


def of_goal(row: Row) -> str:
    """A goal's title; a goal printed only with its number is named by that number."""
    return row["title"] or row["notation"]


def of_entry(initiative_title: str, actor: Row, row: Row) -> Label:
    actor_name = actor["short_name"] or actor["name"]
    return label(f"{initiative_title}（{actor_name}）{_year(row)}")


def of_level(row: Row) -> Label:
    return label(row["title_ja"] or row["code"], row["title_en"])


def of_grade(subject: str, scale: Row, row: Row) -> Label:
    given = row["code"] if row["code"] is not None else _number(row["value"])
    return label(f"{subject}：{scale['title']} {given}{_year(row)}")


def of_count(subject: str | None, scale: Row, row: Row) -> Label:
    where = f"{subject}：" if subject else ""
    level = f" {row['code']}" if row["code"] is not None else ""
    part = f"（{row['subset']}）" if row["subset"] else ""
    return label(f"{where}{scale['title']}{level} の件数{part}{_year(row)}")


def of_point(indicator_title: str, point: str, heading: str | None) -> Label:
    return label(f"{indicator_title}：{heading or POINT_NAMES[point]}")


def of_year_value(indicator_title: str, row: Row) -> Label:
    return label(f"{indicator_title}：{row['fiscal_year_label'] or row['fiscal_year']}")


def of_note(row: Row) -> Label:
    """The note's mark and heading, else the start of its text."""
    head = " ".join(part for part in (row["mark"], row["heading"]) if part)
    return label(head or _start(row["text"]))


def of_plan(row: Row) -> Label:
    """A plan the source does not name is labelled by its municipality."""
    return label(row["title"] or f"{row['municipality_name']}の計画（名称の記載なし）")


# What a plan revision's label says it is, by its revision_type (revision-type codelist).
REVISION_NAMES = {"revised": "の改定", "wording": "の表記の違い"}


def of_revision(subject: str, row: Row) -> Label:
    """「目標3の表記の違い（平成27年度）」: what was revised, how, and from which year."""
    return label(f"{subject}{REVISION_NAMES[row['revision_type']]}{_year(row)}")


def of_initiative(row: Row) -> str:
    """An initiative's title."""
    return row["title"]


def of_goal_or_notation(row: Row) -> str:
    return row["title"] or row["notation"]


def of_indicator(row: Row, parent: Row | None) -> Label:
    """An indicator's title; a breakdown row is its parent's title and its group."""
    if parent is not None:
        base = parent["title"] or parent["indicator_id"]
        return label(f"{base}（{row['breakdown']}）" if row["breakdown"] else base)
    return label(row["title"] or row["indicator_id"])


def _start(text: str, length: int = 40) -> str:
    first = text.split("\n", 1)[0]
    return first if len(first) <= length else first[:length] + "…"


def _year(row: Row) -> str:
    """「（令和3年度）」 after a label of something given per fiscal year."""
    year = row["fiscal_year_label"] or row["fiscal_year"]
    return f"（{year}）" if year is not None else ""


def _number(value: Any) -> str:
    return format(value, "f") if value is not None else ""
