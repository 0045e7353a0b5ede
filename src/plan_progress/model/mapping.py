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


# Every node carries rdfs:label (made from its texts: see labels.py), so that a researcher
# browsing the graph sees a name; the key is structural because no single column holds it.
LABELLED = {"label": True}

CLASS_MAPS: tuple[ClassMap, ...] = (
    ClassMap(
        "ProgressReport",
        "reports",
        literals={
            "title": "title",
            "status": "status",
            "fiscalYear": "fiscal_year",
            "fiscalYearEnd": "fiscal_year_end",
            "fiscalYearLabel": "fiscal_year_label",
            "footnote": "footnote",
            "publicationDate": "publication_date",
            "publicationDateLabel": "publication_date_label",
            "sourceMediaType": "source_media_type",
            "sourceUrl": "source_url",
        },
        references={"plan": "plan_id"},
        structural={
            **LABELLED,
            "confirmation": False,
            "entries": False,
            "gradeScales": False,
            "grades": False,
            "gradeCounts": False,
            "indicators": False,
            "reportNotes": False,
        },
    ),
    ClassMap(
        "Confirmation",
        "reports",
        literals={
            "confirmationDate": "confirmation_date",
            "confirmationDateLabel": "confirmation_date_label",
        },
        references={"confirmedBy": "confirmed_by"},
        structural={**LABELLED},
    ),
    ClassMap(
        "ConfirmationBody", "confirmation-bodies", literals={"name": "name"}, structural=LABELLED
    ),
    ClassMap(
        "Plan",
        "plans",
        literals={
            "title": "title",
            "municipalityCode": "municipality_code",
            "municipalityName": "municipality_name",
            "periodNumber": "period_number",
            "adoptionDate": "adoption_date",
            "adoptionDateLabel": "adoption_date_label",
        },
        references={"parentPlan": "parent_plan_id"},
        structural={
            **LABELLED,
            "period": False,
            "authors": False,
            "basicGoals": False,
            "goalLists": False,
            "planRevisions": False,
        },
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
        structural=LABELLED,
    ),
    ClassMap(
        "BasicGoal",
        "basic-goals",
        literals={
            "number": "number",
            "notation": "notation",
            "title": "title",
            "levelName": "level_name",
        },
        references={"goalList": "goal_list_id", "parentGoal": "parent_goal_id"},
        structural={
            **LABELLED,
            "initiatives": False,
            "narrowerGoals": False,
            "relatedInitiatives": False,
        },
    ),
    ClassMap(
        "Initiative",
        "initiatives",
        literals={
            "number": "number",
            "notation": "notation",
            "title": "title",
            "description": "description",
            "legalBasis": "legal_basis",
            "levelName": "level_name",
            "itemType": "item_type",
        },
        references={"goal": "goal_id", "parentInitiative": "parent_initiative_id"},
        # `plan` is always stated: the initiative's own plan_id, else its goal's plan, else
        # the report's plan.
        structural={
            **LABELLED,
            "plan": True,
            "responsibilities": False,
            "progressEntries": False,
            "narrowerInitiatives": False,
            "relatedGoals": False,
        },
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
        structural=LABELLED,
        links={"corporateInfo": "corporate_number"},
    ),
    ClassMap(
        "ProgressEntry",
        "progress-entries",
        literals={
            "fiscalYear": "fiscal_year",
            "fiscalYearLabel": "fiscal_year_label",
            "progress": "progress",
            "issue": "issue",
        },
        references={"initiative": "initiative_id", "actor": "actor_id"},
        # Counted from the texts (jsonld_document.text_facts), present with their text.
        structural={
            **LABELLED,
            "progressLength": False,
            "progressParagraphs": False,
            "issueLength": False,
        },
    ),
    # Optional parts
    ClassMap(
        "GoalList",
        "goal-lists",
        literals={"number": "number", "title": "title"},
        references={"owner": "owner_actor_id"},
        structural=LABELLED,
    ),
    ClassMap(
        "Department",
        "departments",
        literals={"name": "name"},
        references={"unitOf": "actor_id"},
        structural=LABELLED,
    ),
    ClassMap(
        "Responsibility",
        "responsibilities",
        literals={"role": "role"},
        references={"department": "department_id"},
        structural=LABELLED,
    ),
    ClassMap(
        "GradeScale",
        "grade-scales",
        literals={
            "number": "number",
            "title": "title",
            "scaleType": "scale_type",
            "minimum": "minimum",
            "maximum": "maximum",
            "lowerIsBetter": "lower_is_better",
            "assessor": "assessor",
            "assessmentDate": "assessment_date",
            "assessmentDateLabel": "assessment_date_label",
        },
        references={"assessedBy": "assessed_by"},
        structural={**LABELLED, "levels": False},
    ),
    ClassMap(
        "GradeLevel",
        "grade-levels",
        literals={
            "code": "code",
            "notation": "code",
            "rank": "rank",
            "title": "title_ja",
            "titleEn": "title_en",
            "description": "description_ja",
            "descriptionEn": "description_en",
        },
        structural=LABELLED,
    ),
    ClassMap(
        "Grade",
        "grades",
        literals={
            "value": "value",
            "fiscalYear": "fiscal_year",
            "fiscalYearLabel": "fiscal_year_label",
            "reason": "reason",
        },
        # the level's IRI is made of scale_id and code (a composite reference)
        references={"scale": "scale_id", "level": "code", "actor": "actor_id"},
        # `subject` is the initiative, goal, indicator or plan graded; `plan` the plan it is in
        structural={**LABELLED, "subject": True, "plan": True},
    ),
    ClassMap(
        "Indicator",
        "indicators",
        literals={
            "number": "number",
            "notation": "notation",
            "title": "title",
            "unit": "unit",
            "lowerIsBetter": "lower_is_better",
            "cumulative": "cumulative",
            "note": "note",
            "footnoteMark": "footnote_mark",
            "breakdown": "breakdown",
        },
        references={"parentIndicator": "parent_indicator_id"},
        structural={
            **LABELLED,
            "subject": True,
            "plan": True,
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
            "valueText": "actual_text",
            "plannedValue": "planned_value",
            "plannedValueText": "planned_text",
            "fiscalYear": "fiscal_year",
            "fiscalYearLabel": "fiscal_year_label",
            "valueStatus": "actual_status",
        },
        # A baseline, current or target value may carry the heading printed over it (in
        # the indicators table: see point_columns); a yearly value has none.
        structural={**LABELLED, "heading": False, "footnoteMark": False},
    ),
    ClassMap(
        "GradeCount",
        "grade-counts",
        literals={
            "count": "count",
            "share": "share",
            "subset": "subset",
            "fiscalYear": "fiscal_year",
            "fiscalYearLabel": "fiscal_year_label",
        },
        references={"scale": "scale_id", "level": "code"},
        # the goal counted over, else the report's plan
        structural={**LABELLED, "subject": True},
    ),
    ClassMap(
        "PlanRevision",
        "plan-revisions",
        literals={
            "revisionType": "revision_type",
            "fiscalYear": "fiscal_year",
            "fiscalYearLabel": "fiscal_year_label",
            "note": "note",
        },
        # `revisionOf` is the goal, initiative, goal list, actor, department or body named
        # (at most one: see REVISION_SUBJECTS), else the plan itself.
        structural={**LABELLED, "revisionOf": True},
    ),
    ClassMap(
        "ReportNote",
        "report-notes",
        literals={"mark": "mark", "heading": "heading", "text": "text"},
        structural=LABELLED,
    ),
)

