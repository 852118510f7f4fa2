"""Keyset paging of a SELECT, with truncation detection (never a short answer).

A page is `SELECT DISTINCT vars WHERE { body BIND(key AS ?__k) FILTER(?__k > last) } ORDER BY ?__k LIMIT n`,
where the key joins the string forms of every selected variable, so each row has its own key and no row
falls between two pages. `n` stays below the engine's cap; a page that reports a cap (Virtuoso's
`X-SPARQL-MaxRows` header) or comes back larger than asked is refused with the cap named.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ...errors import EndpointError

KEY = "__k"
SEPARATOR = "\\u001f"
DEFAULT_PAGE = 5000

# run(query) -> (bindings rows as dicts of var -> SPARQL-JSON term, response headers)
Runner = Callable[[str], tuple[list[dict], dict]]


@dataclass(frozen=True)
class PagedSelect:
    variables: tuple[str, ...]
    body: str
    prefixes: str = ""

    def key_expression(self) -> str:
        parts = [f'COALESCE(IF(isBlank(?{v}), "_:", STR(?{v})), "")' for v in self.variables]
        return parts[0] if len(parts) == 1 else "CONCAT(" + f', "{SEPARATOR}", '.join(parts) + ")"

    def page(self, after: str | None, limit: int) -> str:
        names = " ".join(f"?{v}" for v in self.variables)
        keyset = "" if after is None else f"FILTER(?{KEY} > {literal(after)})"
        return (f"{self.prefixes}SELECT DISTINCT {names} ?{KEY} WHERE {{\n{self.body}\n"
                f"BIND({self.key_expression()} AS ?{KEY})\n{keyset}\n}} ORDER BY ?{KEY} LIMIT {limit}")


def literal(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def cap_of(headers: dict) -> int | None:
    for name, value in headers.items():
        if name.lower() == "x-sparql-maxrows":
            try:
                return int(value)
            except ValueError:
                return 0
    return None


def fetch_all(run: Runner, select: PagedSelect, where: str, page_size: int = DEFAULT_PAGE) -> Iterator[dict]:
    """Yield every row of `select`, page by page; raise EndpointError when a page was cut by a cap."""
    after = None
    while True:
        rows, headers = run(select.page(after, page_size))
        cap = cap_of(headers)
        if cap is not None:
            raise EndpointError(f"{where}: the server cut a result at its row cap of {cap} rows "
                                f"(X-SPARQL-MaxRows); raise the cap (Virtuoso: ResultSetMaxRows) "
                                f"above {page_size} or page with a smaller page size")
        if len(rows) > page_size:
            raise EndpointError(f"{where}: a page of {page_size} rows came back with {len(rows)}")
        for row in rows:
            yield {k: v for k, v in row.items() if k != KEY}
        if len(rows) < page_size:
            return
        last = rows[-1].get(KEY)
        if last is None:
            raise EndpointError(f"{where}: the server did not return the paging key")
        after = last["value"]
