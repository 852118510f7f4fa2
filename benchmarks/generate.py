"""Generate a synthetic balkg knowledge graph of a requested size, with planted violations.

    python benchmarks/generate.py --triples 100k --seed 1 --violations 0.01

writes a complete graph root under `benchmarks/data/<size>/` (balkg.toml, copies of the
repository's ontology/, shapes/ and queries/, and `data/ttl/*.ttl`) so that
`balkg --root benchmarks/data/100k validate` works, and `manifest.json` listing every
planted violation (kind, focus node, file, line) with counts per kind.

The graph follows the ontology and the data-model conventions (notes/data-model.md):
actors of several classes, a place hierarchy, sources, evidence for every statement and
described resource, designations, memberships, events with participations, quantitative
claims, date claims, accusations with denials, and quotations. All names are synthetic
(syllables and serial numbers): the generator holds no real-world knowledge.

The same seed and size always give the same files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "benchmarks" / "data"

PREFIXES = {
    "balkg": "https://w3id.org/balkg/ontology#",
    "actor": "https://w3id.org/balkg/id/actor/",
    "place": "https://w3id.org/balkg/id/place/",
    "src": "https://w3id.org/balkg/id/source/",
    "desig": "https://w3id.org/balkg/id/designation/",
    "legal": "https://w3id.org/balkg/id/legal/",
    "mem": "https://w3id.org/balkg/id/membership/",
    "event": "https://w3id.org/balkg/id/event/",
    "part": "https://w3id.org/balkg/id/participation/",
    "claim": "https://w3id.org/balkg/id/claim/",
    "acc": "https://w3id.org/balkg/id/accusation/",
    "quote": "https://w3id.org/balkg/id/quotation/",
    "ev": "https://w3id.org/balkg/id/evidence/",
    "ideology": "https://w3id.org/balkg/concept/ideology/",
    "dtype": "https://w3id.org/balkg/concept/designation-type/",
    "etype": "https://w3id.org/balkg/concept/event-type/",
    "prole": "https://w3id.org/balkg/concept/participant-role/",
    "resp": "https://w3id.org/balkg/concept/responsibility/",
    "tcat": "https://w3id.org/balkg/concept/target-category/",
    "ccat": "https://w3id.org/balkg/concept/claim-category/",
    "measure": "https://w3id.org/balkg/concept/measure/",
    "qual": "https://w3id.org/balkg/concept/qualifier/",
    "unit": "https://w3id.org/balkg/concept/unit/",
    "rel": "https://w3id.org/balkg/concept/alleged-relation/",
    "status": "https://w3id.org/balkg/concept/accusation-status/",
    "mrole": "https://w3id.org/balkg/concept/membership-role/",
    "org": "http://www.w3.org/ns/org#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "time": "http://www.w3.org/2006/time#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
}

# Concepts of ontology/schemes.ttl the generator draws from (a vocabulary, not knowledge).
IDEOLOGIES = ["separatist", "ethno-nationalist", "secular", "islamist", "sectarian"]
DESIGNATION_TYPES = ["us-fto", "us-sdgt", "uk-proscription", "pk-proscription", "ca-listed-entity", "un-sanctions", "other"]
EVENT_TYPES = ["attack", "armed-assault", "suicide-bombing", "ied-attack", "ambush", "armed-clash",
               "counter-insurgency-operation", "arrest", "blockade", "hostage-taking"]
TARGET_CATEGORIES = ["security-forces", "police", "government", "civilians", "business", "transport"]
CLAIM_CATEGORIES = ["civilians", "security-personnel", "soldiers", "police", "militants", "people", "hostages"]
MEASURES = ["killed", "injured", "captured", "freed"]
QUALIFIERS = ["exactly", "at-least", "more-than", "about", "up-to"]
RELATIONS = ["supports", "funds", "harbours", "directs", "cooperates"]
MEMBERSHIP_ROLES = ["founding-member", "member", "associate"]

# Syllables for synthetic names; serial numbers keep every name unique.
SYLLABLES = ["ka", "lo", "mi", "ze", "ru", "ta", "vo", "ni", "qe", "sa", "du", "fi", "go", "he", "ju",
             "be", "xo", "pe", "wa", "ce", "ly", "no", "ri", "zu"]

# Misspelt balkg properties for the undeclared-property violation (none is declared).
TYPOS = ["desigantedBy", "evidance", "partcipant", "claimnt", "eventTyp", "listingdate"]

# Kinds of planted violations, the statement classes each fits, and what should report it.
# (The checks in queries/checks/ that find the same problems are marked `covered_by`, so
# `balkg validate` reports each problem once, by the stage named here.)
KINDS = {
    "missing-evidence": {
        "fits": ["Designation", "Membership", "Event", "Participation", "QuantitativeClaim", "DateClaim",
                 "Accusation", "Denial", "Quotation"],
        "detected_by": [{"stage": "shacl", "shape": "bsh:StatementCitesSourceAndQuoteRule"}],
    },
    "end-before-start": {
        "fits": ["Event", "Membership"],
        "detected_by": [{"stage": "shacl", "shape": "bsh:IntervalOrderRule"}],
    },
    "precision-mismatch": {
        "fits": ["Event", "Membership"],
        "detected_by": [{"stage": "shacl", "shape": "bsh:PrecisionMatchesDatatypeRule"}],
    },
    "wrong-datatype": {
        "fits": ["Designation", "QuantitativeClaim", "DateClaim"],
        "detected_by": [{"stage": "shacl", "component": "NodeConstraintComponent"}],
    },
    "unknown-designation-type": {
        "fits": ["Designation"],
        "detected_by": [{"stage": "shacl", "component": "NodeConstraintComponent", "path": "balkg:designationType"}],
    },
    "missing-claimant": {
        "fits": ["QuantitativeClaim", "DateClaim", "Accusation", "Quotation"],
        "detected_by": [{"stage": "shacl", "component": "MinCountConstraintComponent", "path": "balkg:claimant"}],
    },
    "undeclared-property": {
        "fits": ["Designation", "Event", "Participation", "QuantitativeClaim", "Accusation"],
        "detected_by": [{"stage": "vocabulary", "component": "UndeclaredTerm", "by": "term"}],
    },
}

DATA_FILES = ["places", "actors", "sources", "designations", "memberships", "events", "claims", "accusations"]


def parse_size(text: str) -> int:
    """'10k' -> 10000, '1M' -> 1000000, '2500' -> 2500."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*", str(text))
    if not match:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (try 10k, 100k, 1M)")
    number, suffix = float(match.group(1)), match.group(2).lower()
    return int(number * {"": 1, "k": 1_000, "m": 1_000_000}[suffix])