# The columns of plan-revisions naming what was revised, with the table each refers to; all
# empty means the plan itself.
REVISION_SUBJECTS = {
    "goal_id": "basic-goals",
    "initiative_id": "initiatives",
    "goal_list_id": "goal-lists",
    "actor_id": "actors",
    "department_id": "departments",
    "body_id": "confirmation-bodies",
}

# Terms the context maps to other vocabularies rather than to pp: (see the context).
REUSED_TERMS = {
    "label": "http://www.w3.org/2000/01/rdf-schema#label",
    "notation": "http://www.w3.org/2004/02/skos/core#notation",
}

# Baseline, current and target values sit in the indicators table as column groups
# named {point}_value, {point}_text, {point}_fiscal_year, {point}_fiscal_year_label,
# {point}_status, {point}_heading and {point}_mark.
INDICATOR_POINTS = ("baseline", "current", "target")


def point_columns(point: str) -> dict[str, str]:
    """JSON key of a Measurement -> column of the indicators table for one point."""
    return {
        "value": f"{point}_value",
        "valueText": f"{point}_text",
        "fiscalYear": f"{point}_fiscal_year",
        "fiscalYearLabel": f"{point}_fiscal_year_label",
        "valueStatus": f"{point}_status",
        "heading": f"{point}_heading",
        "footnoteMark": f"{point}_mark",
    }


def class_map(json_type: str) -> ClassMap:
    return next(m for m in CLASS_MAPS if m.json_type == json_type)
