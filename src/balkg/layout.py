"""Locate the files of a balkg knowledge graph.

A graph root holds `balkg.toml`, which names the base IRI and the folders of
the ontology, shapes, data and queries. Nothing here knows what is in them.

The root is found the way git finds a repository: `--root`, then `$BALKG_ROOT`,
then the nearest `balkg.toml` in the current directory or its parents, and only
then the graph bundled with the installed package, which is read-only.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from . import __version__
from .errors import UsageError
from .formats import FORMATS

CONFIG_NAME = "balkg.toml"
ROOT_ENV = "BALKG_ROOT"
READ_ONLY = "the bundled graph is read-only; run inside a checkout or pass --root DIR"

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
    bundled: bool = False          # the copy inside the installed package: never written
    archives: tuple[Path, ...] = ()  # folders holding the sources' archived texts, by balkg:localFile
    fetch_into: Path | None = None   # where `balkg sources fetch` writes what it archives

    def describe(self) -> str:
        """Which graph this is, as every command says it on stderr."""
        return f"bundled balkg {__version__} (read-only)" if self.bundled else str(self.root.resolve())

    def require_writable(self) -> None:
        """Stop a command that writes into the graph's folders when they are the installed package's."""
        if self.bundled:
            raise UsageError(READ_ONLY)

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

    def require_data(self, allow_empty: bool = False) -> None:
        """Refuse a layout that reads nothing: the data folder must exist and (unless allowed) hold a .ttl file."""
        folder = self.relative(self.data_dir)
        if not self.data_dir.is_dir():
            raise UsageError(f"the data folder {folder} ({CONFIG_NAME} [layout] data) does not exist")
        unread = self.unread_rdf_files()
        if unread:
            raise UsageError(f"{self.relative(unread[0])}: {_syntax_title(unread[0])} files in the data folder are "
                             f"not read (one Turtle file per named graph): convert it to .ttl or move it out"
                             + (f" ({len(unread) - 1} more such files)" if len(unread) > 1 else ""))
        if not allow_empty and not _turtle_files(self.data_dir):
            raise UsageError(f"the data folder {folder} ({CONFIG_NAME} [layout] data) has no .ttl file")

    def unread_rdf_files(self) -> list[Path]:
        """RDF files of the data folder in a syntax other than Turtle, which balkg refuses rather than skip."""
        return [f for f in _files_in(self.data_dir) if f.suffix.lower() in _OTHER_RDF_EXTENSIONS]

    def stray_files(self) -> list[Path]:
        """Files of the data folder that are not RDF at all: not read, and named in a warning."""
        return [f for f in _files_in(self.data_dir)
                if f.suffix.lower() != ".ttl" and f.suffix.lower() not in _OTHER_RDF_EXTENSIONS]

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


def _files_in(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(f for f in directory.rglob("*") if f.is_file() and not f.name.startswith("."))


def _syntax_title(path: Path) -> str:
    return next(f.title for f in FORMATS if f.reads and path.suffix.lower() in f.extensions)


def _reading_extensions() -> frozenset[str]:
    return frozenset(e for f in FORMATS if f.reads for e in f.extensions) - {".ttl"}


_OTHER_RDF_EXTENSIONS = _reading_extensions()


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


def _packaged() -> Path:
    return Path(str(resources.files("balkg"))) / "_graph"


def bundled_root() -> tuple[Path, bool]:
    """The graph shipped inside the installed package (read-only), or else the source checkout of an editable install."""
    packaged = _packaged()
    if (packaged / CONFIG_NAME).is_file():
        return packaged, True
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / CONFIG_NAME).is_file():
        return checkout, False
    raise UsageError("no bundled knowledge graph found; pass --root DIR or set BALKG_ROOT")


def discover_root(start: str | os.PathLike | None = None) -> Path | None:
    """The nearest directory from `start` (default: the current one) upwards that holds balkg.toml."""
    here = Path(start or os.getcwd()).resolve()
    return next((d for d in (here, *here.parents) if (d / CONFIG_NAME).is_file()), None)


def resolve_root(root: str | os.PathLike | None = None) -> tuple[Path, bool]:
    """(root, bundled): --root wins, then $BALKG_ROOT, then the nearest balkg.toml, then the bundled graph."""
    chosen = root or os.environ.get(ROOT_ENV)
    if not chosen:
        found = discover_root()
        return (found, False) if found else bundled_root()
    path = Path(chosen)
    if not path.is_dir():
        raise UsageError(f"graph root {path} is not a readable directory")
    if not (path / CONFIG_NAME).is_file():
        raise UsageError(f"graph root {path} has no {CONFIG_NAME}")
    return path, path.resolve() == _packaged().resolve()  # --root naming the installed copy: still read-only


def load_layout(root: str | os.PathLike | None = None) -> Layout:
    """Read balkg.toml under the chosen root and return its layout."""
    path, bundled = resolve_root(root)
    config_file = path / CONFIG_NAME
    try:
        config = tomllib.loads(config_file.read_text(encoding="utf-8-sig"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"{config_file}: cannot read layout: {exc}") from exc
    graph = config.get("graph", {})
    base = graph.get("base")
    if not base:
        raise UsageError(f"{config_file}: [graph] base is missing")
    dirs = {**_DEFAULT_LAYOUT, **config.get("layout", {})}
    for name, relative in dirs.items():
        if not (path / relative).resolve().is_relative_to(path.resolve()):
            raise UsageError(f"{config_file}: {CONFIG_NAME} [layout] {name} = {relative} points outside the graph root")
    sources = config.get("sources", {})
    fetch_into = sources.get("fetch_into")
    if fetch_into and not (path / fetch_into).resolve().is_relative_to(path.resolve()):
        raise UsageError(f"{config_file}: [sources] fetch_into = {fetch_into} points outside the graph root")
    return Layout(
        root=path,
        base=base if base.endswith(("/", "#")) else base + "/",
        ontology_iri=graph.get("ontology_iri"),
        dirs={name: path / rel for name, rel in dirs.items()},
        bundled=bundled,
        archives=tuple(path / rel for rel in sources.get("archives", [])),
        fetch_into=path / fetch_into if fetch_into else None,
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
