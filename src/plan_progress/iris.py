"""The IRI scheme for data, relative to a package's base IRI.

Base: `planProgress.baseIri` in datapackage.json, by default
`https://w3id.org/plan-progress/id/{municipality code}/`. Actors belong to the
municipality; everything else sits under its plan:

    actor/{actor_id}
    plan/{plan_id}
    plan/{plan_id}/period
    plan/{plan_id}/goal/{goal_id}
    plan/{plan_id}/initiative/{initiative_id}
    plan/{plan_id}/body/{body_id}
    plan/{plan_id}/report/{report_id}
    plan/{plan_id}/report/{report_id}/confirmation
    plan/{plan_id}/entry/{entry_id}

Ids are restricted to `[a-z0-9-]` by the Table Schemas, so no escaping is needed.
"""

from __future__ import annotations

from plan_progress.standard import DATA_IRI_ROOT


def default_base_iri(municipality_code: str) -> str:
    return f"{DATA_IRI_ROOT}{municipality_code}/"


def actor(actor_id: str) -> str:
    return f"actor/{actor_id}"


def plan(plan_id: str) -> str:
    return f"plan/{plan_id}"


def period(plan_id: str) -> str:
    return f"plan/{plan_id}/period"


def goal(plan_id: str, goal_id: str) -> str:
    return f"plan/{plan_id}/goal/{goal_id}"


def initiative(plan_id: str, initiative_id: str) -> str:
    return f"plan/{plan_id}/initiative/{initiative_id}"


def body(plan_id: str, body_id: str) -> str:
    return f"plan/{plan_id}/body/{body_id}"


def report(plan_id: str, report_id: str) -> str:
    return f"plan/{plan_id}/report/{report_id}"


def confirmation(plan_id: str, report_id: str) -> str:
    return f"plan/{plan_id}/report/{report_id}/confirmation"


def entry(plan_id: str, entry_id: str) -> str:
    return f"plan/{plan_id}/entry/{entry_id}"
