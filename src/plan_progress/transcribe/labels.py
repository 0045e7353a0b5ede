"""The printed labels `transcribe` recognises, by the role of the column or form row they head.

Data a reader of other reports can extend: the first role whose label occurs in a header cell
wins, so the more specific roles come first (取組実績 is progress, not an initiative)."""

from __future__ import annotations

ROLE_LABELS: dict[str, tuple[str, ...]] = {
    "progress": ("進捗", "実績", "取組状況", "実施状況", "取組内容"),
    "issue": ("課題", "今後の方向", "今後の取組"),
    "actor": ("主体", "担当"),
    "goal": ("基本目標", "目標", "施策の方向", "分野"),
    "initiative": ("施策", "取組", "事業"),
}
# The first header cell of a grade legend (評価 | 区分 | 説明).
LEGEND_LABELS = ("評価", "評価区分", "区分", "記号")
# Report notes printed below the tables start with one of these marks.
NOTE_MARKS = ("※", "注")


def role_of(label: str) -> str | None:
    for role, words in ROLE_LABELS.items():
        if any(word in label for word in words):
            return role
    return None
