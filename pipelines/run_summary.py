"""What a build did, in a few lines: articles added, changed, removed and quarantined, observations,
failed asset checks, and the warnings of the manifest and the checks. Also: the one-line messages of the
user errors a run failed with."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg
import duckdb

from pipelines.errors import UserError


@dataclass
class Summary:
    """The figures of one run (None where the run did not compute them)."""

    articles: dict[str, int] | None = None
    quarantine: dict[str, int] | None = None
    manifest_warnings: list[str] = field(default_factory=list)
    observations: int | None = None
    failed_checks: list[str] = field(default_factory=list)
    check_warnings: list[str] = field(default_factory=list)
    checks_run: int = 0

    def lines(self) -> list[str]:
        out = []
        if self.articles is not None:
            a = self.articles
            out.append(f"articles:     {a['added']} added, {a['changed']} changed, {a['removed']} removed, "
                       f"{a['unchanged']} unchanged ({a['rows']} in the warehouse)")
        if self.quarantine is not None:
            reasons = ", ".join(f"{reason} {n}" for reason, n in sorted(self.quarantine.items()))
            out.append(f"quarantined:  {sum(self.quarantine.values())}" + (f" ({reasons})" if reasons else ""))
        if self.observations is not None:
            out.append(f"observations: {self.observations}")
        if self.checks_run:
            out.append(f"asset checks: {self.checks_run} run, {len(self.failed_checks)} failed")
            out += [f"  failed: {c}" for c in self.failed_checks]
        warnings = self.manifest_warnings + self.check_warnings
        if warnings:
            out.append(f"warnings:     {len(warnings)}")
            out += [f"  {w}" for w in warnings]
        return out


def _metadata(result: dg.ExecuteInProcessResult, asset: str) -> dict:
    for event in result.get_asset_materialization_events():
        materialization = event.event_specific_data.materialization
        if materialization.asset_key == dg.AssetKey(asset):
            return {k: v.value for k, v in materialization.metadata.items()}
    return {}


def summarise(result: dg.ExecuteInProcessResult, warehouse: Path) -> Summary:
    summary = Summary()
    articles = _metadata(result, "articles")
    if "added" in articles:
        summary.articles = {k: articles[k] for k in ("added", "changed", "removed", "unchanged", "rows")}
    quarantine = _metadata(result, "quarantine")
    if "reasons" in quarantine:
        summary.quarantine = quarantine["reasons"]
        summary.manifest_warnings = list(quarantine["manifest_warnings"])
    if _metadata(result, "observations") and warehouse.exists():
        con = duckdb.connect(str(warehouse), read_only=True)
        try:
            summary.observations = con.execute("select count(*) from observations").fetchone()[0]
        finally:
            con.close()
    for check in result.get_asset_check_evaluations():
        summary.checks_run += 1
        if check.passed:
            continue
        what = f"{check.asset_key.to_user_string()}:{check.check_name}: {check.description or 'failed'}"
        if check.severity == dg.AssetCheckSeverity.WARN:
            summary.check_warnings.append(what)
        else:
            summary.failed_checks.append(what)
    return summary


def _user_error_names() -> set[str]:
    names, todo = set(), [UserError]
    while todo:
        cls = todo.pop()
        names.add(cls.__name__)
        todo += cls.__subclasses__()
    return names


def user_errors(result: dg.ExecuteInProcessResult) -> list[str]:
    """The messages of the user errors the run's steps failed with, once each, in order."""
    names, messages = _user_error_names(), []
    for event in result.all_events:
        if event.event_type != dg.DagsterEventType.STEP_FAILURE:
            continue
        error = event.step_failure_data.error
        while error is not None and error.cls_name not in names:
            error = error.cause
        if error is not None:
            message = error.message.strip()
            message = message.split(": ", 1)[1] if message.startswith(("pipelines.", "dagster")) else message
            if message not in messages:
                messages.append(message)
    return messages


def other_failures(result: dg.ExecuteInProcessResult) -> list[str]:
    """The messages (with tracebacks) of the failed steps, for failures that are not user errors."""
    return [event.message for event in result.all_events
            if event.event_type == dg.DagsterEventType.STEP_FAILURE and event.message]
