"""The Dagster code location: every module of ``pipelines/defs`` merged into one Definitions.

Each module is read as Dagster's defs folder reads it (a module's ``Definitions`` object, else its
``@dg.definitions`` function, else the assets, checks, jobs, schedules and sensors at its top level), but
without the component-tree discovery, which costs a small build more than its whole extraction.
"""

import importlib
import pkgutil
from types import ModuleType

import dagster as dg
from dagster._core.definitions.unresolved_asset_job_definition import UnresolvedAssetJobDefinition
from dagster.components.definitions import LazyDefinitions

import pipelines.defs

JOB_TYPES = (dg.JobDefinition, UnresolvedAssetJobDefinition)
LOOSE_TYPES = (dg.AssetsDefinition, *JOB_TYPES, dg.ScheduleDefinition, dg.SensorDefinition)


def defs_modules() -> list[ModuleType]:
    """Every module of ``pipelines/defs``, by name."""
    return [importlib.import_module(f"{pipelines.defs.__name__}.{info.name}")
            for info in sorted(pkgutil.iter_modules(pipelines.defs.__path__), key=lambda i: i.name)]


def module_defs(module: ModuleType) -> dg.Definitions:
    """The definitions one module holds (see the module docstring for the order they are looked for in)."""
    values = list(vars(module).values())
    objects = [v for v in values if isinstance(v, dg.Definitions)]
    if objects:
        return objects[0]
    lazy = [v for v in values if isinstance(v, LazyDefinitions)]
    if lazy:
        return dg.Definitions.merge(*(load() for load in lazy))
    loose = list({id(v): v for v in values if isinstance(v, LOOSE_TYPES)}.values())
    return dg.Definitions(
        assets=[v for v in loose if isinstance(v, dg.AssetsDefinition) and not isinstance(v, dg.AssetChecksDefinition)],
        asset_checks=[v for v in loose if isinstance(v, dg.AssetChecksDefinition)],
        jobs=[v for v in loose if isinstance(v, JOB_TYPES)],
        schedules=[v for v in loose if isinstance(v, dg.ScheduleDefinition)],
        sensors=[v for v in loose if isinstance(v, dg.SensorDefinition)])


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions.merge(*(module_defs(m) for m in defs_modules()))
