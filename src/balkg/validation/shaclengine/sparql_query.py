"""A SHACL-SPARQL constraint's query, rewritten to run once for all focus nodes.

SHACL evaluates a constraint's SELECT once per focus node with `$this` pre-bound.
Joining the query's top-level group with a table of the focus nodes gives the same
solutions when every operator that reads `$this` sees it bound: `rewrite()` checks
that on the query's group structure (read from its tokens) and otherwise says why not,
so the caller falls back to one query per focus node.

Forms the Recommendation forbids in pre-bound queries (MINUS, VALUES, SERVICE,
`AS ?this`, a subquery that does not return `$this`) raise `ForbiddenQuery`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from .sparql_groups import (
    analyse_group,
    check_forbidden,
    parse_group,
    why_not_set_at_a_time,
)
from .sparql_tokens import ForbiddenQuery, Token, tokens


def substitute_path(text: str, path_sparql: str) -> str:
    """$PATH replaced by the property shape's path, as SHACL prescribes for property shapes."""
    return "".join(path_sparql if t.var == "PATH" else t.text for t in tokens(text))


def prebind(text: str, constants: dict[str, str]) -> str:
    """Each variable of `constants` replaced by its term, as the Recommendation defines pre-binding.

    `bound(?v)` of such a variable becomes `(true)`, and the variable leaves every SELECT
    projection (a SELECT left with nothing projects `*`).
    """
    toks = tokens(text)
    out: list[str] = []
    in_projection = False
    projected = 0
    index = 0
    while index < len(toks):
        token = toks[index]
        if token.upper == "SELECT":
            in_projection, projected = True, 0
        elif in_projection and (token.upper == "WHERE" or token.text == "{"):
            if projected == 0:
                out.append(" * ")
            in_projection = False
        elif in_projection and token.kind not in ("space", "comment") and token.upper not in ("DISTINCT", "REDUCED"):
            if token.var in constants:
                index += 1
                continue
            projected += 1
        if token.upper == "BOUND":
            sig = list(_significant(toks, index + 1, len(toks)))[:3]
            if len(sig) == 3 and toks[sig[0]].text == "(" and toks[sig[1]].var in constants and toks[sig[2]].text == ")":
                out.append("(true)")
                index = sig[2] + 1
                continue
        out.append(constants[token.var] if token.var in constants else token.text)
        index += 1
    return "".join(out)


@dataclass
class Rewrite:
    """Either the set-at-a-time query text, or why the constraint runs per focus node."""

    text: str | None
    reason: str | None = None


