"""The tokens of a SPARQL query: variables, strings, IRIs, comments and punctuation told apart."""

from __future__ import annotations

import re
from dataclasses import dataclass

PREBOUND = {"this", "currentShape", "shapesGraph"}

_TOKEN = re.compile(r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7-\uFFFF]+)
  | (?P<punct>[{}()\[\].;,])
  | (?P<space>\s+)
  | (?P<word>[^\s{}()\[\].;,"'<#?$]+|[<?$])
""", re.VERBOSE)


class ForbiddenQuery(Exception):
    """A query form SHACL forbids in SPARQL-based constraints (a shapes error)."""


@dataclass
class Token:
    kind: str
    text: str

    @property
    def upper(self) -> str:
        return self.text.upper() if self.kind == "word" else ""

    @property
    def var(self) -> str | None:
        return self.text[1:] if self.kind == "var" else None


def tokens(text: str) -> list[Token]:
    return [Token(m.lastgroup, m.group()) for m in _TOKEN.finditer(text)]
