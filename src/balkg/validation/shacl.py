"""SHACL validation with pyshacl, and findings a person can act on.

The data graph is the data plus the ontology (which supplies the class
hierarchy and the concept schemes); inference is off unless asked for.
"""

from __future__ import annotations

from contextlib import contextmanager

import pyshacl
import rdflib
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor

from .. import rdf
from .findings import Finding

SH = rdflib.Namespace(rdf.SH)

_SEVERITY = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}

# What a constraint component expected, from the parameter the shape gave it.
_EXPECTATIONS = {
    "MinCountConstraintComponent": (SH.minCount, "at least {} value(s)"),
    "MaxCountConstraintComponent": (SH.maxCount, "at most {} value(s)"),
    "DatatypeConstraintComponent": (SH.datatype, "datatype {}"),
    "ClassConstraintComponent": (SH["class"], "an instance of {}"),
    "NodeKindConstraintComponent": (SH.nodeKind, "node kind {}"),
    "PatternConstraintComponent": (SH.pattern, "matching /{}/"),
    "MaxLengthConstraintComponent": (SH.maxLength, "at most {} characters"),
    "MinLengthConstraintComponent": (SH.minLength, "at least {} characters"),
    "HasValueConstraintComponent": (SH.hasValue, "the value {}"),
    "InConstraintComponent": (SH["in"], "one of {}"),
    "LanguageInConstraintComponent": (SH.languageIn, "a language in {}"),
    "QualifiedMinCountConstraintComponent": (SH.qualifiedMinCount, "at least {} conforming value(s)"),
}


def run_pyshacl(data: rdflib.Graph, shapes: rdflib.Graph, inference: str = "none") -> rdflib.Graph:
    """Validate and return the W3C SHACL validation report graph."""
    with _parse_each_sparql_text_once():
        _conforms, report, _text = pyshacl.validate(
            data, shacl_graph=shapes, inference=inference, advanced=True,
            allow_warnings=True, allow_infos=True, meta_shacl=False,
        )
    return report


# SHACL engines on rdflib graphs by name: (data graph, shapes graph, inference) -> the W3C validation
# report graph. To add one, add its function here. balkg's own engine (validation/shaclengine) reads
# the parsed triples and the store instead: stages.run_shacl calls it, and it is the default.
ENGINES = {"pyshacl": run_pyshacl}
ENGINE_NAMES = ("balkg", *ENGINES)
DEFAULT_ENGINE = "balkg"


@contextmanager
def _parse_each_sparql_text_once():
    """Let rdflib reuse the parsed form of a SPARQL text it has seen in this run.

    pyshacl sends a SPARQL-based constraint's text once per focus node, and rdflib
    parses it every time (about 90% of SHACL time on benchmarks/). A parsed query
    is reusable with other initial bindings, which is what rdflib's prepareQuery is for.
    """
    original = SPARQLProcessor.query
    prepared: dict = {}

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, frozenset((initNs or {}).items()))
            if key not in prepared:
                prepared[key] = translateQuery(parseQuery(strOrQuery), base, initNs)
            strOrQuery = prepared[key]
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    SPARQLProcessor.query = query
    try:
        yield
    finally:
        SPARQLProcessor.query = original


def findings_from_report(report: rdflib.Graph, data: rdflib.Graph, shapes: rdflib.Graph,
                         locate, label=None) -> list[Finding]:
    """Turn each sh:ValidationResult into a Finding; `locate(iri)` gives (file, line).

    `label(iri)` names a focus node; without it the label is looked up in `data`, which
    then only needs its prefixes otherwise.
    """
    label = label or (lambda node: label_of(data, node))
    findings = []
    # Only top-level results: those under sh:detail explain a top-level one and are not findings.
    top_level = [r for node in report.subjects(RDF.type, SH.ValidationReport) for r in report.objects(node, SH.result)]
    for result in top_level:
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        shape = report.value(result, SH.sourceShape)
        component = report.value(result, SH.sourceConstraintComponent)
        component_name = _local(component) if component else None
        messages = [str(m) for m in report.objects(result, SH.resultMessage)]
        file, line = locate(str(focus)) if isinstance(focus, rdflib.URIRef) else (None, None)
        findings.append(Finding(
            stage="shacl",
            severity=_SEVERITY.get(report.value(result, SH.resultSeverity), "Violation"),
            message=_best_message(messages),
            file=file, line=line,
            focus=str(focus) if focus is not None else None,
            focus_label=label(focus) if focus is not None else None,
            path=_path_text(report, path),
            expected=_expected(shapes, shape, component_name),
            found=_found_text(data, value),
            shape=_shape_name(shapes, shape),
            component=component_name,
        ))
    return findings


