"""`balkg diff OLD NEW` on two revisions of a fixture graph (tests/fixtures/diff), in Markdown and JSON."""

from __future__ import annotations

import json
import shutil
import subprocess

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from balkg.cli import cli

from support import FIXTURES

FIXTURE = FIXTURES / "diff"
G = "https://example.org/kg/group/"
S = "https://example.org/kg/source/"
EX = "https://example.org/onto#"


def git(repo, *args):
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=balkg tests", "-c", "user.email=tests@example.org",
                    *args], check=True, capture_output=True)


def write_version(root, version):
    shutil.copy(FIXTURE / version / "groups.ttl", root / "data" / "ttl" / "groups.ttl")


@pytest.fixture
def repo(tmp_path):
    """A git repository whose graph root is a subfolder: v1 tagged, then v2, then v2 reformatted."""
    repo = tmp_path / "repo"
    root = repo / "graph"
    (root / "data" / "ttl").mkdir(parents=True)
    shutil.copy(FIXTURE / "balkg.toml", root / "balkg.toml")
    shutil.copytree(FIXTURE / "ontology", root / "ontology")
    write_version(root, "v1")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "v1")
    git(repo, "tag", "v1")
    write_version(root, "v2")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "v2")
    return root


def diff(root, *args):
    result = CliRunner().invoke(cli, ["--root", str(root), "diff", *map(str, args)])
    return result


def test_markdown_groups_changes_by_node_with_labels(repo):
    result = diff(repo, "v1", "HEAD")
    assert result.exit_code == 0, result.output
    md = result.stdout
    assert "**+8 −4 triples; 2 nodes added, 1 removed, 2 changed; 1 sources added**" in md
    assert "### Sources added\n\n- `s:two` “Report two”\n" in md
    added = md.split("### Nodes added (2)\n\n")[1].split("###")[0]
    assert added.startswith("- `s:two` “Report two” (ex:Source)\n") or "- `g:gamma` “Gamma Brigade” (ex:Group)" in added
    assert "- `g:gamma` “Gamma Brigade” (ex:Group)\n" in added
    assert '  - added skos:prefLabel `"Gamma Brigade"@en`' in added
    assert "  - added ex:evidence `_:" in added
    removed = md.split("### Nodes removed (1)\n\n")[1].split("###")[0]
    assert removed.startswith("- `g:delta` “Delta Group” (ex:Group)\n")
    changed = md.split("### Nodes changed (2)\n\n")[1]
    assert ('- `g:alpha` “Alpha Front” (ex:Group)\n'
            '  - changed ex:founded: `"2001"^^xsd:gYear` → `"2002"^^xsd:gYear`\n') in changed
    assert '- `g:beta` “Beta Army” (ex:Group)\n  - removed skos:altLabel `"BA"@en`\n' in changed
    assert "rdf-syntax-ns#type" not in md and "Report one" not in md  # unchanged, only reordered
    assert result.stderr.startswith("balkg diff v1 → HEAD: +8 −4 triples")


