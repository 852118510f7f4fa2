"""The ontology against the OWL API 5 (Debian libowlapi-java): OWL 2 DL profile and offline imports.

`tests/java/OwlCheck.java` is compiled with javac once per session and run on the
shipped files. `.ci/run` installs libowlapi-java and sets BALKG_REQUIRE_OWLAPI=1, so
CI fails rather than skips when the OWL API is missing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from balkg.cli import cli
from balkg.layout import load_layout

REPO = Path(__file__).resolve().parents[1]
JAVA_SOURCE = REPO / "tests" / "java" / "OwlCheck.java"
JAR_DIR = Path("/usr/share/java")
# owlapi-distribution and what libowlapi-java depends on, as Debian names the jars.
JARS = ["owlapi-distribution", "guava", "caffeine", "commons-io", "commons-codec", "commons-logging",
        "commons-rdf-api", "slf4j-api", "jsr305", "hppcrt", "httpclient", "httpcore", "jackson-core",
        "jackson-databind", "jackson-annotations", "xz", "atinject-jsr330-api"]
REQUIRE_ENV = "BALKG_REQUIRE_OWLAPI"
# The one documented departure of the data from OWL 2 DL (README, "OWL 2 profile"):
# dates at the precision the sources give, in XSD types the OWL 2 datatype map lacks.
DATE_DATATYPES = {"xsd:date", "xsd:gYear", "xsd:gYearMonth"}
DATE_VIOLATIONS = {"UseOfUndeclaredDatatype", "UseOfDefinedDatatypeInLiteral"}

pytestmark = pytest.mark.java


def _classpath() -> str | None:
    jars = [JAR_DIR / f"{name}.jar" for name in JARS] + sorted(JAR_DIR.glob("rdf4j-*[a-z].jar"))
    if not all(j.is_file() for j in jars):
        return None
    return os.pathsep.join(str(j) for j in jars)


@pytest.fixture(scope="session")
def owlcheck(tmp_path_factory):
    """A function running OwlCheck with arguments; returns (exit code, stdout lines)."""
    classpath = _classpath()
    missing = None if classpath else "the OWL API jars (apt-get install libowlapi-java)"
    if not missing and not (shutil.which("javac") and shutil.which("java")):
        missing = "a JDK (javac)"
    if missing:
        if os.environ.get(REQUIRE_ENV):
            pytest.fail(f"the OWL API is required here ({REQUIRE_ENV} is set) but {missing} is missing")
        pytest.skip(f"needs {missing}")
    classes = tmp_path_factory.mktemp("owlcheck")
    subprocess.run(["javac", "-nowarn", "-cp", classpath, "-d", str(classes), str(JAVA_SOURCE)],
                   check=True, capture_output=True, text=True)

    def run(*args) -> tuple[int, list[str]]:
        # No proxy and a dead one configured: a load that tried the network would fail, not hang.
        proc = subprocess.run(
            ["java", "-Dhttp.proxyHost=127.0.0.1", "-Dhttp.proxyPort=9", "-Dhttps.proxyHost=127.0.0.1",
             "-Dhttps.proxyPort=9", "-cp", f"{classes}{os.pathsep}{classpath}", "OwlCheck", *map(str, args)],
            capture_output=True, text=True, timeout=300)
        return proc.returncode, proc.stdout.splitlines()

    return run


def _ontology_iris(layout) -> dict[str, str]:
    """Ontology IRI -> file name, for every Turtle file of ontology/."""
    found = {}
    for path in layout.ontology_files():
        for t in ox.parse(path=str(path)):
            if t.predicate.value.endswith("#type") and t.object.value == "http://www.w3.org/2002/07/owl#Ontology":
                found[t.subject.value] = path.name
    return found


def test_the_ontology_alone_is_owl2_dl(owlcheck):
    layout = load_layout(REPO)
    code, out = owlcheck("profile", *layout.ontology_files())
    assert out[-1].startswith("OWL 2 DL violations: 0 "), "\n".join(out)
    assert code == 0


def test_with_the_data_the_only_departures_are_the_documented_date_datatypes(owlcheck):
    layout = load_layout(REPO)
    code, out = owlcheck("profile", *layout.ontology_files(), *layout.data_files())
    violations = [line for line in out[1:-1]]
    assert code == 1 and violations, "the data has xsd:date literals: the checker must see them"
    kinds = {line.split(":", 1)[0] for line in violations}
    assert kinds <= DATE_VIOLATIONS, "\n".join(v for v in violations if v.split(":", 1)[0] not in DATE_VIOLATIONS)
    datatypes = {m.group(0).split("^^")[-1] for line in violations
                 for m in [re.search(r"\^\^xsd:\w+|datatype: xsd:\w+", line)] if m}
    datatypes = {d.replace("datatype: ", "") for d in datatypes}
    assert datatypes <= DATE_DATATYPES, datatypes - DATE_DATATYPES


def test_the_profile_check_catches_reserved_vocabulary_used_as_a_class(owlcheck, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
                   "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                   "<urn:x:o> a owl:Ontology .\n"
                   "<urn:x:dateOf> a owl:ObjectProperty ; rdfs:range owl:DatatypeProperty .\n")
    code, out = owlcheck("profile", bad)
    assert code == 1
    assert any(line.startswith("UseOfReservedVocabularyForClassIRI") for line in out), out


def test_the_catalog_lists_every_module(owlcheck):
    layout = load_layout(REPO)
    catalog = ElementTree.parse(layout.ontology_dir / "catalog-v001.xml").getroot()
    entries = {e.get("name"): e.get("uri") for e in catalog.iter("{urn:oasis:names:tc:entity:xmlns:xml:catalog}uri")}
    assert entries == _ontology_iris(layout)


def test_the_top_ontology_and_each_module_load_offline_through_the_catalog(owlcheck):
    layout = load_layout(REPO)
    modules = _ontology_iris(layout)
    top = layout.ontology_iri
    code, out = owlcheck("catalog", layout.ontology_dir, top, *sorted(m for m in modules if m != top))
    assert code == 0, "\n".join(out)
    loaded = [line.strip().split() for line in out if line.startswith("  loaded ")]
    first = out.index(next(line for line in out if line.startswith(f"{top}:")))
    top_loaded = {words[1]: words[3] for words in (line.strip().split() for line in out[first + 1:first + 1 + len(modules)])}
    assert top_loaded == {iri: (layout.ontology_dir / name).resolve().as_uri().replace("file:///", "file:/")
                          for iri, name in modules.items()}
    assert all(words[3].startswith("file:") for words in loaded)
    assert out[-1] == "OWL 2 DL violations: 0"


@pytest.mark.parametrize("fmt", ["turtle", "rdfxml"])
def test_the_merged_export_is_one_owl2_dl_ontology(owlcheck, tmp_path, fmt):
    out_file = tmp_path / f"balkg-ontology.{fmt}"
    result = CliRunner().invoke(cli, ["--root", str(REPO), "export", "--ontology", "--format", fmt, "-o", str(out_file)])
    assert result.exit_code == 0, result.output
    code, out = owlcheck("profile", out_file)
    assert code == 0, "\n".join(out)
    layout = load_layout(REPO)
    _, catalog_out = owlcheck("catalog", layout.ontology_dir, layout.ontology_iri)
    catalog_classes = re.search(r"(\d+) classes", catalog_out[0]).group(1)
    assert out[0] == f"ontology: {layout.ontology_iri}, {catalog_classes} classes"


def test_the_merged_export_has_one_header_and_can_leave_the_schemes_out():
    layout = load_layout(REPO)
    runner = CliRunner()
    full = runner.invoke(cli, ["--root", str(REPO), "export", "--ontology", "--format", "nt"]).stdout_bytes
    lean = runner.invoke(cli, ["--root", str(REPO), "export", "--ontology", "--no-schemes", "--format", "nt"]).stdout_bytes
    owl_ontology = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/2002/07/owl#Ontology>"
    headers = [line for line in full.decode().splitlines() if owl_ontology in line]
    assert headers == [f"<{layout.ontology_iri}> {owl_ontology} ."]
    assert "owl#imports" not in full.decode()
    typed_concept = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/2004/02/skos/core#Concept>"
    assert typed_concept in full.decode() and typed_concept not in lean.decode()
    assert 0 < len(lean) < len(full)
    wrong = runner.invoke(cli, ["--root", str(REPO), "export", "--no-schemes"])
    assert wrong.exit_code == 2 and "--no-schemes only goes with --ontology" in wrong.output


def test_stock_hermit_classifies_the_ontology_alone(tmp_path):
    """Without owlready2's ignore_unsupported_datatypes, which balkg needs only for the data's date literals."""
    import owlready2

    from balkg.validation.reasoning import java_available

    if not java_available():
        pytest.skip("no Java runtime: HermiT cannot run")
    layout = load_layout(REPO)
    triples = [t for f in layout.ontology_files() for t in ox.parse(path=str(f))
               if t.predicate.value != "http://www.w3.org/2002/07/owl#imports"]
    path = tmp_path / "ontology.nt"
    path.write_bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
    world = owlready2.World()
    ontology = world.get_ontology(path.as_uri()).load(format="ntriples")
    with ontology:
        owlready2.sync_reasoner_hermit(world, debug=0)
    assert list(world.inconsistent_classes()) == []
