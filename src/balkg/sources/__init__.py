"""The graph's sources as documents: archiving the pages of those with a URL (`balkg sources fetch`).

- `fetch`: which sources to fetch (a saved query), fetching them politely through
  `balkg.transport`, and the report;
- `archive`: what is kept of a page: its main text (trafilatura) and the HTTP exchange (WARC, warcio);
- `record`: the generated Turtle file recording each archived page.
"""

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .fetch import FetchReport, fetch_sources

__all__ = ["FetchReport", "fetch_sources"]

__getattr__, __dir__ = lazy_exports(__name__, __file__)