def size_label(triples: int) -> str:
    if triples % 1_000_000 == 0:
        return f"{triples // 1_000_000}M"
    if triples % 1_000 == 0:
        return f"{triples // 1_000}k"
    return str(triples)


# ---------------------------------------------------------------- Turtle writing

def lit(text: str, lang: str | None = "en") -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"@{lang}' if lang else f'"{escaped}"'


def typed(value: str, datatype: str) -> str:
    return f'"{value}"^^xsd:{datatype}'


@dataclass
class Node:
    subject: str
    pairs: list[tuple[str, str]] = field(default_factory=list)

    def add(self, predicate: str, obj: str) -> "Node":
        self.pairs.append((predicate, obj))
        return self


class TurtleFile:
    """One data file: nodes written subject-first at column 0, one triple a line."""

    def __init__(self, name: str):
        self.name = name
        self.lines = [f"@prefix {p}: <{ns}> ." for p, ns in PREFIXES.items()]
        self.lines += ["", f"# Synthetic balkg benchmark data ({name}); generated by benchmarks/generate.py.", ""]
        self.triples = 0

    def write(self, node: Node) -> int:
        """Append the node; return the (1-based) line where its description starts."""
        line = len(self.lines) + 1
        last = len(node.pairs) - 1
        for i, (p, o) in enumerate(node.pairs):
            head = node.subject + " " if i == 0 else "    "
            self.lines.append(f"{head}{p} {o} {'.' if i == last else ';'}")
        self.lines.append("")
        self.triples += len(node.pairs)
        return line

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


