"""Comparing query answers across engines, and the parameter values the saved queries are tried with."""

from __future__ import annotations

import re

REQUIRED_VALUES = {
    "actor": "https://w3id.org/balkg/id/actor/bla",
    "resource": "https://w3id.org/balkg/id/actor/bla",
    "source": "https://w3id.org/balkg/id/source/nikkei-asia-2025-03-bras-national-army",
    "name": "baloch",
}


def concat_separators(text):
    """GROUP_CONCAT's order is undefined, so values joined with these separators are compared as sets."""
    if "GROUP_CONCAT" not in text.upper():
        return []
    return re.findall(r'SEPARATOR\s*=\s*"([^"]+)"', text, re.IGNORECASE) or [" "]


def unordered(row, separators):
    def fix(term):
        if term and term[0] == "literal":
            for sep in separators:
                if sep in term[1]:
                    return (term[0], sep.join(sorted(term[1].split(sep))), *term[2:])
        return term
    return tuple(fix(t) for t in row)
