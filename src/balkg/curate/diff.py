"""A semantic diff of two versions of a graph, grouped by node, for reviews and changelogs.

Each side is a graph root (a checkout) or a git revision of the repository the current
root lives in. Its ontology and data files are parsed and their union canonicalized, so
triple order, formatting, prefixes and blank-node labels never show as changes. Triples
are grouped by the node they describe (a blank node's triples go to the named node that
reaches it). Where a node loses and gains values of one property, that is a change of the
property. Sources are the objects of `prov:hadPrimarySource` and its subproperties, as the
ontology declares them; labels are SKOS preferred labels, RDFS labels or Dublin Core titles.
"""

from __future__ import annotations

import hashlib
import io
import subprocess
import tarfile
import tempfile
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..errors import UsageError
from ..layout import CONFIG_NAME, Layout, load_layout
from ..rdf import RDF_TYPE, RDFS, RDFS_LABEL, SKOS_PREF_LABEL, reachable
from ..rdf.dataset import parse_layout

SUBPROPERTY = RDFS + "subPropertyOf"
PRIMARY_SOURCE = "http://www.w3.org/ns/prov#hadPrimarySource"
LABELS = (SKOS_PREF_LABEL, RDFS_LABEL, "http://purl.org/dc/terms/title")


# ---------------------------------------------------------------- the two sides

@dataclass
class Side:
    spec: str  # what the user typed
    root: Path
    revision: str | None = None  # the commit, for a git revision


