"""Paths the tests share when they are collected (parametrize lists need them before any fixture runs).

Everything else the tests share is a fixture in `conftest.py`.
"""

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"


def after_graph_line(stderr: str) -> str:
    """What a command wrote on stderr after the `graph: …` line it starts with (which must be there)."""
    first, _, rest = stderr.partition("\n")
    assert first.startswith("graph: "), stderr
    return rest


ID = "https://w3id.org/balkg/id/"
CONCEPT = "https://w3id.org/balkg/concept/"


def local(term, bases=(ID,)):
    """The readable end of an IRI under one of `bases`, a literal's value, or None."""
    if term is None:
        return None
    value = term.value
    for base in bases:
        if value.startswith(base):
            return value[len(base):]
    return value
