"""A changed Japanese text as changed phrases (diff/phrases.py): whole 文節 a reader can
follow, not scattered characters; expectations written by hand."""

from __future__ import annotations

from plan_progress.diff.phrases import phrase_diff, segment, text_change


def test_a_changed_count_is_the_whole_phrase_not_one_character() -> None:
    old = "地区ごとの見守り連絡会を年２回開催しました。"
    new = "地区ごとの見守り連絡会を年４回開催しました。"
    # a character diff would say "２" → "４"; the reader sees the phrase change (BudouX
    # keeps 年２回開催しました。 together: a count and its verb are one line-break unit)
    assert phrase_diff(old, new) == [
        {"op": "equal", "text": "地区ごとの見守り連絡会を"},
        {"op": "delete", "text": "年２回開催しました。"},
        {"op": "insert", "text": "年４回開催しました。"},
    ]


def test_an_added_clause_is_inserted_between_unchanged_phrases() -> None:
    old = "サロン運営者向けの相談会を開きました。"
    new = "サロン運営者向けの相談会を新たに開きました。"
    assert phrase_diff(old, new) == [
        {"op": "equal", "text": "サロン運営者向けの相談会を"},
        {"op": "insert", "text": "新たに"},
        {"op": "equal", "text": "開きました。"},
    ]


def test_a_paragraph_added_is_one_insertion_and_line_breaks_are_kept() -> None:
    old = "連絡会を開催しました。"
    new = "連絡会を開催しました。\nまた、記録を共有しました。"
    assert phrase_diff(old, new) == [
        {"op": "equal", "text": "連絡会を開催しました。"},
        {"op": "insert", "text": "\nまた、記録を共有しました。"},
    ]


def test_phrases_join_back_to_each_text_exactly() -> None:
    old = "協定事業者からの通報後の対応手順を\n関係機関と共有する必要があります。"
    new = "協定事業者からの通報後の対応手順を\r\n関係団体と確認する必要があります。"
    assert "".join(segment(old)) == old and "".join(segment(new)) == new
    phrases = phrase_diff(old, new)
    assert "".join(p["text"] for p in phrases if p["op"] != "insert") == old
    assert "".join(p["text"] for p in phrases if p["op"] != "delete") == new


def test_a_text_unchanged_added_removed_or_empty() -> None:
    assert text_change("同じ。", "同じ。") == {
        "status": "unchanged", "old": "同じ。", "new": "同じ。", "phrases": []
    }  # fmt: skip
    assert text_change(None, "新しい。")["status"] == "added"
    assert text_change("古い。", "")["status"] == "removed"
    assert text_change("", None) == {"status": "empty", "old": None, "new": None, "phrases": []}
