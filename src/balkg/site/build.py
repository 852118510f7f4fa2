"""`balkg site OUT/`: write the static site of a graph into a folder of its own.

The folder is built next to OUT and swapped in when complete, so a reader never
sees half a site; an existing OUT is replaced only when it is a balkg site.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from .. import __version__
from ..errors import UsageError
from ..layout import Layout
from ..query.run import EmbeddedTarget
from ..rdf.dataset import parse_layout
from .model import SiteGraph
from .writer import PageWriter

MARKER = ".balkg-site"


@dataclass
class SiteReport:
    out: Path
    graph: str
    pages: int = 0
    files: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)


def build_site(layout: Layout, out: str | Path, endpoint: str | None = None, target=None) -> SiteReport:
    """Write the site of `layout`'s graph into `out`.

    `endpoint` adds "run" links to the query page. `target` (e.g. the endpoint's
    `EndpointTarget`) is what the site's queries run on instead of the layout's
    files, so a served store's site shows what that store holds.
    """
    started = time.monotonic()
    out = Path(out).resolve()
    _refuse_unsafe_target(layout, out)
    if target is None:
        store, prefixes = _load(layout)
        target = EmbeddedTarget(store, f"the graph at {layout.root}")
    else:
        prefixes = _prefixes(layout)
    graph = SiteGraph(layout, target)
    if not graph.page_nodes:
        raise UsageError(f"{target.description} has no node under the base {layout.base}: nothing to publish")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        report = SiteReport(out, target.description)
        PageWriter(graph, layout, staging, prefixes, endpoint, report).write_all()
        (staging / MARKER).write_text(f"balkg {__version__} site of {layout.root}\n", encoding="utf-8")
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    report.seconds = time.monotonic() - started
    return report


def _refuse_unsafe_target(layout: Layout, out: Path) -> None:
    """Never into the installed package or a folder of the graph, never over something that is not a site."""
    package = Path(str(resources.files("balkg"))).resolve()
    folders = [d.resolve() for d in layout.dirs.values() if d.is_dir()]
    for protected, what in [(package, "the installed balkg package")] + [(d, "a folder of the graph") for d in folders]:
        if out == protected or protected in out.parents:
            raise UsageError(f"refusing to write the site into {out}: it is {what} or inside it ({protected})")
    root = layout.root.resolve()
    for protected in [package, root] + folders:
        if out == root or out in protected.parents:
            raise UsageError(f"refusing to write the site into {out}: it holds {protected}")
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise UsageError(f"{out} exists and is not a balkg site; choose an empty or new folder")


def _swap(staging: Path, out: Path) -> None:
    if out.exists():
        old = out.with_name(f".{out.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        out.rename(old)
        staging.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        staging.rename(out)


def _prefixes(layout: Layout) -> dict[str, str]:
    """The prefixes the layout's files declare, for readable Turtle alternates (none if they do not parse)."""
    parsed = parse_layout(layout)
    found = {k: v for k, v in parsed.prefixes().items() if k and v.startswith(("http://", "https://"))}
    return dict(sorted(found.items()))


def _load(layout: Layout) -> tuple[ox.Store, dict[str, str]]:
    """One parse of every file: the store the queries run on and the prefixes the files declare."""
    parsed = parse_layout(layout).check()
    prefixes = {k: v for k, v in parsed.prefixes().items() if k and v.startswith(("http://", "https://"))}
    return parsed.store(), dict(sorted(prefixes.items()))
