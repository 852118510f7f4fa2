"""What is kept of one fetched page: its main text (trafilatura) and the raw HTTP exchange (a WARC file).

trafilatura and warcio are imported inside the functions that use them, so that importing
balkg (and `balkg --help`) does not load them.
"""

from __future__ import annotations

import hashlib
import io
import re
import urllib.parse
from datetime import datetime

from ..transport.http import Response

HTML_TYPES = ("text/html", "application/xhtml+xml")
# Request headers that may carry a secret; never written into an archive.
SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})
# Response headers that describe the bytes on the wire, not the (decoded) payload the WARC holds.
WIRE_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class NotArchivable(Exception):
    """A page that was fetched but has nothing to keep (not HTML, no main text)."""


def slug(iri: str) -> str:
    """A safe file name stem from the last path segment (or fragment) of an IRI."""
    parts = urllib.parse.urlsplit(iri)
    segment = parts.fragment or parts.path.rstrip("/").rsplit("/", 1)[-1] or parts.netloc
    stem = _UNSAFE.sub("-", urllib.parse.unquote(segment)).strip(".-_")[:120]
    return stem or "source-" + hashlib.sha256(iri.encode("utf-8")).hexdigest()[:12]


def unique_slugs(iris: list[str]) -> dict[str, str]:
    """{iri: slug}; IRIs whose last segments agree get the start of their digest appended."""
    stems = {iri: slug(iri) for iri in iris}
    counts: dict[str, int] = {}
    for stem in stems.values():
        counts[stem] = counts.get(stem, 0) + 1
    return {iri: stem if counts[stem] == 1 else f"{stem}-{hashlib.sha256(iri.encode('utf-8')).hexdigest()[:8]}"
            for iri, stem in stems.items()}


def main_text(answer: Response) -> str:
    """The main text of an HTML page, without navigation, ads and comments; NotArchivable otherwise."""
    if answer.content_type not in HTML_TYPES:
        raise NotArchivable(f"not HTML (Content-Type {answer.content_type or 'missing'})")
    import trafilatura

    text = trafilatura.extract(answer.body, url=answer.url or None, include_comments=False,
                               include_tables=True, deduplicate=False)
    if not text or not text.strip():
        raise NotArchivable("no main text found in the page")
    return text.strip() + "\n"


def warc_bytes(answer: Response, when: datetime) -> bytes:
    """A gzipped WARC file holding the request (secrets left out) and the response, linked to each other."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    date = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    response = writer.create_warc_record(
        answer.url, "response", payload=io.BytesIO(answer.body),
        http_headers=StatusAndHeaders(f"{answer.status} {answer.reason}".strip(), _response_headers(answer),
                                      protocol=answer.http_version),
        warc_headers_dict={"WARC-Date": date})
    request = writer.create_warc_record(
        answer.url, "request", payload=io.BytesIO(b""),
        http_headers=StatusAndHeaders(f"GET {_target(answer.url)} {answer.http_version}", _request_headers(answer),
                                      is_http_request=True),
        warc_headers_dict={"WARC-Date": date,
                           "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID")})
    writer.write_record(request)
    writer.write_record(response)
    return out.getvalue()


def _target(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _request_headers(answer: Response) -> list[tuple[str, str]]:
    return [(name, value) for name, value in answer.request_headers.items() if name.lower() not in SECRET_HEADERS]


def _response_headers(answer: Response) -> list[tuple[str, str]]:
    kept = [(name, value) for name, value in answer.headers.items() if name.lower() not in WIRE_HEADERS]
    return kept + [("Content-Length", str(len(answer.body)))]
