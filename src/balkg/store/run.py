"""One load run against a target: take it, clean up after earlier runs, replace the graphs, count them back."""

from __future__ import annotations

from ..errors import EndpointError
from .plan import GraphLoad
from .report import CountMismatch, LoadFailed, LoadReport, results
from .targets import LoadTarget, Progress, no_progress


def load_graphs(target: LoadTarget, graphs: list[GraphLoad], progress: Progress = no_progress) -> LoadReport:
    """Replace `graphs` in `target` and return the per-graph counts.

    Raises CountMismatch (with the report) when the target holds other counts
    than the files, LoadFailed when the run stopped halfway, and the errors of
    the first contact with the target (nothing sent).
    """
    with target.session(progress):
        target.check(progress)
        if all(g.parsed for g in graphs):
            progress.phase("send", sum(g.sent for g in graphs), "triples")
        else:  # the target reads the files; their triples are counted as it goes
            progress.phase("send", len(graphs), "files")
        try:
            target.replace(graphs, progress)
        except (EndpointError, OSError) as exc:
            cause = str(exc) if isinstance(exc, EndpointError) else f"{exc.__class__.__name__}: {exc}"
            raise LoadFailed(f"the load failed: {cause}; {target.on_failure}") from None
        progress.phase("verify", len(graphs), "graphs")
        try:
            stored = target.counts([g.graph for g in graphs])
        except EndpointError as exc:
            raise LoadFailed(f"the graphs were replaced, but counting them failed: {exc}") from None
        progress.advance(len(graphs))
    report = LoadReport(target.describe(), results(graphs, stored))
    if not report.ok:
        raise CountMismatch("the target holds other counts than the files", report)
    return report


def clean_up(target: LoadTarget, progress: Progress = no_progress) -> list[str]:
    """Remove what interrupted loads left in `target` (staging graphs, unfinished stores), and nothing else."""
    with target.session(progress):
        return target.cleanup(progress)