def rewrite(select: str, focus_pattern: str) -> Rewrite:
    """The query joined with `focus_pattern` (a group binding ?this), or why that is unsafe.

    Also turns each top-level `FILTER NOT EXISTS { P }` into `MINUS { P }` where the two
    are equivalent (P binds $this in every solution and shares no other variable with
    the rest of the query): Oxigraph evaluates MINUS as one anti-join instead of one
    pattern evaluation per solution.
    """
    try:
        ox.Store().query(select)
    except SyntaxError as exc:
        raise ForbiddenQuery(f"the query does not parse: {' '.join(str(exc).split())[:160]}") from exc
    toks = tokens(select)
    sig = [t for t in toks if t.kind not in ("space", "comment")]
    first = next((i for i, t in enumerate(sig) if t.upper in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")), None)
    if first is None or sig[first].upper != "SELECT":
        raise ForbiddenQuery("sh:select must hold a SELECT query")
    check_forbidden(sig, first)
    open_at = next((i for i in range(first, len(sig)) if sig[i].text == "{"), None)
    if open_at is None:
        return Rewrite(None, "its WHERE clause could not be located")
    where, close_at = parse_group(sig, open_at)
    reason = why_not_set_at_a_time(sig, first, open_at, close_at, where)
    if reason:
        return Rewrite(None, reason)
    where_open, where_close = _where_group(toks)
    if where_open is None:
        return Rewrite(None, "its WHERE clause could not be located")
    body = _not_exists_as_minus(toks, where_open, where_close)
    projection = _projection_with_this(toks, where_open)
    if projection is None:
        return Rewrite(None, "its projection could not be extended with $this")
    text = (projection + " {\n" + focus_pattern + "\n" + body + "\n}"
            + "".join(t.text for t in toks[where_close + 1:]))
    return Rewrite(text)


def with_this_projected(select: str) -> str:
    """The query with ?this in its projection (pyoxigraph substitutes only projected variables)."""
    toks = tokens(select)
    where_open, _ = _where_group(toks)
    head = _projection_with_this(toks, where_open) if where_open is not None else None
    if head is None:
        raise ForbiddenQuery("the query's WHERE clause could not be located")
    return head + "".join(t.text for t in toks[where_open:])


# ---------------------------------------------------------------- text surgery

def _significant(toks: list[Token], start: int, stop: int, step: int = 1):
    index = start
    while 0 <= index < len(toks) and index != stop:
        if toks[index].kind not in ("space", "comment"):
            yield index
        index += step


def _where_group(toks: list[Token]) -> tuple[int | None, int | None]:
    """Index of the WHERE group's `{` and of its matching `}`."""
    depth, parens, open_at = 0, 0, None
    for index, token in enumerate(toks):
        if token.kind != "punct":
            continue
        if token.text == "(":
            parens += 1
        elif token.text == ")":
            parens -= 1
        elif token.text == "{":
            if open_at is None:
                if parens:
                    return None, None  # a `{` inside the projection (EXISTS in an expression)
                open_at = index
            depth += 1
        elif token.text == "}":
            depth -= 1
            if depth == 0 and open_at is not None:
                return open_at, index
    return None, None


def _projection_with_this(toks: list[Token], where_open: int) -> str | None:
    """Prologue and SELECT clause, with ?this added when the query does not return it."""
    head = toks[:where_open]
    select_at = next((i for i in _significant(head, 0, len(head)) if head[i].upper == "SELECT"), None)
    if select_at is None:
        return None
    after = [i for i in _significant(head, select_at + 1, len(head))]
    projected = {head[i].var for i in after}
    if "this" in projected or any(head[i].text == "*" for i in after):
        return "".join(t.text for t in head)
    insert_at = select_at + 1
    if after and head[after[0]].upper in ("DISTINCT", "REDUCED"):
        insert_at = after[0] + 1
    return "".join(t.text for t in head[:insert_at]) + " ?this " + "".join(t.text for t in head[insert_at:])


def _not_exists_as_minus(toks: list[Token], where_open: int, where_close: int) -> str:
    """The WHERE group's body, with each top-level `FILTER NOT EXISTS { P }` that is safe as MINUS rewritten."""
    spans = []
    depth = 0
    index = where_open + 1
    while index < where_close:
        token = toks[index]
        if token.kind == "punct" and token.text in "{(":
            depth += 1
        elif token.kind == "punct" and token.text in "})":
            depth -= 1
        elif depth == 0 and token.upper == "FILTER":
            span = _filter_not_exists(toks, index, where_close)
            if span:
                spans.append(span)
                index = span[1]
        index += 1
    pieces, cursor = [], where_open + 1
    for start, end, inner_open, inner_close in spans:
        inner = toks[inner_open + 1:inner_close]
        outside = toks[where_open:start] + toks[end + 1:] + toks[:where_open]
        if _safe_as_minus(inner, outside):
            pieces.append("".join(t.text for t in toks[cursor:start]))
            pieces.append("MINUS {" + "".join(t.text for t in inner) + "}")
            cursor = end + 1
    pieces.append("".join(t.text for t in toks[cursor:where_close]))
    return "".join(pieces)


def _filter_not_exists(toks: list[Token], at: int, limit: int):
    """(start, end, `{`, `}`) of `FILTER NOT EXISTS {…}` or `FILTER (NOT EXISTS {…})` at `at`, else None."""
    sig = list(_significant(toks, at + 1, limit))
    wrapped = bool(sig) and toks[sig[0]].text == "("
    sig = sig[1:] if wrapped else sig
    if len(sig) < 3 or toks[sig[0]].upper != "NOT" or toks[sig[1]].upper != "EXISTS" or toks[sig[2]].text != "{":
        return None
    inner_open = sig[2]
    depth = 0
    for index in range(inner_open, limit):
        token = toks[index]
        if token.kind == "punct" and token.text == "{":
            depth += 1
        elif token.kind == "punct" and token.text == "}":
            depth -= 1
            if depth == 0:
                if not wrapped:
                    return at, index, inner_open, index
                after = next(_significant(toks, index + 1, limit), None)
                if after is None or toks[after].text != ")":
                    return None
                return at, after, inner_open, index
    return None


def _safe_as_minus(inner: list[Token], outside: list[Token]) -> bool:
    inner_vars = {t.var for t in inner if t.kind == "var"}
    outer_vars = {t.var for t in outside if t.kind == "var"}
    if "this" not in inner_vars or (inner_vars & outer_vars) - {"this"}:
        return False
    sig = [Token("punct", "{")] + [t for t in inner if t.kind not in ("space", "comment")] + [Token("punct", "}")]
    if any(t.upper == "SELECT" for t in sig):
        return False
    try:
        group, _ = parse_group(sig, 0)
    except (ForbiddenQuery, StopIteration, IndexError):
        return False
    safe, binds, _ = analyse_group(sig, group, bound=False)
    return safe and binds
