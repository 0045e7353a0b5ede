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

Links out, to identifiers researchers already use (absolute IRIs, not under the base):

    plan      pp:standardAreaCode  http://data.e-stat.go.jp/lod/sac/C{first 5 digits of the code}
    actor     pp:corporateInfo     http://hojin-info.go.jp/data/basic/{corporate number}

The e-Stat statistical LOD gives every version of a standard area code its own IRI
(`C09216-20060110`, `C09216-20150201`, ...: code, hyphen, first day of validity) and one
undated IRI (`C09216`, typed sacs:CurrentStandardAreaCode, owl:sameAs the version in
force). Which dated version was in force during a plan period is not in the source, so
the link is the undated one, which the municipality code alone determines.
The corporate-number link is made only when the actor's corporate number is filled in,
which is done only after it has been confirmed from a public source.
"""

from __future__ import annotations

from plan_progress.standard import DATA_IRI_ROOT

ESTAT_SAC_ROOT = "http://data.e-stat.go.jp/lod/sac/C"
HOJIN_INFO_ROOT = "http://hojin-info.go.jp/data/basic/"


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


def estat_standard_area(municipality_code: str) -> str:
    """The e-Stat IRI of the current standard area code: the six-digit code less its check digit."""
    return f"{ESTAT_SAC_ROOT}{municipality_code[:5]}"


def corporate_info(corporate_number: str) -> str:
    return f"{HOJIN_INFO_ROOT}{corporate_number}"
