"""The indicator chart's geometry: every value inside the plot, in the right order, with its
text alternative; numbers may be JSON numbers or decimals written as text."""

from __future__ import annotations

from plan_progress.site.chart import BOTTOM, LEFT, RIGHT, TOP, WIDTH, indicator_chart
from plan_progress.site.text import ui

T = ui("en")


def indicator(**points: dict) -> dict:
    return {"title": "x", **points}


def test_values_are_placed_by_year_and_size_inside_the_plot() -> None:
    chart = indicator_chart(
        indicator(
            baseline={"value": 120.0, "fiscalYear": 2021},
            current={"value": "148", "fiscalYear": 2024},  # a decimal as printed
            target={"value": 180, "fiscalYear": 2026},
            series=[{"value": "131", "plannedValue": "130", "fiscalYear": 2022}],
        ),
        "en",
        T,
    )
    assert chart is not None
    actual, planned, target = chart.series
    assert [m.label for m in actual.marks] == ["120", "131", "148"]
    assert [m.label for m in planned.marks] == ["130"] and [m.label for m in target.marks] == [
        "180"
    ]
    xs = [m.x for m in actual.marks]
    ys = [m.y for m in actual.marks]
    assert xs == sorted(xs) and ys == sorted(ys, reverse=True)  # later is right, more is up
    for s in chart.series:
        for m in s.marks:
            assert LEFT <= m.x <= WIDTH - RIGHT and TOP <= m.y <= BOTTOM
    assert target.path.startswith(f"M{actual.marks[-1].x} ")  # the way left to the target
    assert chart.summary.startswith("Actual FY2021: 120, Actual FY2022: 131")
    assert actual.marks[0].anchor == "start"


def test_no_chart_without_a_number_that_has_a_year() -> None:
    assert indicator_chart(indicator(target={"valueStatus": "not-set"}), "ja", ui("ja")) is None
    assert indicator_chart(indicator(current={"value": 5.0}), "ja", ui("ja")) is None
    assert (
        indicator_chart(indicator(target={"value": "未定", "fiscalYear": 2026}), "ja", ui("ja"))
        is None
    )
    one = indicator_chart(indicator(current={"value": 0, "fiscalYear": 2024}), "ja", ui("ja"))
    assert one is not None and one.series[0].marks[0].label == "0"
