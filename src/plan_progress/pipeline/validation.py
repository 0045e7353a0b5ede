"""The checks in order; later checks run only when the earlier ones let them read the data."""

from __future__ import annotations

import gc
import tempfile
from collections.abc import Callable
from contextlib import nullcontext
from functools import partial
from pathlib import Path

from plan_progress.checks import shacl_fast
from plan_progress.checks.catalog_metadata import check_catalog_metadata
from plan_progress.checks.codes import check_base_iri_code, check_municipality_codes
from plan_progress.checks.conformance import check_conformance
from plan_progress.checks.generated import check_generated
from plan_progress.checks.json_schema import check_json_schema
from plan_progress.checks.keys import check_unique_keys
from plan_progress.checks.locate import Locator
from plan_progress.checks.model import check_base_iri, check_model
from plan_progress.checks.shacl import check_shacl, check_shacl_reference
from plan_progress.checks.source_files import check_source_files
from plan_progress.checks.tables import check_and_read_tables, check_flat_table
from plan_progress.checks.text import check_text
from plan_progress.checks.turtle_reading import TurtleReading
from plan_progress.core.atomic_files import WriteFailed
from plan_progress.core.package import FLAT_TABLE, JSONLD, SOURCE_TABLES, TURTLE, PlanPackage
from plan_progress.core.parallel import run_all, worth_it
from plan_progress.core.problems import InvalidPackage, Problem, errors
from plan_progress.model.plan_split import split_by_plan
from plan_progress.model.profiles import Profile, load_profiles
from plan_progress.model.scope import main_plan
from plan_progress.model.tables import Tables
from plan_progress.pipeline import streamed
from plan_progress.pipeline.generate import (
    Outputs,
    StagedFiles,
    assemble,
    generate,
    json_bytes,
    prepare,
    void_file,
)
from plan_progress.rdf import fast_rdf

# Called with a package's source tables once they pass the model's rules (e.g. to keep what
# a series check compares: see pipeline.series).
TablesSeen = Callable[[Tables], None]


def check_and_generate(
    package: PlanPackage, stage: Path | None = None, on_tables: TablesSeen | None = None
) -> tuple[Outputs | None, list[Problem]]:
    """Validate the source and what it generates. Outputs are None when the source is invalid;
    warnings (see Rule.severity) come with the outputs and do not stop them.

    A package of many plans is generated in batches into files: under `stage` when given
    (the outputs then name those files), else in a temporary directory read back into
    memory. `on_tables` is given the source tables once they pass the model's rules."""
    # The tables' rows live for the whole run, and the cyclic garbage collector would scan
    # them again and again while they grow (~10 % of a 200,000-entry build); what is made
    # here is freed by reference counting, and any cycle is collected once it is back on.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _check_and_generate(package, stage, on_tables)
    finally:
        if enabled:
            gc.enable()


def _check_and_generate(
    package: PlanPackage, stage: Path | None, on_tables: TablesSeen | None = None
) -> tuple[Outputs | None, list[Problem]]:
    parallel = worth_it(package)
    tables, found = checked_tables(package, parallel)
    if tables is None:
        return None, found
    if on_tables is not None:
        on_tables(tables)
    warnings = found
    profiles = load_profiles(package)  # read (and checked) once already: small files
    paths = {name: package.relpath(name) for name in SOURCE_TABLES}
    parts = split_by_plan(tables) if package.multi_plan else [tables]
    locator = _locator(package, parts, paths)
    if package.multi_plan:
        try:
            outputs, problems = _generate_in_batches(
                package, parts, profiles, locator, stage, parallel
            )
        except OSError as err:
            return None, WriteFailed(err.filename or stage or "", err).problems
    elif parallel:
        outputs, problems = _generate_and_check_parallel(package, tables, profiles, locator)
    else:
        outputs = generate(package, tables, profiles)
        problems = (
            check_flat_table(package, outputs.files[FLAT_TABLE])
            + check_json_schema(
                outputs.document, package.relpath(JSONLD), 0, locator, locator.bases
            )
            + check_shacl(outputs.triples, lambda: outputs.graph, package.relpath(TURTLE), locator)
        )
    return (None if problems else outputs), warnings + problems