def label_of(graph: rdflib.Graph, node) -> str | None:
    if node is None:
        return None
    for prop in (SKOS.prefLabel, RDFS.label):
        labels = list(graph.objects(node, prop))
        english = [l for l in labels if getattr(l, "language", None) in ("en", None)]
        if english or labels:
            return str((english or labels)[0])
    return None


def _best_message(messages: list[str]) -> str:
    # pyshacl adds its own generic message next to the shape's sh:message; prefer the shape's.
    generic = ("Node ", "Value ", "Less than ", "More than ", "Focus node ", "Results ")
    specific = [m for m in messages if not m.startswith(generic)]
    return (specific or messages or ["constraint not met"])[0]


def _expected(shapes: rdflib.Graph, shape, component: str | None) -> str | None:
    if shape is None or component not in _EXPECTATIONS:
        if component == "SPARQLConstraintComponent":
            return str(shapes.value(shape, RDFS.label) or "") or None
        if component in ("NodeConstraintComponent", "OrConstraintComponent"):
            return _describe_node_constraint(shapes, shape)
        return None
    parameter, template = _EXPECTATIONS[component]
    value = shapes.value(shape, parameter)
    if value is None:
        return None
    if parameter == SH["in"]:
        value = ", ".join(_qname(shapes, v) for v in rdflib.collection.Collection(shapes, value))
        return template.format(value)
    return template.format(_qname(shapes, value))


def _describe_node_constraint(shapes: rdflib.Graph, shape) -> str | None:
    for node in shapes.objects(shape, SH.node):
        label = shapes.value(node, RDFS.label)
        if label:
            return str(label)
        for prop in shapes.objects(node, SH.property):
            if shapes.value(prop, SH.path) == SKOS.inScheme:
                return f"a concept of {_qname(shapes, shapes.value(prop, SH.hasValue))}"
    return None


def _shape_name(shapes: rdflib.Graph, shape) -> str | None:
    if shape is None:
        return None
    if isinstance(shape, rdflib.URIRef):
        return _qname(shapes, shape)
    parent = shapes.value(predicate=SH.property, object=shape) or shapes.value(predicate=SH.sparql, object=shape)
    path = shapes.value(shape, SH.path)
    if parent is not None:
        suffix = f" on {_qname(shapes, path)}" if path is not None else ""
        return _qname(shapes, parent) + suffix
    return None


def _path_text(report: rdflib.Graph, path) -> str | None:
    if path is None:
        return None
    if isinstance(path, rdflib.URIRef):
        return _qname(report, path)
    inverse = report.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _qname(report, inverse)
    return str(path)


def _found_text(data: rdflib.Graph, value) -> str | None:
    if value is None:
        return None
    if isinstance(value, rdflib.Literal):
        if value.language:
            return f'"{value}"@{value.language}'
        if value.datatype:
            return f'"{value}"^^{_qname(data, value.datatype)}'
        return f'"{value}"'
    return _qname(data, value)


def _qname(graph: rdflib.Graph, term) -> str:
    if isinstance(term, rdflib.URIRef):
        return rdf.shorten(str(term), {prefix: str(ns) for prefix, ns in graph.namespaces()})
    return str(term)


def _local(iri) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
