"""The nodes of what one report holds for its year: grade scales and their levels, grades,
counts, notes and indicators with their measurements (all under the report's IRI)."""

from __future__ import annotations

from plan_progress.model import iris, labels
from plan_progress.model.jsonld_values import Node, literals, put
from plan_progress.model.labels import label
from plan_progress.model.mapping import INDICATOR_POINTS, class_map, point_columns
from plan_progress.model.package_index import PackageIndex
from plan_progress.model.tables import Row


class YearNodes(PackageIndex):
    """Nodes of the report's year, made from the indexed tables."""

    def _grade_scale(self, row: Row) -> Node:
        scale_id = row["scale_id"]
        node: Node = {
            "id": iris.grade_scale(self.plan_id, self.report_id, scale_id),
            "type": "GradeScale",
            "label": label(row["title"]),
            **literals(class_map("GradeScale"), row),
        }
        if row["assessed_by"] is not None:
            node["assessedBy"] = iris.body(self.plan_id, row["assessed_by"])
        levels = list(self.levels_of_scale[scale_id])
        # Ranked levels in rank order; unranked (nominal) ones in file order after them.
        levels.sort(key=lambda r: (r["rank"] is None, r["rank"] or 0))
        put(
            node,
            "levels",
            [
                {
                    "id": iris.grade_level(self.plan_id, self.report_id, scale_id, level["code"]),
                    "type": "GradeLevel",
                    "label": labels.of_level(level),
                    **literals(class_map("GradeLevel"), level),
                }
                for level in levels
            ],
        )
        return node

    def _subject_label(self, row: Row) -> str:
        if row["initiative_id"] is not None:
            return self.initiatives_by_id[row["initiative_id"]]["title"]
        if row["goal_id"] is not None:
            return labels.of_goal(self.goals[row["goal_id"]])
        if row["indicator_id"] is not None:
            return self._indicator_label(self.indicators[row["indicator_id"]])["ja"]
        return labels.of_plan(self.plans[self.scope.plan_of(row, "grades")])["ja"]

    def _grade(self, row: Row) -> Node:
        scale = self.scales[row["scale_id"]]
        node: Node = {
            "id": iris.grade(self.plan_id, self.report_id, row["grade_id"]),
            "type": "Grade",
            "label": labels.of_grade(self._subject_label(row), scale, row),
            "scale": iris.grade_scale(self.plan_id, self.report_id, row["scale_id"]),
            "subject": self.scope.subject(row, "grades"),
            "plan": iris.plan(self.scope.plan_of(row, "grades")),
        }
        if row["code"] is not None:
            node["level"] = iris.grade_level(
                self.plan_id, self.report_id, row["scale_id"], row["code"]
            )
        if row["actor_id"] is not None:
            node["actor"] = iris.actor(row["actor_id"])
        node.update(literals(class_map("Grade"), row))
        return node

    def _count(self, row: Row) -> Node:
        scale = self.scales[row["scale_id"]]
        goal = self.goals.get(row["goal_id"])
        node: Node = {
            "id": iris.grade_count(self.plan_id, self.report_id, row["count_id"]),
            "type": "GradeCount",
            "label": labels.of_count(goal and labels.of_goal(goal), scale, row),
            "scale": iris.grade_scale(self.plan_id, self.report_id, row["scale_id"]),
            "subject": self.scope.goal(row["goal_id"]) if goal else iris.plan(self.plan_id),
        }
        if row["code"] is not None:  # else the total over all levels
            node["level"] = iris.grade_level(
                self.plan_id, self.report_id, row["scale_id"], row["code"]
            )
        node.update(literals(class_map("GradeCount"), row))
        return node

    def _note(self, row: Row) -> Node:
        return {
            "id": iris.report_note(self.plan_id, self.report_id, row["note_id"]),
            "type": "ReportNote",
            "label": labels.of_note(row),
            **literals(class_map("ReportNote"), row),
        }

    def _indicator_label(self, row: Row) -> dict[str, str]:
        return labels.of_indicator(row, self.indicators.get(row["parent_indicator_id"]))

    def _indicator(self, row: Row) -> Node:
        indicator_id = row["indicator_id"]
        title = self._indicator_label(row)["ja"]
        node: Node = {
            "id": self.scope.indicator(indicator_id),
            "type": "Indicator",
            "label": label(title),
            **literals(class_map("Indicator"), row),
            "subject": self.scope.subject(row, "indicators"),
            "plan": iris.plan(self.scope.indicator_plan[indicator_id]),
        }
        if row["parent_indicator_id"] is not None:
            node["parentIndicator"] = self.scope.indicator(row["parent_indicator_id"])
        measurement = class_map("Measurement")
        for point in INDICATOR_POINTS:
            values = literals(measurement, row, point_columns(point))
            if values:
                node[point] = {
                    "id": iris.indicator_point(self.plan_id, self.report_id, indicator_id, point),
                    "type": "Measurement",
                    "label": labels.of_point(title, point, row[f"{point}_heading"]),
                    **values,
                }
        series = self.values_of_indicator[indicator_id]
        put(
            node,
            "series",
            [
                {
                    "id": iris.indicator_year(
                        self.plan_id, self.report_id, indicator_id, r["fiscal_year"]
                    ),
                    "type": "Measurement",
                    "label": labels.of_year_value(title, r),
                    **literals(measurement, r),
                }
                for r in series
            ],
        )
        return node
