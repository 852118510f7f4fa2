"""An IRI parameter the graph never mentions is refused, not answered with "none" or "false"."""

from __future__ import annotations

import subprocess
import sys

BALKG = [sys.executable, "-c", "from balkg.cli import main; main()"]


def run(*args):
    return subprocess.run([*BALKG, *args], capture_output=True, text=True, timeout=120)


def test_a_mistyped_actor_is_an_error_not_a_false_answer(graph_copy):
    known = run("--root", str(graph_copy), "query", "is-designated", "-p", "actor=actor:bla")
    assert (known.returncode, known.stdout) == (0, "true\n")
    typo = run("--root", str(graph_copy), "query", "is-designated", "-p", "actor=actor:BLA")
    assert typo.returncode == 2 and typo.stdout == ""
    assert typo.stderr.splitlines()[-1] == (
        "balkg: error: parameter 'actor': <https://w3id.org/balkg/id/actor/BLA> is not in the graph "
        "(a typo? `balkg query lookup -p name=TEXT` finds nodes by name)")


def test_an_optional_iri_filter_is_checked_too(graph_copy):
    done = run("--root", str(graph_copy), "query", "designations", "-p", "actor=actor:nosuch", "--format", "csv")
    assert done.returncode == 2 and done.stdout == ""
    assert "parameter 'actor'" in done.stderr.splitlines()[-1]
