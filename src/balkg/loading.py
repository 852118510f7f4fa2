"""`load`: the library call behind `balkg load` - validate the graph, then load it with `balkg.store`.

Validation sits here, above the store layer, so that `balkg.store` never
imports it. A validated load parses every file once
(`balkg.rdf.dataset.parse_layout`), before anything is sent, and that parse
is both validated and sent; a bad file, or a graph that does not validate,
stops the run with the target untouched. Without validation, a target that
reads files itself (the embedded store) gets them unparsed (`plan_files`),
which is as fast as pyoxigraph's own bulk load.
"""

from __future__ import annotations

from .errors import BalkgError
from .layout import Layout
from .rdf.dataset import ParsedLayout
from .store import LoadReport, LoadTarget, Progress, load_graphs
from .store.plan import parse_and_plan, plan_files
from .store.targets import no_progress


def validate_first(layout: Layout, progress: Progress = no_progress, parsed: ParsedLayout | None = None) -> None:
    from .validation import validate_layout  # 0.4 s of imports that --no-validate need not pay

    progress.phase("validate")
    report = validate_layout(layout, parsed=parsed)
    progress.note(f"validate: {report.summary_line()}")
    if not report.conforms:
        raise BalkgError(f"the graph does not validate ({report.summary_line()}); nothing was sent "
                         "(run `balkg validate` for the findings, or load anyway with --no-validate)")


def load(layout: Layout, target: LoadTarget, validate: bool = True, progress: Progress = no_progress) -> LoadReport:
    """Replace the layout's graphs in `target` (see `balkg.store.load_target`) and return the per-graph counts.

    Raises CountMismatch (with the report) when the target holds other counts
    than the files, LoadFailed when the run stopped halfway, and the errors of
    validation, parsing or the first contact with the target (nothing sent).
    """
    if validate:
        parsed, graphs = parse_and_plan(layout, progress)  # the one parse: validated, then sent
        validate_first(layout, progress, parsed)
    elif getattr(target, "reads_files", False):
        graphs = plan_files(layout, progress)
    else:
        graphs = parse_and_plan(layout, progress)[1]
    return load_graphs(target, graphs, progress)
