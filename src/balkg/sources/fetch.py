"""`balkg sources fetch`: archive the pages of the graph's sources that have a URL.

Which sources, and the properties each archived page is recorded with, come from the saved
query `evidence/fetchable-sources`. Each page is fetched with balkg's one HTTP client (deadline,
bounded retries honouring Retry-After), politely: an identifying User-Agent and a minimum delay
between two requests to the same host. Its main text is saved as `<slug>.txt` and the raw
exchange as `<slug>.warc.gz` in the layout's `[sources] fetch_into` folder; the generated file
`sources-fetched.ttl` records the text's name and SHA-256, the time and the WARC file.
"""

from __future__ import annotations

import hashlib
import time
import urllib.parse
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Callable

import httpx

from .. import __version__
from ..errors import BalkgError, UsageError
from ..layout import CONFIG_NAME, Layout
from ..publish.export import write_atomically
from ..query.catalogue import find_saved
from ..query.run import EmbeddedTarget, run_query
from ..rdf import expand
from ..rdf.dataset import parse_layout
from ..transport.http import PROJECT_URL, HttpClient
from ..transport.retry import RetryPolicy
from ..transport.urls import display_url
from .archive import NotArchivable, main_text, unique_slugs, warc_bytes
from .record import FIELDS, Record, read_records, write_records

FETCH_QUERY = "evidence/fetchable-sources"
OUTPUT_NAME = "sources-fetched.ttl"
USER_AGENT = f"balkg/{__version__} (source archiver; +{PROJECT_URL}) httpx/{httpx.__version__}"
ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"


@dataclass(frozen=True)
class Fetchable:
    """A source with a URL, the archived text the curated graph names (if any), and an earlier record."""

    source: str
    url: str
    curated_file: str | None = None
    previous: Record | None = None


@dataclass(frozen=True)
class Failure:
    source: str
    url: str
    reason: str       # one line, the URL shown without its query string


@dataclass
class FetchReport:
    output: Path
    folder: Path
    fetched: list[Record] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    curated: list[str] = field(default_factory=list)   # sources skipped: their archived text is curated
    kept: list[str] = field(default_factory=list)      # sources skipped: archived by an earlier run
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


