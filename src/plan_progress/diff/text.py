"""A diff as plain text for a terminal: one block per changed item; a deleted phrase in
[-…-] and an inserted one in {+…+} (as `git diff --word-diff` shows them)."""

from __future__ import annotations

from typing import Any

from plan_progress.diff.labels import Lang, labels


def phrases_line(change: dict[str, Any]) -> str:
    marks = {"equal": "{}", "delete": "[-{}-]", "insert": "{{+{}+}}"}
    return "".join(marks[p["op"]].format(p["text"]) for p in change["phrases"])


def _text(change: dict[str, Any], name: str, t: dict[str, str]) -> str | None:
    status = change["status"]
    if status == "empty":
        return None
    head = f"{name}{t['colon']}{t['texts.' + status]}"
    if status == "changed":
        return f"{head}{t['colon']}{phrases_line(change)}"
    if status == "added":
        return f"{head}{t['colon']}{change['new']}"
    if status == "removed":
        return f"{head}{t['colon']}{change['old']}"
    return head


def _given(grade: dict[str, Any] | None, t: dict[str, str]) -> str:
    if grade is None:
        return t["none"]
    return grade["code"] or grade["value"] or t["none"]


def grade_line(grade: dict[str, Any], t: dict[str, str]) -> str:
    scale = (grade["new"] or grade["old"])["scale_title"] or (grade["new"] or grade["old"])[
        "scale_id"
    ]
    moved = t["movement." + grade["movement"]]
    if grade["reason"]:
        moved += f"{t['lp']}{t['reason.' + grade['reason']]}{t['rp']}"
    return (f"{t['grade']} {scale}{t['colon']}{_given(grade['old'], t)}{t['arrow']}"
            f"{_given(grade['new'], t)} {moved}")  # fmt: skip


def _item(kind: str, item: dict[str, Any], t: dict[str, str]) -> str:
    label = item["label"] or t["no_label"]
    return f"{t[kind]} {label} {item['title']}{t['lp']}{t['status.' + item['status']]}{t['rp']}"


def render_text(result: dict[str, Any], lang: Lang = "ja") -> str:
    t = labels(lang)
    old, new = result["old"], result["new"]
    lines = [
        f"{t['title']}{t['colon']}{result['plan']['title']}",
        f"{t['old']}{t['colon']}{old['title']}{t['lp']}{old['directory']}{t['rp']}",
        f"{t['new']}{t['colon']}{new['title']}{t['lp']}{new['directory']}{t['rp']}",
        "",
    ]
    for goal in result["goals"]:
        lines.append(_item("goal", goal, t))
        lines += _indented([_text(goal["title_change"], t["name"], t)], 1)
        lines += _indented([grade_line(g, t) for g in goal["grades"]], 1)
    for initiative in result["initiatives"]:
        lines.append(_item("initiative", initiative, t))
        lines += _indented([_text(initiative["title_change"], t["name"], t)], 1)
        lines += _indented([grade_line(g, t) for g in initiative["grades"]], 1)
        for actor in initiative["actors"]:
            lines.append(
                f"  {t['actor']} {actor['actor']}{t['lp']}{t['status.' + actor['status']]}{t['rp']}"
            )
            texts = [_text(actor[f], t[f], t) for f in ("progress", "issue")]
            lines += _indented(texts + [grade_line(g, t) for g in actor["grades"]], 2)
    for other in result["other_grades"]:
        name = t["plan_grade"] if other["subject_type"] == "plan" else other["subject_id"]
        lines.append(f"{name}" + (f" × {other['actor_id']}" if other["actor_id"] else ""))
        lines += _indented([grade_line(g, t) for g in other["grades"]], 1)
    for indicator in result["indicators"]:
        lines.append(_item("indicators", indicator, t))
        lines += _indented(indicator_lines(indicator, t), 1)
    return "\n".join(lines) + "\n"


def _point(point: dict[str, Any] | None, unit: str | None, t: dict[str, str]) -> str:
    if point is None:
        return t["none"]
    shown = point["value"] + (unit or "") if point["value"] is not None else point["text"]
    year = point["fiscal_year_label"] or point["fiscal_year"]
    return f"{shown}" + (f"{t['lp']}{year}{t['rp']}" if year else "")


def indicator_lines(indicator: dict[str, Any], t: dict[str, str]) -> list[str]:
    unit = indicator["unit"]
    lines = [
        f"{t['indicator.' + k]}{t['colon']}{_point(indicator[v], unit, t)}"
        for k, v in (("previous", "old"), ("latest", "new"), ("baseline", "baseline"),
                     ("target", "target"))
    ]  # fmt: skip
    if indicator["change"] is not None:
        shown = f"{indicator['difference']} " if indicator["difference"] is not None else ""
        lines.append(f"{t['indicator.difference']}{t['colon']}{shown}"
                     f"{t['lp']}{t['change.' + indicator['change']]}{t['rp']}")  # fmt: skip
    if indicator["from_baseline"] is not None:
        lines.append(f"{t['indicator.from_baseline']}{t['colon']}{indicator['from_baseline']}")
    if indicator["toward_target"] is not None:
        lines.append(f"{t['indicator.toward_target']}{t['colon']}"
                     f"{t['toward.' + indicator['toward_target']]}")  # fmt: skip
    return lines


def _indented(lines: list[str | None], depth: int) -> list[str]:
    return ["  " * depth + line for line in lines if line]
