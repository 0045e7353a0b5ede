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
    plan/{plan_id}/report/{report_id}/entry/{entry_id}

Optional parts:

    plan/{plan_id}/goal-list/{goal_list_id}
    plan/{plan_id}/revision/{revision_id}
    actor/{actor_id}/department/{department_id}
    plan/{plan_id}/initiative/{initiative_id}/responsibility/{department_id}
    plan/{plan_id}/report/{report_id}/grade-scale/{scale_id}
    plan/{plan_id}/report/{report_id}/grade-scale/{scale_id}/level/{code}
    plan/{plan_id}/report/{report_id}/grade/{grade_id}
    plan/{plan_id}/report/{report_id}/indicator/{indicator_id}
    plan/{plan_id}/report/{report_id}/indicator/{indicator_id}/{baseline|current|target}
    plan/{plan_id}/report/{report_id}/indicator/{indicator_id}/fy/{fiscal_year}
    plan/{plan_id}/report/{report_id}/grade-count/{count_id}
    plan/{plan_id}/report/{report_id}/note/{note_id}

Goals and initiatives sit under their own plan, which is a sub-plan's for a sub-plan's
goals (see scope.py); everything else the report holds, under the report's plan.

A series (version 0.3): the yearly reports of one plan are packages of their own, and their
graphs join. What belongs to the plan (the plan, its period, goals, goal lists, initiatives,
responsibilities, bodies, actors and departments) has the same IRI in every report of it;
everything of one year (the report and all it holds, its entries included) sits under the
report's IRI, so two reports never state facts about one node. Until 0.2 an entry was
`plan/{plan_id}/entry/{entry_id}`, shared by every report of the plan (docs/migration-0.3.md).

Ids are restricted to `[a-z0-9-]` by the Table Schemas, so they need no escaping; a grade
level's code is printed text (A, ◎, S) and is percent-encoded.

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

from urllib.parse import quote, unquote

from plan_progress.core.standard import DATA_IRI_ROOT

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


def entry(plan_id: str, report_id: str, entry_id: str) -> str:
    return f"{report(plan_id, report_id)}/entry/{entry_id}"


# 都道府県コード 01 (北海道) to 47 (沖縄県). A code outside them (the examples use 99)
# names no real place, so no e-Stat IRI is stated for it.
PREFECTURE_CODES = range(1, 48)


def estat_standard_area(municipality_code: str) -> str | None:
    """The e-Stat IRI of the current standard area code (the six-digit code less its check
    digit), or None when the code's prefecture does not exist."""
    if int(municipality_code[:2]) not in PREFECTURE_CODES:
        return None
    return f"{ESTAT_SAC_ROOT}{municipality_code[:5]}"


def corporate_info(corporate_number: str) -> str:
    return f"{HOJIN_INFO_ROOT}{corporate_number}"


def goal_list(plan_id: str, goal_list_id: str) -> str:
    return f"plan/{plan_id}/goal-list/{goal_list_id}"


def plan_revision(plan_id: str, revision_id: str) -> str:
    return f"plan/{plan_id}/revision/{revision_id}"


def department(actor_id: str, department_id: str) -> str:
    return f"actor/{actor_id}/department/{department_id}"


def responsibility(initiative_iri: str, department_id: str) -> str:
    return f"{initiative_iri}/responsibility/{department_id}"


def grade_scale(plan_id: str, report_id: str, scale_id: str) -> str:
    return f"{report(plan_id, report_id)}/grade-scale/{scale_id}"


def grade_level(plan_id: str, report_id: str, scale_id: str, code: str) -> str:
    return f"{grade_scale(plan_id, report_id, scale_id)}/level/{quote(code, safe='')}"


def grade_level_code(iri: str) -> str:
    """The printed code back from a grade level's IRI."""
    return unquote(iri.rsplit("/", 1)[-1])


def grade(plan_id: str, report_id: str, grade_id: str) -> str:
    return f"{report(plan_id, report_id)}/grade/{grade_id}"


def indicator(plan_id: str, report_id: str, indicator_id: str) -> str:
    return f"{report(plan_id, report_id)}/indicator/{indicator_id}"


def indicator_point(plan_id: str, report_id: str, indicator_id: str, point: str) -> str:
    return f"{indicator(plan_id, report_id, indicator_id)}/{point}"


def indicator_year(plan_id: str, report_id: str, indicator_id: str, fiscal_year: int) -> str:
    return f"{indicator(plan_id, report_id, indicator_id)}/fy/{fiscal_year}"


def grade_count(plan_id: str, report_id: str, count_id: str) -> str:
    return f"{report(plan_id, report_id)}/grade-count/{count_id}"


def report_note(plan_id: str, report_id: str, note_id: str) -> str:
    return f"{report(plan_id, report_id)}/note/{note_id}"
