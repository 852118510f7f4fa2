"""`load`: the library call behind `balkg load` - validate the graph, then load it with `balkg.store`.

Validation sits here, above the store layer, so that `balkg.store` never
imports it. Every file is parsed before anything is sent; a bad file, or a
graph that does not validate, stops the run with the target untouched.
"""

from __future__ import annotations

from .errors import BalkgError
from .layout import Layout
from .store import GraphLoad, LoadReport, LoadTarget, Progress, load_graphs, prepare_graphs
from .store.targets import no_progress


def validate_first(layout: Layout, progress: Progress = no_progress) -> None:
    from .validation import validate_layout  # 0.4 s of imports that --no-validate need not pay

    progress.phase("validate")
    report = validate_layout(layout)
    progress.note(f"validate: {report.summary_line()}")
    if not report.conforms:
        raise BalkgError(f"the graph does not validate ({report.summary_line()}); nothing was sent "
                         "(run `balkg validate` for the findings, or load anyway with --no-validate)")


def load(layout: Layout, target: LoadTarget, validate: bool = True, progress: Progress = no_progress,
         graphs: list[GraphLoad] | None = None) -> LoadReport:
    """Replace the layout's graphs in `target` (see `balkg.store.load_target`) and return the per-graph counts.

    Raises CountMismatch (with the report) when the target holds other counts
    than the files, LoadFailed when the run stopped halfway, and the errors of
    validation, parsing or the first contact with the target (nothing sent).
    """
    graphs = prepare_graphs(layout, progress=progress) if graphs is None else graphs
    if validate:
        validate_first(layout, progress)
    return load_graphs(target, graphs, progress)
