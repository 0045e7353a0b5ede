"""The words of a diff (headings, statuses, movements) in Japanese and English, as data a
translator edits in one place: the text output and the HTML page (site/diff_page.py) both
read them. Texts from the reports are never translated: they are shown as printed."""

from __future__ import annotations

from typing import Literal

Lang = Literal["ja", "en"]

_LABELS: dict[str, tuple[str, str]] = {
    "title": ("報告の比較", "What changed between two reports"),
    "plan": ("計画", "Plan"),
    "old": ("前の報告", "Earlier report"),
    "new": ("後の報告", "Later report"),
    "summary": ("概要", "Summary"),
    "goal": ("目標", "Goal"),
    "goals": ("目標", "Goals"),
    "initiative": ("取組", "Initiative"),
    "initiatives": ("取組", "Initiatives"),
    "indicators": ("指標", "Indicators"),
    "other_grades": ("その他の評価", "Other grades"),
    "plan_grade": ("計画全体", "The whole plan"),
    "actor": ("主体", "Actor"),
    "name": ("名称", "Title"),
    "progress": ("進捗状況", "Progress"),
    "issue": ("課題", "Issue"),
    "grade": ("評価", "Grade"),
    "movement": ("動き", "Movement"),
    "skip_to_content": ("本文へ移動", "Skip to content"),
    "pair": ("{old} から {new} へ", "From {old} to {new}"),
    "not_in_pair": ("この二つの報告のどちらにもありません。", "In neither of these two reports."),
    "no_label": ("番号なし", "unnumbered"),
    "arrow": (" → ", " → "),
    "colon": ("：", ": "),
    "sep": ("、", ", "),
    "lp": ("（", " ("),
    "rp": ("）", ")"),
    "none": ("なし", "none"),
    # what happened to an item
    "status.kept": ("継続", "kept"),
    "status.added": ("追加", "added"),
    "status.dropped": ("削除", "dropped"),
    # what happened to a text
    "texts.unchanged": ("変更なし", "unchanged"),
    "texts.changed": ("変更あり", "changed"),
    "texts.added": ("追加", "added"),
    "texts.removed": ("削除", "removed"),
    "texts.empty": ("記載なし", "empty in both"),
    # screen readers hear these before each changed phrase (visually hidden on the page)
    "deleted": ("削除：", "deleted: "),
    "inserted": ("追加：", "inserted: "),
    "deleted_end": ("（削除ここまで）", " (end of deletion)"),
    "inserted_end": ("（追加ここまで）", " (end of insertion)"),
    # how a grade moved
    "movement.up": ("上がった", "up"),
    "movement.down": ("下がった", "down"),
    "movement.same": ("変わらない", "same"),
    "movement.changed": ("変わった", "changed"),
    "movement.not-comparable": ("比較できない", "not comparable"),
    "movement.added": ("新たに評価", "newly graded"),
    "movement.dropped": ("評価なし", "no longer graded"),
    "reason.nominal-scale": ("順序のない尺度", "the scale has no order"),
    "reason.different-scales": ("尺度が異なる", "different scales"),
    "reason.scale-changed": ("尺度の段階が変わった", "the scale's levels changed"),
    "reason.unranked-level": ("順位のない段階", "a level outside the order"),
    "reason.no-direction": ("良い向きが不明", "which way is better is not known"),
    "reason.no-value": ("値がない", "no value"),
    # indicators
    "indicator.previous": ("前の値", "Previous value"),
    "indicator.latest": ("新しい値", "Latest value"),
    "indicator.baseline": ("初期値", "Baseline"),
    "indicator.target": ("目標値", "Target"),
    "indicator.difference": ("前との差", "Change"),
    "indicator.from_baseline": ("初期値との差", "From baseline"),
    "indicator.toward_target": ("目標に対して", "Against target"),
    "toward.toward": ("近づいた", "toward"),
    "toward.away": ("遠ざかった", "away"),
    "toward.same": ("変わらない", "no closer"),
    "toward.reached": ("達成", "reached"),
    "change.up": ("増えた", "up"),
    "change.down": ("減った", "down"),
    "change.same": ("同じ", "same"),
    "change.restated": ("同じ年度の値（新しい値なし）", "same year's value (no new value)"),
    "change.corrected": ("同じ年度の値が訂正された", "same year's value corrected"),
    # summary lines
    "summary.texts": ("文章", "Texts"),
    "summary.entries": ("主体ごとの項目", "Entries per actor"),
    "summary.grades": ("評価", "Grades"),
    "summary.titles_changed": ("名称の変更", "Titles changed"),
    "count": ("{n}件", "{n}"),
}


def labels(lang: Lang) -> dict[str, str]:
    index = 0 if lang == "ja" else 1
    return {key: pair[index] for key, pair in _LABELS.items()}
