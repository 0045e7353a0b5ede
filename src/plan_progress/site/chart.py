"""A small chart of an indicator (baseline → values per year → current → target), computed at
build time so the page needs no JavaScript; the template draws it as SVG with a text
alternative, and the same numbers stand in a table beside it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

WIDTH, HEIGHT = 480, 250
LEFT, RIGHT, TOP, BOTTOM = 56, 48, 24, 184  # the plot area's edges (RIGHT: margin)


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    label: str  # the value, drawn beside the mark
    label_y: float  # above the mark, or below it for planned values (they sit near actual ones)
    anchor: str  # text-anchor of the label: kept inside the plot at its left edge


@dataclass(frozen=True)
class Series:
    key: str  # css class: actual, planned, target
    name: str
    marks: tuple[Mark, ...]
    path: str  # SVG path through the marks ("" for a single mark)


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    summary: str  # the text alternative
    series: tuple[Series, ...]
    x_ticks: tuple[tuple[float, str], ...]
    y_ticks: tuple[tuple[float, str], ...]
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = BOTTOM


def _number(value: Any) -> float | None:
    """A value to plot: a JSON number, or a number written as text (a decimal as printed)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            number = Decimal(value)
        except InvalidOperation:
            return None
        return float(number) if number.is_finite() else None
    return None


def _label(value: float) -> str:
    return str(int(value)) if value.is_integer() else f"{value:g}"


def _year_label(year: int, lang: str) -> str:
    return f"{year}年度" if lang == "ja" else f"FY{year}"


def indicator_chart(indicator: dict[str, Any], lang: str, t: dict[str, str]) -> Chart | None:
    """The chart, or None when fewer than one value has both a number and a fiscal year."""
    actual: dict[int, float] = {}
    planned: dict[int, float] = {}
    for point in ("baseline", "current"):
        m = indicator.get(point) or {}
        value, year = _number(m.get("value")), m.get("fiscalYear")
        if value is not None and isinstance(year, int):
            actual[year] = value
    for m in indicator.get("series", []):
        year = m.get("fiscalYear")
        if not isinstance(year, int):
            continue
        if _number(m.get("value")) is not None:
            actual[year] = _number(m.get("value"))  # type: ignore[assignment]
        if _number(m.get("plannedValue")) is not None:
            planned[year] = _number(m.get("plannedValue"))  # type: ignore[assignment]
    target: dict[int, float] = {}
    m = indicator.get("target") or {}
    if _number(m.get("value")) is not None and isinstance(m.get("fiscalYear"), int):
        target[m["fiscalYear"]] = _number(m["value"])  # type: ignore[assignment]
    everything = {**actual, **planned, **target}
    if not everything:
        return None

    first, last = min(everything), max(everything)
    if first == last:
        first, last = first - 1, last + 1
    values = list(actual.values()) + list(planned.values()) + list(target.values())
    low = min(0.0, *values)
    high = max(values)
    high = high + (high - low) * 0.15 if high > low else low + 1

    def x(year: int) -> float:
        return round(LEFT + (year - first) / (last - first) * (WIDTH - RIGHT - LEFT), 1)

    def y(value: float) -> float:
        return round(BOTTOM - (value - low) / (high - low) * (BOTTOM - TOP), 1)

    def series(key: str, name: str, points: dict[int, float], start: dict[int, float]) -> Series:
        below = key == "planned"
        marks = tuple(
            Mark(
                x(yr),
                y(v),
                _label(v),
                y(v) + 16 if below else y(v) - 9,
                "start" if yr == first else "middle",
            )
            for yr, v in sorted(points.items())
        )
        line = sorted({**start, **points}.items())
        path = " ".join(f"{'M' if i == 0 else 'L'}{x(yr)} {y(v)}" for i, (yr, v) in enumerate(line))
        return Series(key, name, marks, path if len(line) > 1 else "")

    drawn = []
    if actual:
        drawn.append(series("actual", t["actual"], actual, {}))
    if planned:
        drawn.append(series("planned", t["planned"], planned, {}))
    if target:
        # The line to the target starts at the latest actual value: the way still to go.
        start = {}
        if actual and max(actual) < min(target):
            start = {max(actual): actual[max(actual)]}
        drawn.append(series("target", t["target"], target, start))

    years = sorted(everything)
    step = max(1, len(years) // 5)
    x_ticks = tuple((x(yr), _year_label(yr, lang)) for yr in years[::step])
    y_ticks = tuple((y(v), _label(round(v, 6))) for v in _nice_ticks(low, high))

    # The text alternative: the values (the caption beside the chart names it and its unit).
    parts = [
        t["value_summary"].format(name=t[key], year=_year_label(yr, lang), value=_label(v))
        for key, points in (("actual", actual), ("planned", planned), ("target", target))
        for yr, v in sorted(points.items())
    ]
    summary = t["sep"].join(parts)
    return Chart(WIDTH, HEIGHT, summary, tuple(drawn), x_ticks, y_ticks)


def _nice_ticks(low: float, high: float) -> list[float]:
    """Three to six round values between low and high for the vertical axis."""
    span = high - low
    magnitude = 10 ** len(str(int(span))) / 10 if span >= 1 else 0.1
    for step in (magnitude / 5, magnitude / 2, magnitude, magnitude * 2, magnitude * 5):
        count = int(span // step) + 1
        if 2 <= count <= 6:
            break
    ticks, value = [], low
    while value <= high + 1e-9:
        ticks.append(value)
        value += step
    return ticks
