"""The group structure of a SPARQL query, read from its tokens, and what it says about pre-binding `$this`:
forms the Recommendation forbids, and whether one query for all focus nodes gives the same solutions."""

from __future__ import annotations

from dataclasses import dataclass

from .sparql_tokens import PREBOUND, ForbiddenQuery, Token

# ---------------------------------------------------------------- the group structure, from tokens

_ELEMENT_KEYWORDS = {"OPTIONAL", "MINUS", "GRAPH", "SERVICE", "FILTER", "BIND", "VALUES"}
_AGGREGATES = {"COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT"}


@dataclass
class Part:
    kind: str  # triples, filter, bind, optional, union, graph, minus, service, values, subselect
    start: int
    end: int  # inclusive span in the significant tokens
    groups: list = None
    term: Token | None = None


@dataclass
class Group:
    parts: list


def _closing(sig: list[Token], at: int) -> int:
    """Index of the bracket closing the one at `at`."""
    pairs = {"{": "}", "(": ")", "[": "]"}
    opening, depth = sig[at].text, 0
    for index in range(at, len(sig)):
        text = sig[index].text if sig[index].kind == "punct" else None
        if text == opening:
            depth += 1
        elif text == pairs[opening]:
            depth -= 1
            if depth == 0:
                return index
    raise ForbiddenQuery("unbalanced brackets in the query")


def _parse_braced(sig: list[Token], at: int) -> tuple[Group, int]:
    """A `{ … }` at `at` (a group, or a subquery as a group of one part); returns it and the index after."""
    if sig[at].text != "{":
        raise ForbiddenQuery("a group was expected")
    if at + 1 < len(sig) and sig[at + 1].upper == "SELECT":
        end = _closing(sig, at)
        return Group([Part("subselect", at, end)]), end + 1
    group, end = parse_group(sig, at)
    return group, end + 1


def parse_group(sig: list[Token], at: int) -> tuple[Group, int]:
    """The group opened at `at`, and the index of its closing `}`."""
    parts, index = [], at + 1
    while index < len(sig):
        token = sig[index]
        word = token.upper
        if token.text == "}" and token.kind == "punct":
            return Group(parts), index
        if token.text == "." and token.kind == "punct":
            index += 1
        elif token.text == "{" and token.kind == "punct":
            start, branches = index, []
            group, index = _parse_braced(sig, index)
            branches.append(group)
            while index < len(sig) and sig[index].upper == "UNION":
                group, index = _parse_braced(sig, index + 1)
                branches.append(group)
            parts.append(Part("union", start, index - 1, branches))
        elif word in ("OPTIONAL", "MINUS"):
            group, after = _parse_braced(sig, index + 1)
            parts.append(Part(word.lower(), index, after - 1, [group]))
            index = after
        elif word in ("GRAPH", "SERVICE"):
            term_at = index + 1 + (sig[index + 1].upper == "SILENT")
            group, after = _parse_braced(sig, term_at + 1)
            parts.append(Part(word.lower(), index, after - 1, [group], sig[term_at]))
            index = after
        elif word in ("FILTER", "BIND"):
            after = index + 1
            if sig[after].upper == "NOT":
                after += 1
            if sig[after].upper == "EXISTS":
                after += 1
            elif sig[after].text not in ("(", "{"):  # a function call: name then arguments
                after += 1
            end = _closing(sig, after)
            parts.append(Part(word.lower(), index, end))
            index = end + 1
        elif word == "VALUES":
            brace = next(i for i in range(index, len(sig)) if sig[i].text == "{")
            end = _closing(sig, brace)
            parts.append(Part("values", index, end))
            index = end + 1
        else:
            start = index
            while index < len(sig):
                t = sig[index]
                if t.kind == "punct" and t.text in "[(":
                    index = _closing(sig, index) + 1
                    continue
                if (t.kind == "punct" and t.text in ".{}") or t.upper in _ELEMENT_KEYWORDS:
                    break
                index += 1
            parts.append(Part("triples", start, index - 1))
    raise ForbiddenQuery("unbalanced braces in the query")