# ---------------------------------------------------------------- the generator

class Generator:
    def __init__(self, target: int, seed: int, rate: float):
        self.target = target
        self.rng = random.Random(seed)
        self.rate = rate
        self.files = {name: TurtleFile(name) for name in DATA_FILES}
        self.serial = 0
        self.planted: list[dict] = []
        self.statements = Counter()
        self.actors: dict[str, list[str]] = {}
        self.evidence_serial = 0
        # Sources do not exist yet when places and actors are made; they are cited once they do.
        self.pending: list[tuple[Node, TurtleFile, str]] = []
        self.actor_nodes: list[tuple[str, Node, str]] = []

    # -- helpers

    @property
    def triples(self) -> int:
        return sum(f.triples for f in self.files.values())

    def name(self, words: int = 1) -> str:
        """A unique synthetic name: serial number spelled in syllables."""
        parts = []
        for _ in range(words):
            self.serial += 1
            # Base-24 digits of a number >= 24**2: at least three syllables, and distinct serials never clash.
            n, syllables = self.serial + len(SYLLABLES) ** 2, []
            while n:
                n, digit = divmod(n, len(SYLLABLES))
                syllables.append(SYLLABLES[digit])
            parts.append("".join(syllables).capitalize())
        return " ".join(parts)

    @staticmethod
    def slug(text: str) -> str:
        return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")

    def pick(self, items):
        return items[self.rng.randrange(len(items))]

    def date(self, first_year: int, last_year: int, precision: str | None = None) -> tuple[str, str, str]:
        """(lexical form, xsd datatype, time: unit) at day, month or year precision."""
        year = self.rng.randint(first_year, last_year)
        precision = precision or self.rng.choices(["day", "month", "year"], weights=[7, 2, 1])[0]
        if precision == "year":
            return f"{year}", "gYear", "time:unitYear"
        month = self.rng.randint(1, 12)
        if precision == "month":
            return f"{year}-{month:02d}", "gYearMonth", "time:unitMonth"
        return f"{year}-{month:02d}-{self.rng.randint(1, 28):02d}", "date", "time:unitDay"

    def evidence(self, node: Node, file: TurtleFile, about: str, source: str | None = None) -> None:
        """Give `node` an evidence node (one source, a short synthetic quote) in the same file."""
        self.evidence_serial += 1
        iri = f"ev:x{self.evidence_serial:07d}"
        node.add("balkg:evidence", iri)
        source = source or self.pick(self.sources)
        file.write(Node(iri).add("a", "balkg:Evidence").add("balkg:source", source)
                   .add("balkg:quote", lit(f"Synthetic report {self.evidence_serial} on {about}.", None)))

    def should_plant(self) -> bool:
        return self.rate > 0 and self.rng.random() < self.rate

    def plant_kind(self, cls: str) -> str:
        """The kind planted least so far among those that fit the class: kinds stay balanced."""
        planted = Counter(item["kind"] for item in self.planted)
        return min((k for k, spec in KINDS.items() if cls in spec["fits"]), key=lambda k: planted[k])

    def statement(self, node: Node, cls: str, file: TurtleFile, about: str, kind: str | None,
                  path: str | None = None, term: str | None = None, value: str | None = None) -> None:
        """Write a statement node with its evidence (unless the planted kind removes it)."""
        self.statements[cls] += 1
        if kind != "missing-evidence":
            self.evidence(node, file, about)
        line = file.write(node)
        if kind:
            item = {"kind": kind, "focus": expand(node.subject), "class": f"balkg:{cls}",
                    "file": f"data/ttl/{file.name}.ttl", "line": line}
            if path:
                item["path"] = path
            if term:
                item["term"] = term
            if value:
                item["value"] = value
            self.planted.append(item)

    def typo(self, node: Node) -> tuple[str, str]:
        term = "balkg:" + self.pick(TYPOS)
        node.add(term, self.pick(self.actors["ArmedGroup"]))
        return term, expand(term)

    # -- scaffolding: places, actors, sources

    def build(self) -> None:
        scale = max(1, self.target // 1000)
        self.places(scale)
        self.make_actors(scale)
        self.make_sources(scale)
        self.legal_instruments()
        self.fill_actors()
        makers = [(self.event, 6), (self.designation, 2), (self.membership, 2), (self.accusation, 1),
                  (self.quotation, 1)]
        functions, weights = zip(*makers)
        while self.triples < self.target:
            self.rng.choices(functions, weights=weights)[0]()

    def places(self, scale: int) -> None:
        f = self.files["places"]
        self.countries, self.provinces, self.districts, self.towns = [], [], [], []
        levels = [("Country", max(2, scale // 20), None, self.countries, "Land of {}"),
                  ("Province", max(3, scale // 6), self.countries, self.provinces, "{} Province"),
                  ("District", max(6, scale * 2 // 3), self.provinces, self.districts, "{} District"),
                  ("Town", max(10, scale * 2), self.districts, self.towns, "{}")]
        for cls, count, parents, into, pattern in levels:
            for _ in range(count):
                label = pattern.format(self.name())
                node = Node(f"place:{self.slug(label)}").add("a", f"balkg:{cls}").add("skos:prefLabel", lit(label))
                node.add("skos:altLabel", lit(label.replace("o", "oo", 1)))
                if parents:
                    node.add("balkg:locatedIn", self.pick(parents))
                into.append(node.subject)
                self.pending.append((node, f, label))

    def make_actors(self, scale: int) -> None:
        plan = [("State", max(3, scale // 10), "Republic of {}"),
                ("GovernmentAgency", max(3, scale // 5), "{} Interior Ministry"),
                ("MilitaryUnit", max(2, scale // 8), "{} Rangers"),
                ("ArmedGroup", max(6, scale), "{} Liberation Front"),
                ("Alliance", max(2, scale // 8), "{} United Council"),
                ("MediaOrganisation", max(3, scale // 5), "The {} Courier"),
                ("Person", max(10, scale * 2), "{}")]
        for cls, count, pattern in plan:
            self.actors[cls] = []
            for _ in range(count):
                label = pattern.format(self.name(2 if cls == "Person" else 1))
                node = Node(f"actor:{self.slug(label)}").add("a", f"balkg:{cls}").add("skos:prefLabel", lit(label))
                self.actors[cls].append(node.subject)
                self.actor_nodes.append((cls, node, label))
        self.actors["Organisation"] = [a for cls, nodes in self.actors.items() if cls != "Person" for a in nodes]
        self.actors["Claimant"] = (self.actors["State"] + self.actors["GovernmentAgency"] + self.actors["ArmedGroup"]
                                   + self.actors["MediaOrganisation"])
        # News outlets report attributions; they are not attributors (check attributed-by-a-news-outlet).
        self.actors["Attributor"] = self.actors["State"] + self.actors["GovernmentAgency"] + self.actors["ArmedGroup"]

    def make_sources(self, scale: int) -> None:
        f = self.files["sources"]
        self.sources = []
        for _ in range(max(10, scale * 3)):
            n = len(self.sources) + 1
            iri = f"src:article-{n:06d}"
            published = self.date(2020, 2024, "day")[0]
            node = (Node(iri).add("a", "balkg:Article").add("dcterms:title", lit(f"Synthetic dispatch {n}", None))
                    .add("dcterms:publisher", self.pick(self.actors["MediaOrganisation"]))
                    .add("dcterms:creator", self.pick(self.actors["Person"]))
                    .add("balkg:publicationDate", typed(published, "date"))
                    .add("balkg:url", typed(f"https://example.org/synthetic/{n}", "anyURI")))
            self.sources.append(iri)
            f.write(node)

    def legal_instruments(self) -> None:
        f = self.files["sources"]
        self.legal = []
        for state in self.actors["State"]:
            for n in range(2):
                label = f"{self.name()} Security Act"
                iri = f"legal:{self.slug(label)}"
                f.write(Node(iri).add("a", "balkg:LegalInstrument").add("skos:prefLabel", lit(label))
                        .add("balkg:jurisdiction", state))
                self.legal.append((iri, state))

    def fill_actors(self) -> None:
        """Attributes and evidence of actors and places, now that sources exist."""
        f = self.files["actors"]
        for node, file, about in self.pending:
            self.evidence(node, file, about)
            file.write(node)
        for cls, node, label in self.actor_nodes:
            if cls == "Person":
                node.add("balkg:position", lit(f"spokesperson no. {self.serial % 97}"))
                node.add("balkg:affiliation", self.pick(self.actors["Organisation"]))
                node.add("balkg:nationality", self.pick(self.actors["State"]))
            else:
                node.add("skos:altLabel", lit(label.upper(), "en"))
                node.add("balkg:basedIn", self.pick(self.towns))
                node.add("balkg:description", lit(f"A synthetic {cls} for benchmarks."))
            if cls == "State":
                node.add("balkg:territory", self.pick(self.countries))
            if cls == "ArmedGroup":
                node.add("balkg:ideology", "ideology:" + self.pick(IDEOLOGIES))
                founded = self.date(1980, 1999, "year")[0]
                node.add("balkg:foundingDate", typed(founded, "gYear"))
                if self.rng.random() < 0.2:
                    node.add("balkg:dissolutionDate", typed(str(self.rng.randint(2000, 2019)), "gYear"))
            if cls == "MilitaryUnit":
                node.add("balkg:partOf", self.pick(self.actors["State"]))
            self.evidence(node, f, label)
            f.write(node)

    # -- statements

    def designation(self) -> None:
        f = self.files["designations"]
        iri = f"desig:d{self.statements['Designation'] + 1:07d}"
        kind = self.plant_kind("Designation") if self.should_plant() else None
        group = self.pick(self.actors["ArmedGroup"])
        legal, state = self.pick(self.legal)
        node = (Node(iri).add("a", "balkg:Designation").add("balkg:designatedActor", group)
                .add("balkg:designatingAuthority", state).add("balkg:legalBasis", legal))
        path = term = None
        node.add("balkg:designationType", "dtype:" + ("synthetic-watchlist" if kind == "unknown-designation-type"
                                                      else self.pick(DESIGNATION_TYPES)))
        if kind == "unknown-designation-type":
            path = "balkg:designationType"
        value, datatype, _ = self.date(2000, 2019)
        if kind == "wrong-datatype":
            value = f"on the {self.rng.randint(1, 28)}th day"
            node.add("balkg:listingDate", lit(value, None))
            path = "balkg:listingDate"
        else:
            node.add("balkg:listingDate", typed(value, datatype))
        if self.rng.random() < 0.3:
            node.add("balkg:listedAlias", lit(f"{self.name()} Brigade", None))
        if kind == "undeclared-property":
            path, term = self.typo(node)
        # pyshacl also reports the wrong value itself as the focus of the nested shape it fails.
        wrong = {"wrong-datatype": value, "unknown-designation-type": expand("dtype:synthetic-watchlist")}.get(kind)
        self.statement(node, "Designation", f, f"a listing of {group}", kind, path, term, wrong)

    def membership(self) -> None:
        f = self.files["memberships"]
        iri = f"mem:m{self.statements['Membership'] + 1:07d}"
        kind = self.plant_kind("Membership") if self.should_plant() else None
        member = self.pick(self.actors["ArmedGroup"])
        node = (Node(iri).add("a", "balkg:Membership").add("org:member", member)
                .add("org:organization", self.pick(self.actors["Alliance"]))
                .add("balkg:membershipRole", "mrole:" + self.pick(MEMBERSHIP_ROLES)))
        begin = self.rng.randint(2000, 2015)
        path = None
        if kind == "precision-mismatch":
            node.add("balkg:beginDate", typed(str(begin), "gYear")).add("balkg:beginPrecision", "time:unitDay")
            path = "balkg:beginPrecision"
        else:
            node.add("balkg:beginDate", typed(str(begin), "gYear")).add("balkg:beginPrecision", "time:unitYear")
        if kind == "end-before-start":
            node.add("balkg:endDate", typed(str(begin - self.rng.randint(1, 5)), "gYear"))
            node.add("balkg:endPrecision", "time:unitYear")
            path = "balkg:endDate"
        elif self.rng.random() < 0.3:
            node.add("balkg:endDate", typed(str(begin + self.rng.randint(0, 4)), "gYear"))
            node.add("balkg:endPrecision", "time:unitYear")
        self.statement(node, "Membership", f, f"the membership of {member}", kind, path)

    def event(self) -> None:
        f = self.files["events"]
        number = self.statements["Event"] + 1
        iri = f"event:e{number:07d}"
        kind = self.plant_kind("Event") if self.should_plant() else None
        place = self.pick(self.towns)
        label = f"Synthetic incident {number} near {place.split(':')[1].replace('-', ' ').title()}"
        etype = self.pick(EVENT_TYPES)
        node = Node(iri).add("a", "balkg:Event").add("skos:prefLabel", lit(label)).add("balkg:eventType", f"etype:{etype}")
        value, datatype, unit = self.date(2000, 2019)
        path = term = None
        if kind == "precision-mismatch":
            wrong = {"time:unitDay": "time:unitYear", "time:unitMonth": "time:unitDay", "time:unitYear": "time:unitMonth"}
            unit, path = wrong[unit], "balkg:beginPrecision"
        node.add("balkg:beginDate", typed(value, datatype)).add("balkg:beginPrecision", unit)
        has_end = datatype == "date" and (kind == "end-before-start" or self.rng.random() < 0.25)
        if has_end:
            shift = self.rng.randint(2, 20) * (-1 if kind == "end-before-start" else 1)
            end = dt.date.fromisoformat(value) + dt.timedelta(days=shift)
            node.add("balkg:endDate", typed(end.isoformat(), "date")).add("balkg:endPrecision", "time:unitDay")
            if kind == "end-before-start":
                path = "balkg:endDate"
        elif kind == "end-before-start":  # begin was not a day: make it one, then end earlier
            node.pairs = [(p, o) for p, o in node.pairs if p not in ("balkg:beginDate", "balkg:beginPrecision")]
            begin = dt.date(self.rng.randint(2000, 2019), self.rng.randint(1, 12), self.rng.randint(10, 28))
            node.add("balkg:beginDate", typed(begin.isoformat(), "date")).add("balkg:beginPrecision", "time:unitDay")
            node.add("balkg:endDate", typed((begin - dt.timedelta(days=3)).isoformat(), "date"))
            node.add("balkg:endPrecision", "time:unitDay")
            path = "balkg:endDate"
        node.add("balkg:place", place)
        if number > 1 and self.rng.random() < 0.1:
            node.add("balkg:subEventOf", f"event:e{self.rng.randint(1, number - 1):07d}")
        if kind == "undeclared-property":
            path, term = self.typo(node)
        parts = [self.participation(iri, role) for role in ["perpetrator", "target"] + (["responder"] if self.rng.random() < 0.3 else [])]
        for part in parts:
            node.add("balkg:participation", part)
        self.statement(node, "Event", f, label, kind, path, term)
        for _ in range(self.rng.randint(1, 3)):
            self.quantitative_claim(iri, label)
        if not has_end and self.rng.random() < 0.3:
            for _ in range(2):  # sources disagree on when it ended: one date claim per version
                self.date_claim(iri, label)

    def participation(self, event: str, role: str) -> str:
        f = self.files["events"]
        iri = f"part:p{self.statements['Participation'] + 1:07d}"
        kind = self.plant_kind("Participation") if self.should_plant() else None
        node = Node(iri).add("a", "balkg:Participation").add("balkg:role", f"prole:{role}")
        path = term = None
        if role == "perpetrator":
            node.add("balkg:participant", self.pick(self.actors["ArmedGroup"]))
            node.add("balkg:responsibility", "resp:" + self.pick(["claimed", "attributed"]))
            node.add("balkg:attributedBy", self.pick(self.actors["Attributor"]))
        elif role == "target":
            if self.rng.random() < 0.5:
                node.add("balkg:participant", self.pick(self.actors["MilitaryUnit"] + self.actors["GovernmentAgency"]))
            else:
                node.add("balkg:targetDescription", lit(f"a synthetic depot no. {self.rng.randint(1, 999)}"))
            node.add("balkg:targetCategory", "tcat:" + self.pick(TARGET_CATEGORIES))
        else:
            node.add("balkg:participant", self.pick(self.actors["MilitaryUnit"]))
        if kind == "undeclared-property":
            path, term = self.typo(node)
        self.statement(node, "Participation", f, f"a {role} of {event.split(':')[1]}", kind, path, term)
        return iri

    def quantitative_claim(self, event: str, label: str) -> None:
        f = self.files["claims"]
        iri = f"claim:q{self.statements['QuantitativeClaim'] + 1:07d}"
        kind = self.plant_kind("QuantitativeClaim") if self.should_plant() else None
        node = Node(iri).add("a", "balkg:QuantitativeClaim")
        path = term = None
        if kind == "missing-claimant":
            path = "balkg:claimant"
        else:
            node.add("balkg:claimant", self.pick(self.actors["Claimant"]))
        node.add("balkg:about", event).add("balkg:measure", "measure:" + self.pick(MEASURES))
        node.add("balkg:category", "ccat:" + self.pick(CLAIM_CATEGORIES))
        figure = self.rng.randint(1, 120)
        if kind == "wrong-datatype":
            node.add("balkg:figure", lit(f"{figure} or so", None))
            path, wrong = "balkg:figure", f"{figure} or so"
        else:
            node.add("balkg:figure", typed(str(figure), "integer"))
        node.add("balkg:qualifier", "qual:" + self.pick(QUALIFIERS)).add("balkg:unit", "unit:persons")
        if kind == "undeclared-property":
            path, term = self.typo(node)
        self.statement(node, "QuantitativeClaim", f, label, kind, path, term,
                       wrong if kind == "wrong-datatype" else None)

    def date_claim(self, event: str, label: str) -> None:
        f = self.files["claims"]
        iri = f"claim:dc{self.statements['DateClaim'] + 1:07d}"
        kind = self.plant_kind("DateClaim") if self.should_plant() else None
        node = Node(iri).add("a", "balkg:DateClaim").add("balkg:about", event).add("balkg:dateOf", "balkg:endDate")
        path = None
        if kind == "missing-claimant":
            path = "balkg:claimant"
        else:
            node.add("balkg:claimant", self.pick(self.actors["Claimant"]))
        if kind == "wrong-datatype":
            node.add("balkg:claimedDate", lit("late that spring", None))
            path = "balkg:claimedDate"
        else:
            value, datatype, _ = self.date(2019, 2019)
            node.add("balkg:claimedDate", typed(value, datatype))
        self.statement(node, "DateClaim", f, label, kind, path, None,
                       "late that spring" if kind == "wrong-datatype" else None)

    def accusation(self) -> None:
        f = self.files["accusations"]
        iri = f"acc:a{self.statements['Accusation'] + 1:07d}"
        kind = self.plant_kind("Accusation") if self.should_plant() else None
        denied = self.rng.random() < 0.3
        accused = self.pick(self.actors["State"])
        node = Node(iri).add("a", "balkg:Accusation")
        path = term = None
        if kind == "missing-claimant":
            path = "balkg:claimant"
        else:
            node.add("balkg:claimant", self.pick([s for s in self.actors["State"] if s != accused]))
        node.add("balkg:accused", accused).add("balkg:allegedBeneficiary", self.pick(self.actors["ArmedGroup"]))
        node.add("balkg:allegedRelation", "rel:" + self.pick(RELATIONS))
        node.add("balkg:status", "status:denied" if denied else "status:alleged")
        node.add("balkg:topic", lit(f"synthetic allegation {self.statements['Accusation'] + 1}"))
        node.add("balkg:date", typed(*self.date(2005, 2019, "day")[:2]))
        if kind == "undeclared-property":
            path, term = self.typo(node)
        self.statement(node, "Accusation", f, f"an allegation against {accused}", kind, path, term)
        if denied:
            self.denial(iri, accused)

    def denial(self, accusation: str, accused: str) -> None:
        f = self.files["accusations"]
        iri = f"acc:n{self.statements['Denial'] + 1:07d}"
        kind = self.plant_kind("Denial") if self.should_plant() else None
        node = Node(iri).add("a", "balkg:Denial").add("balkg:claimant", accused).add("balkg:denies", accusation)
        self.statement(node, "Denial", f, f"a denial by {accused}", kind)

    def quotation(self) -> None:
        f = self.files["accusations"]
        iri = f"quote:u{self.statements['Quotation'] + 1:07d}"
        kind = self.plant_kind("Quotation") if self.should_plant() else None
        node = Node(iri).add("a", "balkg:Quotation")
        path = None
        if kind == "missing-claimant":
            path = "balkg:claimant"
        else:
            node.add("balkg:claimant", self.pick(self.actors["Person"]))
        node.add("balkg:about", self.pick(self.actors["ArmedGroup"]))
        self.statement(node, "Quotation", f, "a quoted remark", kind, path)


def expand(qname: str) -> str:
    prefix, _, local = qname.partition(":")
    return PREFIXES[prefix] + local


# ---------------------------------------------------------------- the graph root

def write_root(out: Path, generator: Generator, seed: int, rate: float) -> dict:
    """Write balkg.toml, copies of ontology/shapes/queries, the data files and the manifest."""
    if out.exists():
        shutil.rmtree(out)
    (out / "data" / "ttl").mkdir(parents=True)
    shutil.copy(REPO / "balkg.toml", out / "balkg.toml")
    for part in ("ontology", "shapes", "queries"):
        if (REPO / part).is_dir():
            shutil.copytree(REPO / part, out / part)
    files = {}
    for name, turtle in generator.files.items():
        (out / "data" / "ttl" / f"{name}.ttl").write_text(turtle.text(), encoding="utf-8")
        files[f"data/ttl/{name}.ttl"] = turtle.triples
    counts = Counter(item["kind"] for item in generator.planted)
    manifest = {
        "generator": "benchmarks/generate.py",
        "seed": seed,
        "target_triples": generator.target,
        "data_triples": generator.triples,
        "violation_rate": rate,
        "files": files,
        "statement_nodes": dict(sorted(generator.statements.items())),
        "statement_total": sum(generator.statements.values()),
        "planted_counts": {kind: counts.get(kind, 0) for kind in KINDS},
        "planted_total": len(generator.planted),
        "detected_by": {kind: spec["detected_by"] for kind, spec in KINDS.items()},
        "planted": generator.planted,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def generate(triples: int, seed: int = 1, violations: float = 0.01, out: Path | None = None) -> dict:
    """Generate a graph root of about `triples` data triples; return its manifest."""
    generator = Generator(triples, seed, violations)
    generator.build()
    out = Path(out) if out else DEFAULT_OUT / size_label(triples)
    return write_root(out, generator, seed, violations)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=parse_size, default=parse_size("10k"),
                        help="approximate number of data triples: 10k, 100k, 1M… (default 10k)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--violations", type=float, default=0.01,
                        help="share of statement nodes with a planted violation (default 0.01)")
    parser.add_argument("--out", type=Path, help="graph root to write (default benchmarks/data/<size>)")
    args = parser.parse_args(argv)
    if not 0 <= args.violations <= 1:
        parser.error("--violations is a share between 0 and 1")
    manifest = generate(args.triples, args.seed, args.violations, args.out)
    out = args.out or DEFAULT_OUT / size_label(args.triples)
    print(f"{out}: {manifest['data_triples']} data triples, {manifest['statement_total']} statements, "
          f"{manifest['planted_total']} planted violations {manifest['planted_counts']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
