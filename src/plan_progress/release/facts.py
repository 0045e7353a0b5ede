"""The dataset-level facts of the catalog, read from the validated package (nothing invented)."""

from __future__ import annotations

from plan_progress.core.package import PlanPackage
from plan_progress.model import iris
from plan_progress.model.tables import Tables
from plan_progress.release.catalog import DatasetFacts


def dataset_facts(package: PlanPackage, tables: Tables) -> DatasetFacts:
    descriptor = package.descriptor
    extra = descriptor.get("planProgress", {})
    (plan,) = tables["plans"]
    (report,) = tables["reports"]
    municipality = next((a for a in tables["actors"] if a["actor_type"] == "municipality"), None)
    base = package.base_iri
    licence = next(iter(descriptor.get("licenses", [])), {})
    return DatasetFacts(
        iri=str(descriptor.get("id") or f"{base}{iris.plan(plan['plan_id'])}/dataset"),
        identifier=str(descriptor["name"]),
        title=str(descriptor.get("title", descriptor["name"])),
        description=str(descriptor.get("description", "")),
        version=str(descriptor.get("version", "")),
        keywords=tuple(str(k) for k in descriptor.get("keywords", [])),
        license=str(licence.get("path", "https://creativecommons.org/licenses/by/4.0/")),
        attribution=str(extra.get("attribution", "")),
        municipality_code=str(plan["municipality_code"]),
        municipality_name=str(plan["municipality_name"]),
        # The municipality publishes its own data; without a municipality actor, the plan
        # stands for the place (still an IRI from the package, never a guessed one).
        publisher_iri=base
        + (iris.actor(municipality["actor_id"]) if municipality else iris.plan(plan["plan_id"])),
        publisher_name=str(municipality["name"] if municipality else plan["municipality_name"]),
        source_iri=base + iris.report(plan["plan_id"], report["report_id"]),
        source_title=str(report["title"]),
        start_fiscal_year=plan["start_fiscal_year"],
        end_fiscal_year=plan["end_fiscal_year"],
    )
