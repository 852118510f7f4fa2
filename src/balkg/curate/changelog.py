"""`balkg changelog`: one Markdown entry per version tag, each the semantic diff from the tag before."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

from ..layout import Layout
from .diff import (
    GraphDiff,
    NodeChange,
    Snapshot,
    diff_sides,
    open_side,
    run_git,
    sources_of,
    types_of,
)
from .diff_output import Terms, node_title, summary_line

# ---------------------------------------------------------------- changelog

def version_tags(repo_root: Path, pattern: str = "v*") -> list[str]:
    """The repository's tags matching `pattern`, oldest version first."""
    out = run_git(repo_root, "tag", "--list", pattern, "--sort=v:refname", what="the tags")
    return [line.strip() for line in out.splitlines() if line.strip()]


def to_changelog_entry(diff: GraphDiff, heading: str, level: int = 2) -> str:
    """A compact Markdown entry: what nodes came and went, by class, and which properties of others changed."""
    terms = Terms({**diff.old.prefixes, **diff.new.prefixes})
    lines = [f"{'#' * level} {heading}", "", f"{summary_line(diff)}.", ""]
    for iri, label in diff.sources_added:
        lines.append(f"- Source added: {node_title(terms, iri, label)}")
    for status, verb in (("added", "Added"), ("removed", "Removed")):
        by_class: dict[str, list[NodeChange]] = defaultdict(list)
        for node in diff.nodes:
            if node.status == status:
                by_class[", ".join(terms.iri(t) for t in node.types) or "(untyped)"].append(node)
        for cls in sorted(by_class):
            titles = ", ".join(node_title(terms, n.iri, n.label) for n in by_class[cls])
            lines.append(f"- {verb} {cls} ({len(by_class[cls])}): {titles}")
    for node in (n for n in diff.nodes if n.status == "changed"):
        what = [f"{terms.iri(p)} changed" for p, _, _ in node.changed]
        what += sorted({f"{terms.iri(t.predicate.value)} added" for t in node.added})
        what += sorted({f"{terms.iri(t.predicate.value)} removed" for t in node.removed})
        lines.append(f"- Changed {node_title(terms, node.iri, node.label)}: {', '.join(what)}")
    return "\n".join(lines) + "\n"


def _initial_entry(snapshot: Snapshot, heading: str, lead: str = "First version") -> str:
    terms = Terms(snapshot.prefixes)
    types = types_of(snapshot.triples)
    per_class = Counter(t for iri, ts in types.items() for t in ts)
    classes = ", ".join(f"{terms.iri(c)} {n}" for c, n in sorted(per_class.items(), key=lambda x: (-x[1], x[0])))
    return (f"## {heading}\n\n{lead}: {len(snapshot.triples)} triples, {len(types)} typed nodes, "
            f"{len(sources_of(snapshot.triples))} sources. Nodes per class: {classes}.\n")


def changelog(layout: Layout, pattern: str = "v*", head: str = "HEAD") -> str:
    """CHANGELOG.md from `balkg diff` between consecutive version tags, newest first, and what `head` adds."""
    repo = layout.root
    tags = version_tags(repo, pattern)
    entries = []
    last = tags[-1] if tags else None
    head_commit = run_git(repo, "rev-parse", "--verify", f"{head}^{{commit}}", what=head).strip()
    if last is None or run_git(repo, "rev-parse", f"{last}^{{commit}}", what=last).strip() != head_commit:
        if last is None:
            with open_side(head, repo) as side:
                entries.append(_initial_entry(Snapshot.read(side), "Unreleased", f"The graph at {head}")
                               + f"\nNo version is tagged yet: tag releases with `git tag v<version>` ({pattern}).\n")
        else:
            entries.append(to_changelog_entry(diff_sides(last, head, repo), "Unreleased"))
    for older, newer in reversed(list(zip([None] + tags[:-1], tags))):
        date = run_git(repo, "log", "-1", "--format=%cs", newer, what=newer).strip()
        heading = f"{newer} ({date})"
        if older is None:
            with open_side(newer, repo) as side:
                entries.append(_initial_entry(Snapshot.read(side), heading))
        else:
            entries.append(to_changelog_entry(diff_sides(older, newer, repo), heading))
    intro = ("# Changelog\n\nWhat changed in the graph (ontology and data) between tagged versions, written by "
             "`balkg changelog` from `balkg diff`; regenerate it rather than editing it.\n")
    return "\n".join([intro, *entries])
