"""Locate the files of a balkg knowledge graph.

A graph root holds `balkg.toml`, which names the base IRI and the folders of
the ontology, shapes, data and queries. Nothing here knows what is in them.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .errors import UsageError

CONFIG_NAME = "balkg.toml"
ROOT_ENV = "BALKG_ROOT"

_DEFAULT_LAYOUT = {
    "ontology": "ontology",
    "shapes": "shapes",
    "data": "data/ttl",
    "queries": "queries",
    "checks": "queries/checks",
    "generated": "data/ttl/generated",
    "reviews": "data/reviews",
    "wikidata_alignment": "ontology/wikidata-alignment.toml",
}


@dataclass(frozen=True)
class Layout:
    """Where the parts of one knowledge graph live."""

    root: Path
    base: str
    ontology_iri: str | None = None
    dirs: dict[str, Path] = field(default_factory=dict)

    @property
    def ontology_dir(self) -> Path:
        return self.dirs["ontology"]

    @property
    def shapes_dir(self) -> Path:
        return self.dirs["shapes"]

    @property
    def data_dir(self) -> Path:
        return self.dirs["data"]

    @property
    def queries_dir(self) -> Path:
        return self.dirs["queries"]

    @property
    def checks_dir(self) -> Path:
        return self.dirs["checks"]

    @property
    def generated_dir(self) -> Path:
        return self.dirs["generated"]

    def ontology_files(self) -> list[Path]:
        return _turtle_files(self.ontology_dir)

    def shape_files(self) -> list[Path]:
        return _turtle_files(self.shapes_dir)

    def data_files(self, include_generated: bool = True) -> list[Path]:
        files = _turtle_files(self.data_dir)
        if not include_generated:
            files = [f for f in files if not _is_within(f, self.generated_dir)]
        return files

    def all_turtle_files(self) -> list[Path]:
        return self.ontology_files() + self.shape_files() + self.data_files()

    def query_files(self) -> list[Path]:
        if not self.queries_dir.is_dir():
            return []
        return sorted(self.queries_dir.rglob("*.rq"))

    def relative(self, path: Path) -> str:
        """The path as a user reads it: relative to the root when inside it."""
        path = Path(path)
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)

    def graph_name(self, path: Path) -> str:
        """The stable named-graph IRI of a file: <base>graph/<relative path>."""
        return f"{self.base}graph/{self.relative(path)}"


def _turtle_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(directory.rglob("*.ttl"))


def _is_within(path: Path, directory: Path) -> bool:
    try:
        path.resolve().relative_to(directory.resolve())
        return True
    except ValueError:
        return False


def bundled_root() -> Path:
    """The graph shipped inside the installed package, or the source checkout."""
    packaged = Path(str(resources.files("balkg"))) / "_graph"
    if (packaged / CONFIG_NAME).is_file():
        return packaged
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / CONFIG_NAME).is_file():
        return checkout
    raise UsageError("no bundled knowledge graph found; pass --root DIR or set BALKG_ROOT")


def resolve_root(root: str | os.PathLike | None = None) -> Path:
    """--root wins, then $BALKG_ROOT, then the bundled graph."""
    chosen = root or os.environ.get(ROOT_ENV)
    if not chosen:
        return bundled_root()
    path = Path(chosen)
    if not path.is_dir():
        raise UsageError(f"graph root {path} is not a readable directory")
    if not (path / CONFIG_NAME).is_file():
        raise UsageError(f"graph root {path} has no {CONFIG_NAME}")
    return path


def load_layout(root: str | os.PathLike | None = None) -> Layout:
    """Read balkg.toml under the chosen root and return its layout."""
    path = resolve_root(root)
    config_file = path / CONFIG_NAME
    try:
        config = tomllib.loads(config_file.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"{config_file}: cannot read layout: {exc}") from exc
    graph = config.get("graph", {})
    base = graph.get("base")
    if not base:
        raise UsageError(f"{config_file}: [graph] base is missing")
    dirs = {**_DEFAULT_LAYOUT, **config.get("layout", {})}
    return Layout(
        root=path,
        base=base if base.endswith(("/", "#")) else base + "/",
        ontology_iri=graph.get("ontology_iri"),
        dirs={name: path / rel for name, rel in dirs.items()},
    )


def user_data_dir() -> Path:
    """Where balkg keeps per-user state (the default store, caches): $XDG_DATA_HOME/balkg."""
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "balkg"


def default_store_dir() -> Path:
    """The default directory of the embedded persistent store made by `balkg load --store`."""
    return user_data_dir() / "store"


def user_cache_dir() -> Path:
    """Where balkg caches answers of remote services: $XDG_CACHE_HOME/balkg."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "balkg"
