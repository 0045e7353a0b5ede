"""How source table columns become keys of the JSON-LD document.

The builder follows this map, and the consistency tests read it to prove that what the
Table Schemas require, the JSON Schema and the SHACL shapes require too.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ClassMap:
    json_type: str
    table: str
    # JSON key -> column holding a literal value
    literals: dict[str, str] = field(default_factory=dict)
    # JSON key -> column holding the id of another node (rendered as an IRI)
    references: dict[str, str] = field(default_factory=dict)
    # JSON keys filled from other tables (children, joins); with whether at least one is required
    structural: dict[str, bool] = field(default_factory=dict)
    # JSON key -> column from which a link out is made (an absolute IRI in another dataset,
    # see iris.py); present exactly when the column has a value
    links: dict[str, str] = field(default_factory=dict)


CLASS_MAPS: tuple[ClassMap, ...] = (
    ClassMap(
        "ProgressReport",
        "reports",
        literals={
            "title": "title",
            "status": "status",
            "footnote": "footnote",
            "sourceMediaType": "source_media_type",
            "sourceUrl": "source_url",
        },
        references={"plan": "plan_id"},
        structural={
            "confirmation": False,
            "entries": True,
            "gradeScales": False,
            "grades": False,
            "indicators": False,
        },
    ),
    ClassMap(
        "Confirmation",
        "reports",
        literals={"confirmationDate": "confirmation_date"},
        references={"confirmedBy": "confirmed_by"},
    ),
    ClassMap("ConfirmationBody", "confirmation-bodies", literals={"name": "name"}),
    ClassMap(
        "Plan",
        "plans",
        literals={
            "title": "title",
            "municipalityCode": "municipality_code",
            "municipalityName": "municipality_name",
            "periodNumber": "period_number",
        },
        structural={"period": False, "authors": True, "basicGoals": True, "goalLists": False},
        links={"standardAreaCode": "municipality_code"},
    ),
    ClassMap(
        "PlanPeriod",
        "plans",
        literals={
            "startFiscalYear": "start_fiscal_year",
            "startFiscalYearLabel": "start_fiscal_year_label",
            "endFiscalYear": "end_fiscal_year",
            "endFiscalYearLabel": "end_fiscal_year_label",
        },
    ),
    ClassMap(
        "BasicGoal",
        "basic-goals",
        literals={"number": "number", "title": "title"},
        references={"goalList": "goal_list_id"},
        structural={"initiatives": True},
    ),
    ClassMap(
        "Initiative",
        "initiatives",
        literals={"number": "number", "title": "title", "itemType": "item_type"},
        references={"parentInitiative": "parent_initiative_id"},
        structural={"responsibilities": False},
    ),
    ClassMap(
        "Actor",
        "actors",
        literals={
            "shortName": "short_name",
            "name": "name",
            "legalForm": "legal_form",
            "actorType": "actor_type",
            "corporateNumber": "corporate_number",
        },
        links={"corporateInfo": "corporate_number"},
    ),
    ClassMap(
        "ProgressEntry",
        "progress-entries",
        literals={"progress": "progress", "issue": "issue"},
        references={"initiative": "initiative_id", "actor": "actor_id"},
    ),
    # Optional parts
    ClassMap("GoalList", "goal-lists", literals={"number": "number", "title": "title"}),
    ClassMap(
        "Department", "departments", literals={"name": "name"}, references={"unitOf": "actor_id"}
    ),
    ClassMap(
        "Responsibility",
        "responsibilities",
        literals={"role": "role"},
        references={"department": "department_id"},
    ),
    ClassMap(
        "GradeScale",
        "grade-scales",
        literals={"number": "number", "title": "title", "assessor": "assessor"},
        references={"assessedBy": "assessed_by"},
        structural={"levels": True},
    ),
    ClassMap(
        "GradeLevel",
        "grade-levels",
        literals={
            "code": "code",
            "rank": "rank",
            "title": "title_ja",
            "titleEn": "title_en",
            "description": "description_ja",
            "descriptionEn": "description_en",
        },
    ),
    ClassMap(
        "Grade",
        "grades",
        literals={"reason": "reason"},
        # the level's IRI is made of scale_id and code (a composite foreign key)
        references={"scale": "scale_id", "level": "code", "actor": "actor_id"},
        structural={"subject": True},
    ),
    ClassMap(
        "Indicator",
        "indicators",
        literals={
            "number": "number",
            "title": "title",
            "unit": "unit",
            "lowerIsBetter": "lower_is_better",
            "cumulative": "cumulative",
        },
        structural={
            "subject": True,
            "baseline": False,
            "current": False,
            "target": False,
            "series": False,
        },
    ),
    ClassMap(
        "Measurement",
        "indicator-values",
        literals={
            "value": "actual_value",
            "plannedValue": "planned_value",
            "fiscalYear": "fiscal_year",
            "fiscalYearLabel": "fiscal_year_label",
            "valueStatus": "actual_status",
        },
    ),
)

# Baseline, current and target values sit in the indicators table as column groups
# named {point}_value, {point}_fiscal_year, {point}_fiscal_year_label, {point}_status.
INDICATOR_POINTS = ("baseline", "current", "target")


def point_columns(point: str) -> dict[str, str]:
    """JSON key of a Measurement -> column of the indicators table for one point."""
    return {
        "value": f"{point}_value",
        "fiscalYear": f"{point}_fiscal_year",
        "fiscalYearLabel": f"{point}_fiscal_year_label",
        "valueStatus": f"{point}_status",
    }


def class_map(json_type: str) -> ClassMap:
    return next(m for m in CLASS_MAPS if m.json_type == json_type)