def _mentions(sig: list[Token], part: Part, name: str = "this") -> bool:
    return any(t.var == name for t in sig[part.start:part.end + 1])


# ---------------------------------------------------------------- what the Recommendation forbids

def check_forbidden(sig: list[Token], first: int) -> None:
    for index, token in enumerate(sig):
        if token.upper in ("MINUS", "VALUES", "SERVICE"):
            raise ForbiddenQuery(f"a SPARQL-based constraint must not contain {token.upper}")
        if token.upper == "AS" and index + 1 < len(sig) and sig[index + 1].var in PREBOUND:
            raise ForbiddenQuery(f"a SPARQL-based constraint must not bind ?{sig[index + 1].var} with AS")
        if token.upper == "SELECT" and index != first:
            projected = _projection_vars(sig, index)
            if projected is None or "this" not in projected:
                raise ForbiddenQuery("a subquery of a SPARQL-based constraint must return $this")


def _projection_vars(sig: list[Token], select_at: int) -> set[str] | None:
    """Variables a SELECT projects; None for SELECT *."""
    found = set()
    for token in sig[select_at + 1:]:
        if token.upper == "WHERE" or token.text == "{":
            break
        if token.text == "*":
            return None
        if token.var:
            found.add(token.var)
    return found


# ---------------------------------------------------------------- when one query for all focus nodes is safe

def why_not_set_at_a_time(sig: list[Token], first: int, open_at: int, close_at: int, where: Group) -> str | None:
    for token in sig[close_at + 1:]:
        if token.upper in ("GROUP", "HAVING", "LIMIT", "OFFSET"):
            return f"it uses {token.upper}, which would apply across focus nodes"
    head = sig[first:open_at]
    if any(t.upper in _AGGREGATES for t in head):
        return "it aggregates, which would apply across focus nodes"
    for index in range(open_at, close_at):
        if sig[index].upper == "SELECT" and any(t.var == "this" for t in sig[index:_closing(sig, index - 1)]):
            return "$this occurs in a subquery"
    safe, _binds, why = analyse_group(sig, where, bound=True)
    return None if safe else why


def analyse_group(sig: list[Token], group: Group, bound: bool) -> tuple[bool, bool, str | None]:
    """(safe, binds $this in every solution, why unsafe) for a group evaluated on its own.

    `bound`: $this is bound in every solution entering the group (true at the top level,
    where the focus nodes are joined first). An operator that reads $this from its input
    (FILTER, BIND, OPTIONAL's right side) needs it bound there; a nested group is
    evaluated on its own and only joined afterwards.
    """
    filters_need = False
    for part in group.parts:
        kind = part.kind
        if kind == "triples":
            bound = bound or _mentions(sig, part)
        elif kind == "filter":
            filters_need = filters_need or _mentions(sig, part)
        elif kind == "bind":
            if _mentions(sig, part) and not bound:
                return False, False, "$this is read in a BIND before it is bound in its group"
        elif kind == "optional":
            if _mentions(sig, part):
                safe, _, why = analyse_group(sig, part.groups[0], False)
                if not bound:
                    return False, False, "$this occurs in an OPTIONAL whose left side does not bind it"
                if not safe:
                    return False, False, why
        elif kind == "union":
            branches = [analyse_group(sig, g, False) for g in part.groups]
            for safe, _, why in branches:
                if not safe:
                    return False, False, why
            bound = bound or all(b for _, b, _ in branches)
        elif kind == "graph":
            safe, binds, why = analyse_group(sig, part.groups[0], False)
            if not safe:
                return False, False, why
            bound = bound or binds or part.term.var == "this"
        elif kind == "subselect":
            continue  # one that mentions $this was ruled out before
        else:
            return False, False, f"it uses {kind.upper()}"
    if filters_need and not bound:
        return False, False, "$this is read in a FILTER of a group that does not bind it"
    return True, bound, None
