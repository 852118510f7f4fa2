"""The quotes stage: every verbatim quote is looked for in the archived text of its source.

The graph says which quotes there are and which file holds each source's text, through two
saved queries of the layout (`evidence/quotes`, `evidence/archived-sources`); the files are
found in the archive folders (`[sources] archives` in balkg.toml, or `--sources DIR`).

Only whitespace, typographic quotes and apostrophes, dashes and Unicode composition (NFC) are
normalised; `…` in a quote marks an elision, and its parts must appear in order. A quote not
found is a Violation that names the closest passage of the source and its similarity.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from ..layout import Layout
from ..query.catalogue import find_saved
from ..query.run import EmbeddedTarget, run_query
from .findings import Finding

QUOTES_QUERY = "evidence/quotes"
ARCHIVES_QUERY = "evidence/archived-sources"
ELISION = "…"
PASSAGE_CHARS = 300

# What a typographic character stands for: the only differences allowed besides whitespace and NFC.
EQUIVALENTS = {"'": "\u2018\u2019\u201a\u201b\u2032\u02bc", '"': "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb",
               "-": "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"}
_TYPOGRAPHY = str.maketrans({c: plain for plain, chars in EQUIVALENTS.items() for c in chars})
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """The text with only whitespace, typographic quotes, dashes and Unicode composition made uniform."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text).translate(_TYPOGRAPHY)).strip()


def quote_in(quote: str, text: str) -> bool:
    """Whether `quote` (normalised; `…` marks an elision) appears in `text` (normalised), its parts in order."""
    position = 0
    for part in (p.strip() for p in quote.split(ELISION)):
        if not part:
            continue
        found = text.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True


def locate(part: str, text: str, after: int = 0) -> tuple[int, int] | None:
    """Where `part` (one side of an elision) stands in `text` as the text writes it, from `after` on,
    allowing whitespace, typographic quotes and dashes to differ; None when it is not there."""
    pattern = "".join(r"\s+" if c == " " else f"[{re.escape(c + EQUIVALENTS.get(c, ''))}]"
                      for c in normalise(part))
    match = re.compile(pattern).search(text, after)
    return (match.start(), match.end()) if match else None


def closest_passage(quote: str, text: str) -> tuple[str, float]:
    """The passage of `text` most like `quote` (both normalised), and its similarity in percent."""
    from rapidfuzz import fuzz

    needle = max((p.strip() for p in quote.split(ELISION)), key=len)
    alignment = fuzz.partial_ratio_alignment(needle, text)
    if alignment is None:
        return "", 0.0
    start = text.rfind(" ", 0, alignment.dest_start) + 1          # whole words: back to a space
    end = text.find(" ", alignment.dest_end)
    passage = text[start:end if end >= 0 else len(text)]
    if len(passage) > PASSAGE_CHARS:
        passage = passage[:PASSAGE_CHARS].rstrip() + "…"
    return passage, alignment.score


@dataclass(frozen=True)
class Archived:
    """A source's archived text as the graph records it, and where it was found (None: nowhere)."""

    source: str
    file: str
    sha256: str | None
    path: Path | None


@dataclass(frozen=True)
class Quote:
    evidence: str
    quote: str
    source: str
    property: str | None = None   # the quoting property, as the finding's path


def archive_folders(layout: Layout, given: tuple[Path, ...] | None) -> tuple[Path, ...]:
    """The folders to read archived texts from: those given (`--sources`), else the layout's."""
    return tuple(Path(p) for p in given) if given else layout.archives


def read_graph(layout: Layout, store) -> tuple[list[Quote], list[tuple[str, str, str | None]]]:
    """(every quote with its source, every archived source as (source, file, digest)) from the saved queries."""
    target = EmbeddedTarget(store, "the graph")
    quotes = [Quote(r["evidence"].value, r["quote"].value, r["source"].value,
                    r["property"].value if r.get("property") is not None else None)
              for r in run_query(find_saved(layout, QUOTES_QUERY), target).rows]
    archived = [(r["source"].value, r["file"].value, r["sha256"].value if r.get("sha256") is not None else None)
                for r in run_query(find_saved(layout, ARCHIVES_QUERY), target).rows]
    return quotes, archived


def find_archived(archived: list[tuple[str, str, str | None]], folders: tuple[Path, ...]) -> dict[str, Archived]:
    """Each archived source, with the first archive folder that holds its file."""
    found = {}
    for source, file, digest in archived:
        path = next((folder / file for folder in folders if (folder / file).is_file()), None)
        found[source] = Archived(source, file, digest, path)
    return found


def digest_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def missing_queries(layout: Layout) -> list[str]:
    missing = []
    for name in (QUOTES_QUERY, ARCHIVES_QUERY):
        try:
            find_saved(layout, name)
        except UsageError:
            missing.append(name)
    return missing


def check_quotes(quotes: list[Quote], archives: dict[str, Archived], locate, label, short=lambda iri: iri) -> list:
    """The findings of the quotes stage. `locate(iri) -> (file, line)`, `label(iri) -> str | None`,
    `short(iri)`: the IRI as a prefixed name."""
    def finding(severity, message, focus, component, **more):
        file, line = locate(focus)
        return Finding(stage="quotes", severity=severity, message=message, file=file, line=line, focus=focus,
                       focus_label=label(focus), shape="quotes", component=component, **more)

    findings, texts = [], {}
    for source, archived in archives.items():
        if archived.path is None:
            continue
        actual = digest_of(archived.path)
        if archived.sha256 is not None and actual != archived.sha256:
            findings.append(finding("Violation", f"{archived.path}: the archived text changed: its SHA-256 is "
                                    f"{actual}, the graph records {archived.sha256}; its quotes were not checked",
                                    source, "ArchivedTextDigest", expected=archived.sha256, found=actual))
            continue
        texts[source] = normalise(archived.path.read_text(encoding="utf-8-sig"))
    unchecked: dict[str, int] = {}
    for quote in quotes:
        text = texts.get(quote.source)
        if text is None:
            unchecked[quote.source] = unchecked.get(quote.source, 0) + 1
            continue
        wanted = normalise(quote.quote)
        if quote_in(wanted, text):
            continue
        passage, similarity = closest_passage(wanted, text)
        findings.append(finding(
            "Violation", f"quote not found in {archives[quote.source].file}; the closest passage "
                         f"({similarity:.0f}% alike) reads: \"{passage}\"",
            quote.evidence, "QuoteInArchivedText", path=short(quote.property) if quote.property else None, expected=passage, found=quote.quote))
    for source, count in sorted(unchecked.items()):
        archived = archives.get(source)
        if archived is None:
            why = "no archived text (no balkg:localFile)"
        elif archived.path is None:
            why = f"its archived text {archived.file} is in no archive folder"
        else:
            continue  # the digest Violation already says why
        severity = "Info" if archived is None else "Warning"
        findings.append(finding(severity, f"{why}: {count} quote{'s' if count > 1 else ''} not checked",
                                source, "ArchivedTextMissing"))
    return findings
