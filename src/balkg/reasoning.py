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

from .errors import EnvironmentProblem
from .findings import Finding


def java_available() -> bool:
    return shutil.which(owlready2.JAVA_EXE) is not None or Path(owlready2.JAVA_EXE).is_file()


def reason(triples, label_of, locate) -> list[Finding]:
    """Classify ontology + data with HermiT; return findings for inconsistency and unsatisfiable classes.

    `label_of(iri)` and `locate(iri)` (-> (file, line)) come from the caller, which knows the files.
    """
    if not java_available():
        raise EnvironmentProblem("--reason needs a Java runtime (java not found); install one, e.g. apt-get install default-jre-headless")
    with tempfile.TemporaryDirectory(prefix="balkg-owl-") as tmp:
        path = Path(tmp) / "merged.nt"
        path.write_bytes(ox.serialize([t for t in triples], format=ox.RdfFormat.N_TRIPLES))
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