def checked_tables(
    package: PlanPackage, parallel: bool | None = None
) -> tuple[Tables | None, list[Problem]]:
    """The package's source tables when they pass every check made on the tables themselves
    (Table Schemas, text, codes, the model's rules), with the warnings; else None and the
    problems. Nothing is generated."""
    if parallel is None:
        parallel = worth_it(package)
    try:
        profiles = load_profiles(package)
    except InvalidPackage as invalid:
        return None, invalid.problems
    # Tables are read only when their schemas are the standard's and their files pass the
    # cheap first pass (inside the package, within the limits, complete headers): otherwise
    # frictionless would report the consequences, spread over other tables.
    problems = check_conformance(package, profiles)
    if problems:
        return None, problems
    problems = check_source_files(package)
    if problems:
        return None, problems
    problems = check_base_iri(package) + check_catalog_metadata(package)
    # The entries table is as big as all the others together: one core each.
    groups = (("progress-entries",), tuple(n for n in SOURCE_TABLES if n != "progress-entries"))
    table_problems, tables = check_and_read_tables(package, groups if parallel else None, parallel)
    problems += table_problems
    if problems:
        return None, problems
    paths = {name: package.relpath(name) for name in SOURCE_TABLES}
    schemas = {name: package.resource(name)["schema"] for name in SOURCE_TABLES}
    found = (
        check_unique_keys(tables, schemas, paths)
        + check_text(tables, paths)
        + check_municipality_codes(tables, paths)
        + check_model(tables, paths, multi_plan=package.multi_plan)
        + check_base_iri_code(package.base_iri, tables, paths, multi_plan=package.multi_plan)
    )
    if errors(found):
        return None, found
    return tables, found


def _locator(package: PlanPackage, parts: list[Tables], paths: dict[str, str]) -> Locator:
    """Where each generated node comes from in the source tables (`parts`: one per plan)."""
    bases = []
    for part in parts:
        plan = main_plan(part)
        bases.append(package.plan_base_iri(plan["municipality_code"]))
    return Locator.of(list(zip(parts, bases, strict=True)), paths)


def _generate_in_batches(
    package: PlanPackage,
    parts: list[Tables],
    profiles: list[Profile],
    locator: Locator,
    stage: Path | None,
    parallel: bool,
) -> tuple[Outputs, list[Problem]]:
    own = tempfile.TemporaryDirectory(prefix="plan-progress-") if stage is None else None
    with own or nullcontext():
        where = Path(own.name) if own is not None else stage
        paths, problems = streamed.generate_and_check(
            package, parts, profiles, locator, where, parallel
        )
        # Files in a directory of our own are read back before it goes.
        files = StagedFiles(paths) if own is None else StagedFiles(paths).read_all()
    return Outputs(None, files), problems


def _generate_and_check_parallel(
    package: PlanPackage, tables: Tables, profiles: list[Profile], locator: Locator
) -> tuple[Outputs, list[Problem]]:
    """The same outputs and problems as the sequential path, from independent tasks on both
    cores: serializations, the RDF and its SHACL check, halves of the JSON Schema check."""
    prepared = prepare(package, tables, profiles)
    documents, relpath = prepared.documents, package.relpath(JSONLD)
    half = len(documents) // 2
    if isinstance(prepared.document, list):
        schema_tasks = [
            partial(check_json_schema, documents[:half], relpath, 0, locator, locator.bases),
            partial(check_json_schema, documents[half:], relpath, half, locator, locator.bases),
        ]
    else:
        schema_tasks = [
            partial(check_json_schema, prepared.document, relpath, 0, locator, locator.bases)
        ]

    # The N-Triples first, here: SHACL, Turtle and the VoID description are all made from
    # them, so the workers inherit them instead of one worker making them for the others.
    nt = fast_rdf.ntriples(documents)
    # Longest first, so that the two workers finish at about the same time.
    results = run_all(
        [
            lambda: shacl_fast.validate(fast_rdf.parse_ntriples(nt)),
            partial(void_file, package, prepared, nt),
            partial(check_flat_table, package, prepared.flat_csv),
            lambda: fast_rdf.turtle(nt, prepared.prefixes),
            lambda: json_bytes(prepared.document) + b"\n",
            *schema_tasks,
        ],
        parallel=True,
    )
    shacl_results, void_ttl, flat_problems, ttl, jsonld, *schema_results = results
    outputs = assemble(package, prepared, jsonld, nt, ttl, void_ttl)
    shacl_problems = (
        []
        if shacl_results == []
        else check_shacl_reference(outputs.graph, package.relpath(TURTLE), locator)
    )
    problems = flat_problems + [p for part in schema_results for p in part] + shacl_problems
    return outputs, problems


def validate(package: PlanPackage, on_tables: TablesSeen | None = None) -> list[Problem]:
    """Everything `check_and_generate` checks, plus the committed generated files."""
    with tempfile.TemporaryDirectory(prefix="plan-progress-validate-") as work:
        # A big package's committed Turtle is read ahead on a core the early checks leave
        # idle (checks/turtle_reading); a package of many plans is made into staged files.
        reading = TurtleReading.start(package, Path(work)) if worth_it(package) else None
        try:
            stage = Path(work) / "stage" if package.multi_plan else None
            if stage is not None:
                stage.mkdir()
            outputs, problems = check_and_generate(package, stage, on_tables)
            if outputs is None:
                return problems
            turtle_read = reading.ntriples if reading is not None else None
            return problems + check_generated(package, outputs.sources, turtle_read)
        finally:
            if reading is not None:
                reading.stop()
