"""OWL 2 DL reasoning with HermiT through owlready2: consistency and unsatisfiable classes.

HermiT needs a Java runtime. Literals whose datatypes lie outside the OWL 2
datatype map (xsd:date, xsd:gYear…) are ignored by HermiT, as they carry no
axioms the graph relies on.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import owlready2
import pyoxigraph as ox

from ..errors import EnvironmentProblem
from ..rdf import OWL, OWL_DISJOINT, OWL_NOTHING, RDF_TYPE, RDFS_SUBCLASS, reachable
from .findings import Finding

# HermiT through owlready2 took 13 s at 10k triples and 62 s at 100k (2 cores, loaded); beyond a few
# hundred thousand it needs many minutes and gigabytes, so --reason refuses rather than run for an hour.
MAX_TRIPLES = 250_000


def java_available() -> bool:
    return shutil.which(owlready2.JAVA_EXE) is not None or Path(owlready2.JAVA_EXE).is_file()


def require_java() -> None:
    """Stop before any work when HermiT cannot run."""
    if not java_available():
        raise EnvironmentProblem("--reason needs a Java runtime (java not found); "
                                 "install one, e.g. apt-get install default-jre-headless")


def reason(ontology_triples, data_files, label_of, locate) -> list[Finding]:
    """Classify ontology + data with HermiT; return findings for inconsistency and unsatisfiable classes.

    `data_files` is a list of (display name, triples). `label_of(iri)` and `locate(iri)`
    (-> (file, line)) come from the caller, which knows the files. When the whole is
    inconsistent, each data file is reasoned over with the ontology alone, to name the
    files at fault and the individuals typed with disjoint classes.
    """
    findings = _classify(list(ontology_triples) + [t for _, ts in data_files for t in ts], label_of, locate)
    if findings and findings[0].component == "Inconsistency":
        return _explain_inconsistency(list(ontology_triples), data_files, label_of, locate) or findings
    return findings


def _explain_inconsistency(ontology_triples, data_files, label_of, locate) -> list[Finding]:
    alone = _classify(ontology_triples, label_of, locate)
    if alone and alone[0].component == "Inconsistency":
        return []
    disjoint = _disjoint_pairs(ontology_triples)
    findings = []
    for display, triples in data_files:
        found = _classify(list(ontology_triples) + list(triples), label_of, locate)
        if not (found and found[0].component == "Inconsistency"):
            continue
        culprits = _individuals_in_disjoint_classes(triples, disjoint)
        if not culprits:
            findings.append(Finding(
                stage="reasoning", severity="Violation", component="Inconsistency", file=display,
                message="this file makes the ontology and data inconsistent (OWL 2 DL, HermiT)",
                expected="a consistent ontology and data", found="inconsistent"))
        for iri, classes in sorted(culprits.items()):
            a, b = sorted(classes, key=lambda c: label_of(c) or c)
            file, line = locate(iri)
            findings.append(Finding(
                stage="reasoning", severity="Violation", component="Inconsistency",
                file=file or display, line=line, focus=iri, focus_label=label_of(iri),
                message=f"{label_of(iri) or iri} is an instance of both {label_of(a) or a} and {label_of(b) or b}, "
                        f"which the ontology declares disjoint: the graph is inconsistent",
                expected="instances of disjoint classes to be distinct", found="inconsistent"))
    return findings


def _disjoint_pairs(ontology_triples) -> tuple[dict[str, set[str]], set[frozenset]]:
    parents: dict[str, set[str]] = {}
    pairs: set[frozenset] = set()
    for t in ontology_triples:
        p = t.predicate.value
        if p == RDFS_SUBCLASS and hasattr(t.object, "value"):
            parents.setdefault(t.subject.value, set()).add(t.object.value)
        elif p == OWL_DISJOINT and hasattr(t.object, "value"):
            pairs.add(frozenset((t.subject.value, t.object.value)))
    return parents, pairs


def _individuals_in_disjoint_classes(triples, disjoint) -> dict[str, tuple[str, str]]:
    parents, pairs = disjoint
    types: dict[str, set[str]] = {}
    for t in triples:
        if t.predicate.value == RDF_TYPE and hasattr(t.object, "value"):
            types.setdefault(t.subject.value, set()).add(t.object.value)
    culprits = {}
    for individual, classes in types.items():
        closure = {c: reachable(c, parents) for c in classes}
        for pair in sorted(pairs, key=sorted):
            a, b = sorted(pair)
            holders_a = sorted(c for c, anc in closure.items() if a in anc)
            holders_b = sorted(c for c, anc in closure.items() if b in anc)
            if holders_a and holders_b:
                culprits[individual] = (holders_a[0], holders_b[0])
                break
    return culprits


def _classify(triples, label_of, locate) -> list[Finding]:
    require_java()
    with tempfile.TemporaryDirectory(prefix="balkg-owl-") as tmp:
        path = Path(tmp) / "merged.nt"
        # Every module is already among the triples: owlready2 must not fetch owl:imports from the web.
        kept = [t for t in triples if t.predicate.value != OWL + "imports"]
        path.write_bytes(ox.serialize(kept, format=ox.RdfFormat.N_TRIPLES))
        world = owlready2.World()
        onto = world.get_ontology(path.as_uri()).load(format="ntriples")
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, debug=0, ignore_unsupported_datatypes=True)
        except owlready2.OwlReadyInconsistentOntologyError:
            return [Finding(
                stage="reasoning", severity="Violation", component="Inconsistency",
                message="the ontology together with the data is inconsistent (OWL 2 DL, HermiT): "
                        "some individual belongs to disjoint classes or breaks an axiom",
                expected="a consistent ontology and data", found="inconsistent",
            )]
        except owlready2.OwlReadyJavaError as exc:
            raise EnvironmentProblem(f"HermiT failed: {_first_line(str(exc))}") from None
        findings = []
        for cls in world.inconsistent_classes():
            iri = cls.iri
            if iri == OWL_NOTHING:
                continue
            file, line = locate(iri)
            findings.append(Finding(
                stage="reasoning", severity="Violation", component="UnsatisfiableClass",
                message=f"class {label_of(iri) or iri} is unsatisfiable: no individual can belong to it",
                file=file, line=line, focus=iri, focus_label=label_of(iri),
                expected="a satisfiable class", found="equivalent to owl:Nothing",
            ))
        return findings


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip() and "Java error message" not in line:
            return line.strip()[:200]
    return text.strip()[:200]