def test_json_lists_every_triple_by_node(repo):
    result = diff(repo, "v1", "HEAD", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["summary"] == {"triples_added": 8, "triples_removed": 4, "nodes_added": 2,
                                   "nodes_removed": 1, "nodes_changed": 2, "sources_added": 1}
    assert document["old"]["spec"] == "v1" and len(document["old"]["revision"]) == 40
    assert document["sources_added"] == [{"iri": f"{S}two", "label": "Report two"}]
    nodes = {n["iri"]: n for n in document["nodes"]}
    assert set(nodes) == {f"{G}alpha", f"{G}beta", f"{G}gamma", f"{G}delta", f"{S}two"}
    alpha = nodes[f"{G}alpha"]
    assert alpha["status"] == "changed" and alpha["label"] == "Alpha Front" and alpha["types"] == [f"{EX}Group"]
    assert alpha["changed"] == [{"predicate": f"{EX}founded",
                                 "old": ['"2001"^^<http://www.w3.org/2001/XMLSchema#gYear>'],
                                 "new": ['"2002"^^<http://www.w3.org/2001/XMLSchema#gYear>']}]
    assert alpha["added"] == [] and alpha["removed"] == []
    delta = nodes[f"{G}delta"]
    assert delta["status"] == "removed" and len(delta["removed"]) == 2 and delta["added"] == []
    gamma = nodes[f"{G}gamma"]
    # The evidence blank node's triples belong to the node that cites it.
    assert gamma["status"] == "added" and len(gamma["added"]) == 5
    assert {t["predicate"] for t in gamma["added"]} >= {f"{EX}quote", f"{EX}source"}


def test_two_checkouts_diff_like_two_revisions(repo, tmp_path):
    old = tmp_path / "old"
    shutil.copytree(repo, old)
    write_version(old, "v1")
    from_dirs = json.loads(diff(repo, old, repo, "--format", "json").stdout)
    from_git = json.loads(diff(repo, "v1", "HEAD", "--format", "json").stdout)
    assert from_dirs["nodes"] == from_git["nodes"] and from_dirs["summary"] == from_git["summary"]
    # NEW defaults to the root as it is on disk.
    assert json.loads(diff(repo, "v1", "--format", "json").stdout)["nodes"] == from_git["nodes"]


def test_reformatting_and_reordering_is_no_change(repo):
    groups = repo / "data" / "ttl" / "groups.ttl"
    triples = sorted(ox.parse(path=str(groups)), key=str, reverse=True)
    groups.write_bytes(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes={"grp": G}))
    result = diff(repo, "HEAD")
    assert result.exit_code == 0, result.output
    assert "**+0 −0 triples; 0 nodes added, 0 removed, 0 changed; 0 sources added**" in result.stdout
    assert "No change in meaning." in result.stdout


def test_a_revision_that_does_not_exist_is_one_clear_error(repo):
    result = diff(repo, "no-such-tag", "HEAD")
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == \
        f"balkg: error: no-such-tag is neither a graph root nor a git revision of {repo}"


def test_changelog_between_version_tags(repo):
    git(repo.parent, "tag", "v2")
    groups = repo / "data" / "ttl" / "groups.ttl"
    groups.write_text(groups.read_text(encoding="utf-8").replace('"Beta Army"@en', '"Beta Liberation Army"@en'),
                      encoding="utf-8")
    git(repo.parent, "commit", "-q", "-am", "rename beta")
    result = CliRunner().invoke(cli, ["--root", str(repo), "changelog"])
    assert result.exit_code == 0, result.output
    text = result.stdout
    sections = [line for line in text.splitlines() if line.startswith("## ")]
    assert sections[0] == "## Unreleased" and sections[1].startswith("## v2 (") and sections[2].startswith("## v1 (")
    unreleased = text.split("## Unreleased\n\n")[1].split("## v2")[0]
    assert unreleased.startswith("+1 −1 triples; 0 nodes added, 0 removed, 1 changed; 0 sources added.")
    assert "- Changed `g:beta` “Beta Liberation Army”: skos:prefLabel changed\n" in unreleased
    v2 = text.split("## v2 (")[1].split("## v1")[0]
    assert "+8 −4 triples; 2 nodes added, 1 removed, 2 changed; 1 sources added." in v2
    assert "- Source added: `s:two` “Report two”\n" in v2
    assert "- Added ex:Group (1): `g:gamma` “Gamma Brigade”\n" in v2
    assert "- Removed ex:Group (1): `g:delta` “Delta Group”\n" in v2
    assert "- Changed `g:alpha` “Alpha Front”: ex:founded changed\n" in v2
    assert "- Changed `g:beta` “Beta Army”: skos:altLabel removed\n" in v2
    v1 = text.split("## v1 (")[1]
    assert "First version: 23 triples" in v1 and "ex:Group 3" in v1
    out = repo / "CHANGELOG.md"
    written = CliRunner().invoke(cli, ["--root", str(repo), "changelog", "-o", str(out)])
    assert written.exit_code == 0 and out.read_text(encoding="utf-8") == text
