"""ROBOT-style data checks: SPARQL files under the layout's checks folder.

Each check is a SELECT returning `?entity ?property ?value` for every problem it
finds (the ROBOT report contract). Its `#+ summary:` is the message, its
`#+ severity:` one of error, warn or info (default error). `balkg validate`
runs them all; `balkg query checks/NAME` runs one.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from ..errors import UsageError
from ..layout import Layout
from ..query.catalogue import SavedQuery
from ..query.run import EmbeddedTarget, run_query

SEVERITIES = ("error", "warn", "info")
_SEVERITY_ALIASES = {"warning": "warn", "err": "error", "information": "info"}


@dataclass(frozen=True)
class CheckResult:
    """One problem a check found."""

    check: str
    severity: str
    entity: str | None
    property: str | None
    value: str | None
    message: str


def check_queries(layout: Layout) -> list[SavedQuery]:
    """The check files of the layout, in name order."""
    directory = layout.checks_dir
    if not directory.is_dir():
        return []
    return [SavedQuery.from_file(path, path.stem, layout.relative(path)) for path in sorted(directory.rglob("*.rq"))]


def severity_of(check: SavedQuery) -> str:
    raw = str(check.metadata.get("severity", "error")).strip().lower()
    severity = _SEVERITY_ALIASES.get(raw, raw)
    if severity not in SEVERITIES:
        raise UsageError(f"{check.display}: severity must be one of {', '.join(SEVERITIES)}, not {raw!r}")
    return severity


def run_check(check: SavedQuery, store: ox.Store) -> list[CheckResult]:
    """Run one check over the union of the store's named graphs."""
    if check.form != "SELECT":
        raise UsageError(f"{check.display}: a check must be a SELECT query returning ?entity ?property ?value")
    severity = severity_of(check)
    message = check.summary or check.name
    result = run_query(check, EmbeddedTarget(store, "the store"))
    return [CheckResult(check.name, severity, _text(row.get("entity")), _text(row.get("property")),
                         _text(row.get("value")), message)
            for row in result.rows]


def covered_by(check: SavedQuery) -> set[str]:
    """Validation stages that already find what this check finds (`#+ covered_by:` decorator).

    Such a check is still useful on its own (`balkg query checks/NAME`, e.g. against a
    server where SHACL cannot run), but `balkg validate` skips it when that stage ran,
    so one problem is reported once.
    """
    raw = check.metadata.get("covered_by") or []
    return {str(stage).strip() for stage in (raw if isinstance(raw, list) else [raw])}


def run_checks(layout: Layout, store: ox.Store, skip_covered_by: tuple[str, ...] = ()) -> list[CheckResult]:
    """Every check of the layout over `store`, except those covered by the stages given; in check order."""
    findings: list[CheckResult] = []
    for check in check_queries(layout):
        if covered_by(check) & set(skip_covered_by):
            continue
        findings.extend(run_check(check, store))
    return findings


def _text(term) -> str | None:
    return None if term is None else term.value