class Politeness:
    """Waits so that two requests to the same host are at least `delay` seconds apart."""

    def __init__(self, delay: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self.delay, self.clock, self.sleep = delay, clock, sleep
        self._last: dict[str, float] = {}

    def wait(self, url: str) -> None:
        host = (urllib.parse.urlsplit(url).hostname or "").lower()
        last = self._last.get(host)
        if last is not None:
            left = self.delay - (self.clock() - last)
            if left > 0:
                self.sleep(left)
        self._last[host] = self.clock()

    def done(self, url: str) -> None:
        """The request to `url` has ended: the delay counts from now (retries took their own time)."""
        self._last[(urllib.parse.urlsplit(url).hostname or "").lower()] = self.clock()


def fetch_sources(layout: Layout, *, client: HttpClient | None = None, delay: float = 1.0, only=(),
                  refetch: bool = False, say: Callable[[str], None] = print, timeout: float = 60.0,
                  retries: int = 3, now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> FetchReport:
    """Fetch and archive the pages of the sources with a URL and no archived text; see the module.

    `only` restricts to these sources (IRIs or prefixed names); `refetch` fetches again those an
    earlier run archived. A source whose archived text is curated is never fetched: the graph
    names one archived text per source. Raises UsageError when no source has a URL.
    """
    layout.require_writable()
    folder, output = _targets(layout)
    sources, properties, prefixes = fetchable_sources(layout, output)
    report = FetchReport(output, folder)
    previous, warning = read_records(output, properties)
    report.warnings += [warning] if warning else []
    sources = [Fetchable(s.source, s.url, s.curated_file, previous.get(s.source)) for s in sources]
    chosen = _select(sources, only, prefixes)
    todo = _plan(chosen, refetch, report)
    owned = client is None
    client = client or HttpClient(timeout=timeout, retry=RetryPolicy(attempts=retries + 1), user_agent=USER_AGENT)
    try:
        _fetch_all(todo, _stems(sources), client, Politeness(delay), folder, report, say, now)
    finally:
        if owned:
            client.close()
    records = _records(sources, report)
    if records or output.exists():
        write_records(output, records, properties, prefixes)
    return report


def fetchable_sources(layout: Layout, output: Path) -> tuple[list[Fetchable], dict[str, str], dict[str, str]]:
    """(each source with a URL, the record properties, the graph's prefixes), the generated file left out."""
    parsed = parse_layout(layout, exclude=[output]).check()
    rows = run_query(find_saved(layout, FETCH_QUERY), EmbeddedTarget(parsed.store(), "the graph")).rows
    if not rows:
        raise UsageError(f"no source of the graph at {layout.describe()} has a URL (saved query {FETCH_QUERY}): "
                         f"nothing to fetch")
    properties = {name: rows[0][f"{name}Property"].value for name in FIELDS}
    found: dict[str, Fetchable] = {}
    for row in rows:
        source, file = row["source"].value, row.get("file")
        if source not in found:   # one URL per source: the first in the query's order
            found[source] = Fetchable(source, row["url"].value, file.value if file is not None else None)
    prefixes = {k: v for k, v in parsed.prefixes().items() if v}
    return list(found.values()), properties, prefixes


def _targets(layout: Layout) -> tuple[Path, Path]:
    if layout.fetch_into is None:
        raise UsageError(f"{CONFIG_NAME} has no [sources] fetch_into: nowhere to save the fetched pages")
    return layout.fetch_into, layout.generated_dir / OUTPUT_NAME


def _select(sources: list[Fetchable], only, prefixes: dict[str, str]) -> list[Fetchable]:
    if not only:
        return sources
    by_iri = {s.source: s for s in sources}
    chosen = []
    for name in only:
        iri = expand(name, prefixes) or name
        if iri not in by_iri:
            raise UsageError(f"--source {name}: not a source of the graph with a URL (balkg:url)")
        chosen.append(by_iri[iri])
    return list({s.source: s for s in chosen}.values())


def _plan(chosen: list[Fetchable], refetch: bool, report: FetchReport) -> list[Fetchable]:
    todo = []
    for source in chosen:
        if source.curated_file is not None:
            report.curated.append(source.source)
        elif source.previous is not None and not refetch:
            report.kept.append(source.source)
        else:
            todo.append(source)
    return todo


def _stems(sources: list[Fetchable]) -> dict[str, str]:
    """{source: file name stem}, unique among all the sources with a URL, and never a name another
    source's earlier record holds (a new source must not overwrite an archived file)."""
    stems = unique_slugs([s.source for s in sources])
    taken = {s.previous.local_file: s.source for s in sources if s.previous is not None}
    for source, stem in stems.items():
        if taken.get(f"{stem}.txt", source) != source:
            stems[source] = f"{stem}-{hashlib.sha256(source.encode('utf-8')).hexdigest()[:8]}"
    return stems


def _fetch_all(todo: list[Fetchable], stems: dict[str, str], client: HttpClient, polite: Politeness, folder: Path,
               report: FetchReport, say, now) -> None:
    for number, source in enumerate(todo, 1):
        polite.wait(source.url)
        try:
            record = fetch_one(source, stems[source.source], client, folder, now)
        except (BalkgError, NotArchivable) as exc:
            failure = Failure(source.source, source.url, _reason(source.url, exc))
            report.failed.append(failure)
            say(f"failed {number} of {len(todo)}: {failure.reason}")
        else:
            report.fetched.append(record)
            say(f"fetched {number} of {len(todo)}: {display_url(source.url)}")
        finally:
            polite.done(source.url)


def fetch_one(source: Fetchable, stem: str, client: HttpClient, folder: Path, now) -> Record:
    """Fetch one page, save its text and WARC file, and return what the graph records of it."""
    answer = client.request("GET", source.url, accept=ACCEPT, headers={"Accept-Encoding": "identity"})
    text = main_text(answer).encode("utf-8")
    when = now().astimezone(UTC).replace(microsecond=0)
    text_name, warc_name = f"{stem}.txt", f"{stem}.warc.gz"
    write_atomically(folder / warc_name, warc_bytes(answer, when))
    write_atomically(folder / text_name, text)
    return Record(source.source, text_name, hashlib.sha256(text).hexdigest(),
                  when.strftime("%Y-%m-%dT%H:%M:%SZ"), warc_name)


def _reason(url: str, exc: Exception) -> str:
    message = " ".join(str(exc).split())
    shown = display_url(url)
    return message if message.startswith(shown) else f"{shown}: {message}"


def _records(sources: list[Fetchable], report: FetchReport) -> list[Record]:
    """The file's records: the new ones, and the earlier ones of sources still fetchable and not curated."""
    new = {r.source: r for r in report.fetched}
    return [new.get(s.source) or s.previous for s in sources
            if s.curated_file is None and (s.source in new or s.previous is not None)]
