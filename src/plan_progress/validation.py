"""The checks in order; later checks run only when the earlier ones let them read the data."""

from __future__ import annotations

from frictionless import Resource, Schema

from plan_progress.checks.codes import check_municipality_codes
from plan_progress.checks.generated import check_generated
from plan_progress.checks.json_schema import check_json_schema
from plan_progress.checks.model import check_base_iri, check_model
from plan_progress.checks.shacl import check_shacl
from plan_progress.checks.tables import check_and_read_tables, check_resource
from plan_progress.checks.text import check_text
from plan_progress.generate import Outputs, generate
from plan_progress.package import FLAT_TABLE, JSONLD, SOURCE_TABLES, TURTLE, PlanPackage
from plan_progress.problems import Problem


def check_and_generate(package: PlanPackage) -> tuple[Outputs | None, list[Problem]]:
    """Validate the source and what it generates. Outputs are None when the source is invalid."""
    problems = check_base_iri(package)
    table_problems, tables = check_and_read_tables(package)
    problems += table_problems
    if problems:
        return None, problems
    paths = {name: package.relpath(name) for name in SOURCE_TABLES}
    problems = (
        check_text(tables, paths)
        + check_municipality_codes(tables, paths)
        + check_model(tables, paths, multi_plan=package.multi_plan)
    )
    if problems:
        return None, problems
    outputs = generate(package, tables)
    problems = (
        _check_flat_table(package, outputs)
        + check_json_schema(outputs.document, package.relpath(JSONLD))
        + check_shacl(outputs, package.relpath(TURTLE))
    )
    return (None if problems else outputs), problems


def validate(package: PlanPackage) -> list[Problem]:
    """Everything `check_and_generate` checks, plus the committed generated files."""
    outputs, problems = check_and_generate(package)
    if outputs is None:
        return problems
    return check_generated(package, outputs)


def _check_flat_table(package: PlanPackage, outputs: Outputs) -> list[Problem]:
    descriptor = package.resource(FLAT_TABLE)
    resource = Resource(
        outputs.files[FLAT_TABLE], format="csv", schema=Schema.from_descriptor(descriptor["schema"])
    )
    return check_resource(resource, package.relpath(FLAT_TABLE), descriptor)