@contextmanager
def open_side(spec: str, repo_root: Path):
    """A directory with balkg.toml is a checkout; anything else is a git revision of `repo_root`'s repository."""
    path = Path(spec)
    if path.is_dir():
        if not (path / CONFIG_NAME).is_file():
            raise UsageError(f"{spec} is a directory without {CONFIG_NAME}: not a graph root")
        yield Side(spec, path)
        return
    commit = run_git(repo_root, "rev-parse", "--verify", "--quiet", f"{spec}^{{commit}}", what=spec).strip()
    prefix = run_git(repo_root, "rev-parse", "--show-prefix", what=spec).strip()
    top = run_git(repo_root, "rev-parse", "--show-toplevel", what=spec).strip()
    # Run from the top: in a subfolder, git archive would hold only that subfolder.
    archive = subprocess.run(["git", "-C", top, "archive", "--format=tar", commit],
                             capture_output=True, check=False)
    if archive.returncode != 0:
        raise UsageError(f"git archive {spec} failed: {archive.stderr.decode(errors='replace').strip()}")
    with tempfile.TemporaryDirectory(prefix="balkg-diff-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            if hasattr(tarfile, "data_filter"):
                tar.extractall(tmp, filter="data")
            else:  # Python before 3.11.4; the archive is git's own output
                tar.extractall(tmp)
        root = Path(tmp) / prefix
        if not (root / CONFIG_NAME).is_file():
            raise UsageError(f"revision {spec} has no {prefix}{CONFIG_NAME}: no graph there")
        yield Side(spec, root, commit)


def run_git(repo_root: Path, *args: str, what: str) -> str:
    try:
        proc = subprocess.run(["git", "-C", str(repo_root), *args], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise UsageError(f"{what} is not a directory, and git is not installed to read it as a revision") from None
    if proc.returncode != 0:
        raise UsageError(f"{what} is neither a graph root nor a git revision of {repo_root}")
    return proc.stdout


# ---------------------------------------------------------------- a version of the graph

@dataclass
class Snapshot:
    side: Side
    triples: set
    prefixes: dict[str, str]
    files: int

    @classmethod
    def read(cls, side: Side) -> "Snapshot":
        parsed = parse_layout(load_layout(side.root))
        errors = [e for e in parsed.errors if parsed.failed.get(e.path) != "shapes"]  # shapes are not compared
        if errors:
            first = errors[0]
            raise UsageError(f"{side.spec}: {first} (the diff needs both versions to parse)")
        files = parsed.ontology + parsed.data
        if not files:
            raise UsageError(f"{side.spec}: no ontology or data files under {side.root}")
        prefixes: dict[str, str] = {}
        triples = set()
        for p in files:
            for name, iri in p.prefixes.items():
                prefixes.setdefault(name, iri)
            triples.update(_stable_blank_nodes(p.triples, p.display))
        return cls(side, triples, prefixes, len(files))


def _stable_blank_nodes(triples: list, scope: str) -> list:
    """A file's triples with blank nodes named by what they say (blank nodes never span files)."""
    if not any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in triples):
        return triples
    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return list(_name_blank_nodes_by_content({q.triple for q in dataset}, scope))


def _name_blank_nodes_by_content(triples: set, scope: str) -> set:
    """Rename each blank node after a hash of what it says (recursively), so that an
    unchanged evidence node or list has the same name in both versions; canonical labels
    alone depend on the whole graph. A blank node in a cycle keeps its canonical label,
    prefixed by a hash of its file's name."""
    file_tag = hashlib.sha256(scope.encode("utf-8")).hexdigest()[:8]
    outgoing: dict = defaultdict(list)
    for t in triples:
        if isinstance(t.subject, ox.BlankNode):
            outgoing[t.subject].append(t)
    names: dict = {}

    def name(blank, path=()):
        if blank in names:
            return names[blank]
        if blank in path:
            return None
        parts = []
        for t in outgoing.get(blank, ()):
            if isinstance(t.object, ox.BlankNode):
                inner = name(t.object, path + (blank,))
                if inner is None:
                    return None
                parts.append(f"{t.predicate} {inner}")
            else:
                parts.append(f"{t.predicate} {t.object}")
        digest = hashlib.sha256("\n".join(sorted(parts)).encode("utf-8")).hexdigest()[:16]
        names[blank] = ox.BlankNode(f"h{digest}")
        return names[blank]

    def rename(term):
        if isinstance(term, ox.BlankNode):
            return name(term) or ox.BlankNode(f"f{file_tag}{term.value}")
        return term

    return {ox.Triple(rename(t.subject), t.predicate, rename(t.object)) for t in triples}


# ---------------------------------------------------------------- the diff

@dataclass
class NodeChange:
    iri: str
    status: str  # added | removed | changed
    label: str | None
    types: list[str]
    added: list[ox.Triple] = field(default_factory=list)
    removed: list[ox.Triple] = field(default_factory=list)
    changed: list[tuple[str, list, list]] = field(default_factory=list)  # (predicate, old objects, new objects)


@dataclass
class GraphDiff:
    old: Snapshot
    new: Snapshot
    nodes: list[NodeChange]
    sources_added: list[tuple[str, str | None]]
    triples_added: int
    triples_removed: int

    def counts(self) -> dict[str, int]:
        status = [n.status for n in self.nodes]
        return {"triples_added": self.triples_added, "triples_removed": self.triples_removed,
                "nodes_added": status.count("added"), "nodes_removed": status.count("removed"),
                "nodes_changed": status.count("changed"), "sources_added": len(self.sources_added)}


def diff_snapshots(old: Snapshot, new: Snapshot) -> GraphDiff:
    added, removed = new.triples - old.triples, old.triples - new.triples
    old_owner, new_owner = _owners(old.triples), _owners(new.triples)
    by_node: dict[str, dict[str, list]] = defaultdict(lambda: {"added": [], "removed": []})
    for t in added:
        by_node[new_owner.get(t.subject, t.subject).value]["added"].append(t)
    for t in removed:
        by_node[old_owner.get(t.subject, t.subject).value]["removed"].append(t)
    old_subjects = {t.subject.value for t in old.triples if isinstance(t.subject, ox.NamedNode)}
    new_subjects = {t.subject.value for t in new.triples if isinstance(t.subject, ox.NamedNode)}
    labels_new, labels_old = _labels(new.triples), _labels(old.triples)
    types_new, types_old = types_of(new.triples), types_of(old.triples)
    nodes = []
    for iri, change in by_node.items():
        if iri in new_subjects and iri not in old_subjects:
            status = "added"
        elif iri in old_subjects and iri not in new_subjects:
            status = "removed"
        else:
            status = "changed"
        gone = status == "removed"
        node = NodeChange(iri, status, (labels_old if gone else labels_new).get(iri) or labels_old.get(iri),
                          sorted((types_old if gone else types_new).get(iri, ())))
        _split_changes(node, change["added"], change["removed"])
        nodes.append(node)
    nodes.sort(key=lambda n: ("added removed changed".split().index(n.status), n.types[:1], n.label or "", n.iri))
    old_sources, new_sources = sources_of(old.triples), sources_of(new.triples)
    sources_added = sorted(((s, labels_new.get(s)) for s in new_sources - old_sources), key=lambda x: (x[1] or "", x[0]))
    return GraphDiff(old, new, nodes, sources_added, len(added), len(removed))


def _split_changes(node: NodeChange, added: list, removed: list) -> None:
    """A property that loses and gains values on the same subject is a change; the rest are additions and removals."""
    gained: dict[tuple, list] = defaultdict(list)
    lost: dict[tuple, list] = defaultdict(list)
    for t in added:
        gained[(t.subject, t.predicate)].append(t)
    for t in removed:
        lost[(t.subject, t.predicate)].append(t)
    for key in sorted(set(gained) & set(lost), key=str):
        if isinstance(key[0], ox.NamedNode):
            node.changed.append((key[1].value, sorted((t.object for t in lost.pop(key)), key=str),
                                 sorted((t.object for t in gained.pop(key)), key=str)))
    node.added = sorted((t for ts in gained.values() for t in ts), key=str)
    node.removed = sorted((t for ts in lost.values() for t in ts), key=str)


def _owners(triples) -> dict:
    """Each blank node -> the named node that reaches it (the first found, in sorted order)."""
    parents = defaultdict(list)
    for t in triples:
        if isinstance(t.object, ox.BlankNode):
            parents[t.object].append(t.subject)
    owners = {}
    for blank in parents:
        seen, todo = {blank}, [blank]
        while todo:
            current = todo.pop(0)
            for parent in sorted(parents.get(current, ()), key=str):
                if isinstance(parent, ox.NamedNode):
                    owners[blank] = parent
                    todo = []
                    break
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
    return owners


def _labels(triples) -> dict[str, str]:
    best: dict[str, tuple[int, str]] = {}
    for t in triples:
        if t.predicate.value in LABELS and isinstance(t.object, ox.Literal) and isinstance(t.subject, ox.NamedNode):
            rank = LABELS.index(t.predicate.value) * 2 + (0 if t.object.language in (None, "en") else 1)
            if t.subject.value not in best or (rank, t.object.value) < best[t.subject.value]:
                best[t.subject.value] = (rank, t.object.value)
    return {iri: label for iri, (_, label) in best.items()}


def types_of(triples) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for t in triples:
        if t.predicate.value == RDF_TYPE and isinstance(t.object, ox.NamedNode):
            found[t.subject.value].add(t.object.value)
    return found


def sources_of(triples) -> set[str]:
    sub = defaultdict(set)
    for t in triples:
        if t.predicate.value == SUBPROPERTY and isinstance(t.object, ox.NamedNode):
            sub[t.object.value].add(t.subject.value)
    properties = reachable(PRIMARY_SOURCE, sub)
    return {t.object.value for t in triples if t.predicate.value in properties and isinstance(t.object, ox.NamedNode)}


def diff_sides(old_spec: str, new_spec: str, repo_root: Path) -> GraphDiff:
    with open_side(old_spec, repo_root) as old_side, open_side(new_spec, repo_root) as new_side:
        return diff_snapshots(Snapshot.read(old_side), Snapshot.read(new_side))


def diff_layouts(repo_layout: Layout, old_spec: str, new_spec: str | None) -> GraphDiff:
    """`new_spec` None means the current root as it is on disk."""
    return diff_sides(old_spec, new_spec or str(repo_layout.root), repo_layout.root)
