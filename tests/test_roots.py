"""Which graph a command uses: --root, then $BALKG_ROOT, then the nearest balkg.toml, then the bundled graph.

These run the package as a user has it: `pip install` into a fresh virtual environment,
and the `balkg` command as a subprocess inside an edited copy of a checkout.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from balkg import __version__
from balkg.cli import all_commands, cli
from support import REPO

TYPO = ("balkg:legalBasis", "balkg:legalBasls")
BUNDLED_LINE = f"graph: bundled balkg {__version__} (read-only)"


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The `balkg` executable of a real, non-editable `pip install` of this checkout into a new venv."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    _see_outer_site_packages(venv)
    isolation = ["--no-build-isolation"] if importlib.util.find_spec("hatchling") else []
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--no-deps", *isolation, str(REPO)],
                   check=True, capture_output=True, timeout=600)
    return venv / "bin" / "balkg"


def _see_outer_site_packages(venv: Path) -> None:
    """Let the new venv import the dependencies of the environment running the tests.

    `--system-site-packages` would show the base interpreter's packages, not those of the
    venv pytest runs in, so the dependencies would be missing there. A `.pth` line appends
    the outer site-packages after the new venv's own, where balkg itself is installed.
    """
    inner = subprocess.run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                           check=True, capture_output=True, text=True).stdout.strip()
    outer = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(inner) / "_outer_environment.pth").write_text("".join(f"{path}\n" for path in sorted(outer)))


def balkg(exe: Path, *args, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "BALKG_ROOT"} | (env or {})
    return subprocess.run([str(exe), *map(str, args)], cwd=cwd, env=environment, capture_output=True, text=True,
                          timeout=600)


@pytest.fixture
def edited(graph_copy) -> Path:
    """A checkout copy with a misspelt property in a curated file."""
    path = graph_copy / "data" / "ttl" / "designations.ttl"
    text = path.read_text(encoding="utf-8")
    assert TYPO[0] in text
    path.write_text(text.replace(TYPO[0], TYPO[1], 1), encoding="utf-8")
    return graph_copy


def test_validate_inside_an_edited_checkout_reports_the_edit(installed, edited):
    done = balkg(installed, "validate", "--quiet", cwd=edited / "data" / "ttl")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "legalBasls" in done.stdout
    assert done.stderr.splitlines()[0] == f"graph: {edited.resolve()}"


def test_outside_a_checkout_the_bundled_graph_is_used_and_said(installed, tmp_path):
    done = balkg(installed, "validate", "--quiet", "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[0] == BUNDLED_LINE
    assert json.loads(done.stdout)["root"].endswith("_graph")


def test_environment_beats_the_nearest_toml_and_root_beats_both(installed, edited, graph_copy, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    by_env = balkg(installed, "queries", "list", cwd=edited, env={"BALKG_ROOT": str(other)})
    assert by_env.returncode == 2 and f"graph root {other} has no balkg.toml" in by_env.stderr
    by_option = balkg(installed, "queries", "list", "--root", edited, cwd=tmp_path, env={"BALKG_ROOT": str(other)})
    assert by_option.returncode == 0, by_option.stderr
    assert by_option.stderr.splitlines()[0] == f"graph: {edited}"


WRITING_ARGS = {"link judge": ["actor:bla", "Q1", "accept"], "link wikidata": ["--offline"],
                "enrich wikidata": ["--offline"], "sources fetch": []}


@pytest.mark.parametrize("command", list(WRITING_ARGS))
def test_commands_that_write_refuse_the_bundled_graph(installed, tmp_path, command):
    args = [*command.split(), *WRITING_ARGS[command]]
    site = Path(subprocess.run([str(installed.parent / "python"), "-c", "import balkg, os; print(os.path.dirname(balkg.__file__))"],
                               capture_output=True, text=True, check=True).stdout.strip())
    before = sorted(p for p in site.rglob("*") if p.is_file())
    done = balkg(installed, *args, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        BUNDLED_LINE, "balkg: error: the bundled graph is read-only; run inside a checkout or pass --root DIR"]
    assert sorted(p for p in site.rglob("*") if p.is_file()) == before


def command_paths(group=None, prefix=()):
    commands = all_commands() if group is None else group.commands
    for name, command in sorted(commands.items()):
        if hasattr(command, "commands"):
            yield from command_paths(command, (*prefix, name))
        else:
            yield (*prefix, name)


@pytest.mark.parametrize("path", list(command_paths()), ids=" ".join)
def test_every_subcommand_takes_root_after_its_name_and_shows_it_in_help(run, path):
    help_text = run(*path, "--help").stdout
    assert "--root DIRECTORY" in help_text


def test_root_after_the_subcommand(run, graph_copy, tmp_path):
    (graph_copy / "queries" / "only-in-the-copy.rq").write_text("#+ summary: here\nASK {}\n")
    result = run("queries", "list", "--root", graph_copy, root=tmp_path / "missing")
    assert result.exit_code == 0, result.output
    assert "only-in-the-copy" in result.stdout
    assert f"graph: {graph_copy}" in result.stderr
