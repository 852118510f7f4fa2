"""One canonical Turtle style for the curated files, written by turtlefmt.

turtlefmt (PyPI, by the author of Oxigraph) keeps comments, which no RDF serializer
does (rdflib's longturtle drops them all, and every curated file has some). balkg
checks each file before writing it: the reformatted text must parse to the same
graph (isomorphic: blank nodes compared after canonicalization), and must keep every
comment, in order (turtlefmt may join a comment's lines into one). A file that fails either check is refused and left as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import EnvironmentProblem, ParseError
from ..publish.export import write_atomically
from ..rdf.parsing import parse_file

TOOL = "turtlefmt"

UNCHANGED, CHANGED, REFUSED = "unchanged", "changed", "refused"


@dataclass
class FileResult:
    path: Path
    display: str
    status: str  # unchanged | changed (reformatted, or would be with check) | refused
    reason: str = ""


def formatter_path() -> str:
    """The turtlefmt executable: next to this Python first (a venv), else on PATH."""
    beside = Path(sys.executable).parent / TOOL
    if beside.is_file():
        return str(beside)
    found = shutil.which(TOOL)
    if not found:
        raise EnvironmentProblem(f"{TOOL} not found: pip install {TOOL} (a dependency of balkg)")
    return found


def format_texts(texts: list[str]) -> list[str]:
    """Run turtlefmt once over copies of the texts; return the formatted texts in order."""
    tool = formatter_path()
    with tempfile.TemporaryDirectory(prefix="balkg-fmt-") as tmp:
        copies = []
        for index, text in enumerate(texts):
            copy = Path(tmp) / f"{index}.ttl"
            copy.write_text(text, encoding="utf-8")
            copies.append(copy)
        if copies:
            proc = subprocess.run([tool, *map(str, copies)], capture_output=True, text=True, timeout=600)
            if proc.returncode != 0:
                first = next((line for line in proc.stderr.splitlines() if line.strip()), "no message")
                raise EnvironmentProblem(f"{TOOL} failed: {first}")
        return [_without_leading_space(copy.read_text(encoding="utf-8-sig")) for copy in copies]


def _without_leading_space(text: str) -> str:
    """turtlefmt 0.1.2 indents a file's opening comment by one space; curated files start at column 0."""
    return text.lstrip(" ") if text.startswith(" #") else text


def comments(text: str) -> list[str]:
    """The comments of a Turtle text, in order, each stripped of '#' and surrounding space.

    A '#' starts a comment only outside IRIs and strings (short and long, either quote)
    and when not escaped in a local name.
    """
    found, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
        elif c == "<":
            end = text.find(">", i + 1)
            i = n if end < 0 else end + 1
        elif c in "\"'":
            i = _string_end(text, i)
        elif c == "#":
            end = text.find("\n", i)
            end = n if end < 0 else end
            found.append(text[i + 1:end].strip())
            i = end
        else:
            i += 1
    return found


def _words(comment_texts: list[str]) -> list[str]:
    return " ".join(comment_texts).split()


def _string_end(text: str, start: int) -> int:
    quote = text[start]
    delimiter = quote * 3 if text.startswith(quote * 3, start) else quote
    i = start + len(delimiter)
    while i < len(text):
        if text[i] == "\\":
            i += 2
        elif text.startswith(delimiter, i):
            return i + len(delimiter)
        elif len(delimiter) == 1 and text[i] == "\n":
            return i  # an unterminated short string: the parser reports it
        else:
            i += 1
    return len(text)


def canonical_quads(triples) -> set:
    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return set(dataset)


def _parse_text(text: str, path: Path) -> list:
    return list(ox.parse(text, format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri()))


def format_files(paths: list[Path], *, check: bool = False, display=str) -> list[FileResult]:
    """Reformat each file in place (or, with `check`, only report which would change).

    A file that does not parse, or whose reformatted text would mean something else or
    lose a comment, is refused and never written.
    """
    results: list[FileResult] = []
    readable: list[tuple[Path, str, list]] = []
    for path in paths:
        try:
            parsed = parse_file(path, display(path))
        except ParseError as exc:
            results.append(FileResult(path, exc.location(), REFUSED, f"does not parse: {exc.message}"))
            continue
        readable.append((path, path.read_text(encoding="utf-8-sig"), parsed.triples))
    formatted = format_texts([text for _, text, _ in readable])
    for (path, text, triples), new in zip(readable, formatted):
        results.append(_judge(path, display(path), text, triples, new, check))
    order = {p: i for i, p in enumerate(paths)}
    return sorted(results, key=lambda r: order[r.path])


def _judge(path: Path, shown: str, text: str, triples: list, new: str, check: bool) -> FileResult:
    if new == text:
        return FileResult(path, shown, UNCHANGED)
    try:
        same_graph = canonical_quads(_parse_text(new, path)) == canonical_quads(triples)
    except SyntaxError as exc:
        return FileResult(path, shown, REFUSED, f"{TOOL} wrote Turtle that does not parse ({exc.msg}); left unchanged")
    if not same_graph:
        return FileResult(path, shown, REFUSED, f"{TOOL} would change the file's triples; left unchanged")
    before, after = comments(text), comments(new)
    # turtlefmt may join a comment's lines into one: the words, in order, are what must stay.
    if _words(before) != _words(after):
        joined = " ".join(_words(after))
        lost = next((c for c in before if " ".join(c.split()) not in joined), None)
        what = f"lose the comment {lost!r}" if lost is not None else "change the comments"
        return FileResult(path, shown, REFUSED, f"{TOOL} would {what}; left unchanged")
    if not check:
        mode = path.stat().st_mode
        write_atomically(path, new.encode("utf-8"))
        os.chmod(path, mode)
    return FileResult(path, shown, CHANGED)


def turtle_files(paths: list[Path]) -> list[Path]:
    """The Turtle files named, folders searched recursively, each once, in order."""
    found: list[Path] = []
    for path in paths:
        candidates = sorted(path.rglob("*.ttl")) if path.is_dir() else [path]
        found.extend(c for c in candidates if c not in found)
    return found
