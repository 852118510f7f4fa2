"""The review file (one row per candidate, written by every run) and the judgements file
(the reviewer's accept / reject / unsure, curated data that every later run honours)."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import BalkgError, UsageError
from ..rdf import expand, shorten
from .config import Alignment
from .graph import Entity
from .scoring import ACCEPTED, REJECTED, UNSURE, Candidate

VERDICTS = {"accept": ACCEPTED, "reject": REJECTED, "unsure": UNSURE}
JUDGEMENT_COLUMNS = ["entity", "qid", "judgement", "reviewer", "date", "note"]
REVIEW_COLUMNS = ["entity", "entity_label", "entity_class", "names_used", "qid", "label", "description",
                  "types", "score", "name_score", "type_score", "context_score", "status", "reasons", "url"]
_QID = re.compile(r"^Q[1-9]\d*$")
_HEADER = ("# Reviewer judgements on Wikidata candidates: accept, reject or unsure.\n"
           "# Curated data: `balkg link wikidata` honours every row; `balkg link judge` adds or replaces rows.\n"
           "# Accepted links are written to the generated links file, never into curated Turtle.\n")


@dataclass(frozen=True)
class Judgement:
    entity: str
    qid: str
    verdict: str        # accepted / rejected / unsure
    reviewer: str
    date: str
    note: str
    line: int


def curie(iri: str, prefixes: dict[str, str]) -> str:
    """A prefixed name, or the bare IRI: how the review file and `balkg link` write an entity."""
    return shorten(iri, prefixes, angle=False)


def resolve_entity(text: str, prefixes: dict[str, str]) -> str:
    """A full IRI, or a prefixed name using the graph's prefixes."""
    iri = expand(text, prefixes)
    if iri is not None:
        return iri
    raise UsageError(f"{text!r} is neither an IRI nor a prefixed name the graph declares")


# ---------------------------------------------------------------- judgements

def read_judgements(path: Path, prefixes: dict[str, str], display: str | None = None) -> dict[tuple[str, str], Judgement]:
    """(entity IRI, QID) -> judgement. The last row for a pair wins."""
    display = display or str(path)
    if not Path(path).is_file():
        return {}
    out: dict[tuple[str, str], Judgement] = {}
    text = Path(path).read_text(encoding="utf-8-sig")
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if cells[0] == "entity":
            continue
        cells += [""] * (len(JUDGEMENT_COLUMNS) - len(cells))
        entity, qid, verdict = cells[0].strip(), cells[1].strip(), cells[2].strip().lower()
        where = f"{display}:{number}"
        if verdict not in VERDICTS:
            raise BalkgError(f"{where}: judgement must be accept, reject or unsure, not {verdict!r}")
        if not _QID.match(qid):
            raise BalkgError(f"{where}: {qid!r} is not a QID like Q42")
        try:
            iri = resolve_entity(entity, prefixes)
        except UsageError as exc:
            raise BalkgError(f"{where}: {exc}") from None
        out[(iri, qid)] = Judgement(iri, qid, VERDICTS[verdict], cells[3].strip(), cells[4].strip(),
                                    cells[5].strip(), number)
    _check_single_accept(out, display)
    return out


def _check_single_accept(judgements: dict[tuple[str, str], Judgement], display: str) -> None:
    accepted: dict[str, Judgement] = {}
    for j in judgements.values():
        if j.verdict != ACCEPTED:
            continue
        if j.entity in accepted:
            other = accepted[j.entity]
            raise BalkgError(f"{display}:{j.line}: {j.entity} is accepted as both {other.qid} "
                             f"(line {other.line}) and {j.qid}; reject one")
        accepted[j.entity] = j


def record_judgement(path: Path, entity: str, qid: str, verdict: str, reviewer: str = "",
                     note: str = "", today: dt.date | None = None, prefixes: dict[str, str] | None = None) -> None:
    """Add a judgement, replacing an earlier row for the same entity and item; other rows stay as written."""
    verdict = verdict.lower()
    if verdict not in VERDICTS:
        raise UsageError(f"judgement must be accept, reject or unsure, not {verdict!r}")
    qid = qid.strip().upper()
    if not _QID.match(qid):
        raise UsageError(f"{qid!r} is not a QID like Q42")
    prefixes = prefixes or {}
    iri = resolve_entity(entity, prefixes)
    path = Path(path)
    lines = path.read_text(encoding="utf-8-sig").splitlines() if path.is_file() else _HEADER.splitlines() + [
        "\t".join(JUDGEMENT_COLUMNS)]
    kept = []
    for line in lines:
        cells = line.split("\t")
        if (len(cells) > 1 and not line.startswith("#") and cells[1].strip() == qid
                and _same_entity(cells[0], iri, prefixes)):
            continue
        kept.append(line)
    row = [iri, qid, verdict, _clean(reviewer), (today or dt.date.today()).isoformat(), _clean(note)]
    kept.append("\t".join(row))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    read_judgements(path, prefixes)  # refuse to leave a file that later runs would reject


def _same_entity(cell: str, iri: str, prefixes: dict[str, str]) -> bool:
    try:
        return resolve_entity(cell, prefixes) == iri
    except UsageError:
        return False


# ---------------------------------------------------------------- review file

def review_rows(candidates: list[Candidate], unmatched: list[Entity], alignment: Alignment,
                prefixes: dict[str, str]) -> list[dict]:
    language = alignment.wd.get("display_language", "en")
    rows = []
    for c in sorted(candidates, key=lambda c: (c.entity.iri, -c.score, c.qid)):
        rows.append({
            **_entity_cells(c.entity, prefixes),
            "qid": c.qid,
            "label": c.item.label(language),
            "description": c.item.descriptions.get(language, ""),
            "types": "; ".join(f"{label or '?'} ({q})" for q, label in sorted(c.item.types.items())),
            "score": f"{c.score:.3f}",
            "name_score": f"{c.name:.3f}",
            "type_score": f"{c.type:.3f}",
            "context_score": f"{c.context:.3f}",
            "status": c.status,
            "reasons": " | ".join(c.reasons()),
            "url": alignment.page(c.qid),
        })
    for entity in sorted(unmatched, key=lambda e: e.iri):
        rows.append({**_entity_cells(entity, prefixes), **{k: "" for k in REVIEW_COLUMNS[4:]},
                     "status": "no-candidates"})
    return rows


def _entity_cells(entity: Entity, prefixes: dict[str, str]) -> dict:
    return {
        "entity": curie(entity.iri, prefixes),
        "entity_label": entity.label,
        "entity_class": " ".join(sorted(curie(c, prefixes) for c in entity.classes)),
        "names_used": " | ".join(f"{n.text}@{n.lang}" if n.lang else n.text for n in entity.names),
    }


def write_review(path: Path, rows: list[dict]) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".json":
        path.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return
    lines = ["\t".join(REVIEW_COLUMNS)]
    lines += ["\t".join(_clean(row.get(k, "")) for k in REVIEW_COLUMNS) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _clean(text: str) -> str:
    return " ".join(str(text).replace("\t", " ").split())
