"""`balkg --help` lists every command without importing the library (issue 22: start-up).

The listing is read from the command modules' source; these tests check that it says exactly
what the imported commands say, and that every command of every module is listed.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys

import click

import balkg.cli
from click.testing import CliRunner

from balkg.cli import COMMAND_MODULES, cli
from balkg.cli.listing import short_help
from support import REPO

HEAVY = ("rdflib", "pyshacl", "httpx", "owlready2", "jinja2", "SPARQLWrapper")
HEAVY_BALKG = ("balkg.validation", "balkg.store", "balkg.query", "balkg.site", "balkg.wikidata")


def test_help_imports_none_of_the_library():
    probe = ("import json, sys\nfrom balkg.cli import cli\n"
             "try:\n    cli(['--help'], prog_name='balkg')\nexcept SystemExit:\n    pass\n"
             "sys.stderr.write(json.dumps(sorted(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, check=True)
    loaded = set(json.loads(done.stderr))
    assert "validate" in done.stdout and "Commands:" in done.stdout
    assert not [m for m in loaded if m.split(".")[0] in HEAVY or m.startswith(HEAVY_BALKG)]


def _imported_commands() -> dict[str, click.Command]:
    """Every command of every module of balkg.cli that declares COMMANDS, listed or not."""
    commands = {}
    for info in pkgutil.iter_modules(balkg.cli.__path__):
        if info.name == "__main__":
            continue
        module = importlib.import_module(f"balkg.cli.{info.name}")
        for command in getattr(module, "COMMANDS", []):
            commands[command.name] = command
    return commands


def test_every_command_of_every_module_is_listed_once():
    commands = _imported_commands()
    assert sorted(commands) == sorted(COMMAND_MODULES)
    for name, module in COMMAND_MODULES.items():
        assert commands[name] in importlib.import_module(f"balkg.cli.{module}").COMMANDS


def test_listed_help_is_the_commands_own():
    for name, command in _imported_commands().items():
        assert short_help(f"balkg.cli.{COMMAND_MODULES[name]}", name, 60) == command.get_short_help_str(60), name


def test_help_lists_each_command_with_its_summary():
    out = CliRunner().invoke(cli, ["--help"]).output
    lines = {line.split()[0]: line for line in out.split("Commands:")[1].splitlines() if line.strip()}
    assert list(lines) == list(COMMAND_MODULES)
    assert "Validate the knowledge graph" in lines["validate"]


def test_a_command_runs_after_the_lazy_listing():
    runner = CliRunner()
    assert runner.invoke(cli, ["--help"]).exit_code == 0
    result = runner.invoke(cli, ["queries", "list"])
    assert result.exit_code == 0 and "designations" in result.output
