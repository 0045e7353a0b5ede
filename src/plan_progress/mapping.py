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
        structural={"confirmation": False, "entries": True},
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
        structural={"period": False, "authors": True, "basicGoals": True},
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
        structural={"initiatives": True},
    ),
    ClassMap("Initiative", "initiatives", literals={"number": "number", "title": "title"}),
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
)


def class_map(json_type: str) -> ClassMap:
    return next(m for m in CLASS_MAPS if m.json_type == json_type)
