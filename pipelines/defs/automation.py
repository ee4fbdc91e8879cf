"""When the warehouse is rebuilt: every morning, and whenever the raw folder changes.

Both the schedule and the sensor start RUNNING as soon as a Dagster daemon loads the code location, so a
deployment keeps the warehouse fresh without anyone switching them on. That is cheap: a run reads and
extracts only new or changed articles, and a run with nothing new changes nothing.

- ``daily_refresh`` materialises every asset at 06:00 Vietnam time: the safety net for anything the
  sensor cannot see (a manifest kept outside the raw folder that changed while the daemon was down, a
  run that failed).
- ``raw_folder_sensor`` looks at the raw folder (``DX_RAW_DIR``, and the manifest at ``DX_MANIFEST``)
  every 30 s and asks for one run when an article was added, changed or removed. Its cursor holds the
  folder state it last acted on (see ``pipelines.core.raw_watch``), so after a daemon restart it asks
  again only for what changed since; a change whose files were modified in the last few seconds waits
  for the next tick, so a file still being copied is not read half-written.
"""

from __future__ import annotations

import dagster as dg

from pipelines.config import settings
from pipelines.core.raw_watch import Cursor, compare, digest, read_state, recently_written
from pipelines.defs.resources import WRITER_TAG

SENSOR_INTERVAL_S = 30
SETTLE_S = 5.0

materialize_all = dg.define_asset_job(
    "materialize_all", selection=dg.AssetSelection.all(),
    description="Every asset: ingest, extraction, derived tables, charts and exports.")



def writing_assets(definitions: dg.Definitions) -> list[dg.AssetsDefinition]:
    """The assets that write the warehouse (they carry the writer tag): the tables, without the exports."""
    return [a for a in definitions.assets or []
            if isinstance(a, dg.AssetsDefinition) and a.node_def.tags.get(WRITER_TAG) == "true"]


daily_refresh = dg.ScheduleDefinition(
    name="daily_refresh", job=materialize_all, cron_schedule="0 6 * * *",
    execution_timezone="Asia/Ho_Chi_Minh", default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Rebuild the warehouse every morning at 06:00 Vietnam time.")


@dg.sensor(job=materialize_all, minimum_interval_seconds=SENSOR_INTERVAL_S,
           default_status=dg.DefaultSensorStatus.RUNNING,
           description="Rebuild the warehouse when an article file is added, changed or removed.")
def raw_folder_sensor(context: dg.SensorEvaluationContext) -> dg.SensorResult:
    s = settings()
    saved = Cursor.decode(context.cursor)
    state = read_state(s.raw_dir, saved.state if saved else None, extra=[s.manifest])
    if saved is not None:
        changes = compare(saved.state, state)
        if not changes:
            cursor = Cursor(state, saved.runs).encode() if state != saved.state else None
            return dg.SensorResult(skip_reason=f"no article added, changed or removed in {s.raw_dir}",
                                   cursor=cursor)
        busy = [key for key in recently_written(state, SETTLE_S) if key in changes.added + changes.changed]
        if busy:
            return dg.SensorResult(skip_reason=f"waiting for {len(busy)} file(s) still being written: "
                                               f"{', '.join(busy[:5])}")
        summary = changes.summary()
    else:
        summary = f"first look at {s.raw_dir}: {len(state)} file(s)"
    runs = (saved.runs if saved else 0) + 1
    state_digest = digest(state)
    context.log.info(f"requesting run {runs}: {summary}")
    request = dg.RunRequest(run_key=f"raw-{runs}-{state_digest[:16]}",
                            tags={"dx/trigger": "raw_folder", "dx/raw_digest": state_digest[:16]})
    return dg.SensorResult(run_requests=[request], cursor=Cursor(state, runs).encode())
