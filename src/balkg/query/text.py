"""SPARQL text as tokens: variables, strings, IRIs and comments told apart, so that parameters are
bound and prefixes read without ever touching the inside of a string, an IRI or a comment."""

from __future__ import annotations

import re
from dataclasses import dataclass

# ---------------------------------------------------------------- tokens

_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
       |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
  | (?P<pname>[A-Za-z][\w.\-]*:|:)
  | (?P<word>[A-Za-z_][\w\-]*)
  | (?P<space>\s+)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int


def tokens(text: str) -> list[Token]:
    """A rough SPARQL lexer: enough to tell variables, IRIs, strings and comments apart."""
    return [Token(m.lastgroup, m.group(), m.start()) for m in _TOKEN.finditer(text)]


def declared_prefixes(text: str) -> dict[str, str]:
    """The PREFIX declarations of a query: prefix -> namespace IRI."""
    significant = [t for t in tokens(text) if t.kind not in ("space", "comment")]
    prefixes = {}
    for first, second, third in zip(significant, significant[1:], significant[2:]):
        if first.kind == "word" and first.text.upper() == "PREFIX" and second.kind == "pname" and third.kind == "iri":
            prefixes[second.text[:-1]] = third.text[1:-1]
    return prefixes


def query_form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first query-form keyword."""
    for match in _TOKEN.finditer(text):  # lazily: the keyword comes before the body
        if match.lastgroup == "word" and match.group().upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return match.group().upper()
    return None
