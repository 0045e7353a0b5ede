"""The dataset-level facts of the catalog, read from the validated package (nothing invented:
what the package does not state stays empty)."""

from __future__ import annotations

from plan_progress.checks.catalog_metadata import catalog_metadata
from plan_progress.core.package import PlanPackage
from plan_progress.model import iris
from plan_progress.model.scope import main_plan, report_of
from plan_progress.model.tables import Tables
from plan_progress.release.catalog import Agent, Contact, DatasetFacts


def _contact(value: dict | None) -> Contact | None:
    if not value:
        return None
    return Contact(
        name=str(value["name"]),
        email=str(value.get("email", "")),
        telephone=str(value.get("telephone", "")),
        extension=str(value.get("extension", "")),
        url=str(value.get("url", "")),
    )


def dataset_facts(package: PlanPackage, tables: Tables) -> DatasetFacts:
    descriptor = package.descriptor
    extra = descriptor.get("planProgress", {})
    metadata = catalog_metadata(package)
    plan = main_plan(tables)
    report = report_of(tables)  # None: a plan published on its own is its own source
    actors = {a["actor_id"]: a for a in tables["actors"]}
    municipality = next((a for a in tables["actors"] if a["actor_type"] == "municipality"), None)
    base = package.base_iri
    licence = next(iter(descriptor.get("licenses", [])), {})
    # The plan's authors made the source document (市 and 社協 for Shimotsuke): creators.
    creators = tuple(
        Agent(base + iris.actor(a["actor_id"]), str(actors[a["actor_id"]]["name"]))
        for a in tables["plan-authors"]
        if a["plan_id"] == plan["plan_id"] and a["actor_id"] in actors
    )
    # The municipality publishes its own data; without a municipality actor, the plan
    # stands for the place (still an IRI from the package, never a guessed one).
    publisher = Agent(
        base
        + (iris.actor(municipality["actor_id"]) if municipality else iris.plan(plan["plan_id"])),
        str(municipality["name"] if municipality else plan["municipality_name"]),
    )
    # Without an `id`, the dataset is named after its report: each year's report of a plan
    # is a dataset of its own (a series, see release/series.py); a plan on its own after
    # the plan.
    source = (
        iris.report(plan["plan_id"], report["report_id"])
        if report is not None
        else iris.plan(plan["plan_id"])
    )
    fallback = f"{base}{source}/dataset"
    return DatasetFacts(
        iri=str(descriptor.get("id") or fallback),
        identifier=str(descriptor["name"]),
        title=str(descriptor.get("title", descriptor["name"])),
        description=str(descriptor.get("description", "")),
        version=str(descriptor.get("version", "")),
        keywords=tuple(str(k) for k in descriptor.get("keywords", [])),
        license=str(licence.get("path", "https://creativecommons.org/licenses/by/4.0/")),
        license_title=str(licence.get("title", "")),
        attribution=str(extra.get("attribution", "")),
        municipality_code=str(plan["municipality_code"]),
        municipality_name=str(plan["municipality_name"]),
        plan_id=str(plan["plan_id"]),
        publisher=publisher,
        creators=creators,
        spatial_iri=iris.estat_standard_area(str(plan["municipality_code"])),
        source_iri=base + source,
        source_title=str((report or plan)["title"] or ""),
        source_url=str(report["source_url"] or "") if report is not None else "",
        start_fiscal_year=plan["start_fiscal_year"],
        end_fiscal_year=plan["end_fiscal_year"],
        contact=_contact(metadata.get("contactPoint")),
        maintainer=_contact(metadata.get("maintainer")),
        update_frequency=str(metadata.get("updateFrequency", "")),
        issued=str(metadata.get("issued", "")),
        modified=str(metadata.get("modified", "")),
        languages=tuple(metadata.get("languages", ())),
        themes=tuple(metadata.get("themes", ())),
        plan_title=str(plan["title"] or ""),
    )
