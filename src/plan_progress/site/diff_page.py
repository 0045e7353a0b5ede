"""A diff (plan-progress diff) as HTML: a page on its own (`--format html`, with the site's
styles inside it, no links out), and one item's part for the site's history pages.

The words are the diff's own (diff/labels.py, shared with the text output); texts from the
reports are shown as printed, marked lang="ja"."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from plan_progress.core.version import __version__
from plan_progress.diff.labels import Lang, labels


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("plan_progress.site", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html",), default=False),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def render_page(result: dict[str, Any], lang: Lang = "ja") -> str:
    css = (Path(__file__).parent / "static" / "style.css").read_text(encoding="utf-8")
    return (
        _environment()
        .get_template("diff.html")
        .render(
            r=result,
            d=labels(lang),
            lang=lang,
            css=Markup(css),
            version=__version__,
            old_head=_year(result["old"], labels(lang)["old"]),
            new_head=_year(result["new"], labels(lang)["new"]),
        )
    )


def item_part(
    result: dict[str, Any], kind: str, item_id: str, lang: Lang, old: str, new: str, number: int
) -> Markup | None:
    """One goal's or initiative's changes between the two reports of `result`, headed by
    the years (`old`, `new`: how the page names them); None when neither report has it."""
    items = result["goals"] if kind == "goal" else result["initiatives"]
    key = "goal_id" if kind == "goal" else "initiative_id"
    found = next((x for x in items if x[key] == item_id), None)
    if found is None:
        return None
    template = _environment().get_template("diff_item.html")
    return Markup(template.render(x=found, kind=kind, d=labels(lang), lang=lang, old=old,
                                  new=new, old_head=old, new_head=new, number=number))  # fmt: skip


def _year(report: dict[str, Any], fallback: str) -> str:
    """A report as a column heading: its fiscal year as printed, else its year, else the
    word for it."""
    if report["fiscal_year_label"]:
        return str(report["fiscal_year_label"])
    return str(report["fiscal_year"]) if report["fiscal_year"] is not None else fallback
