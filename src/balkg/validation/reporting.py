"""Validation reports for people (text), programs (JSON), RDF tools (the W3C SHACL report in Turtle) and code scanning (SARIF)."""

from __future__ import annotations

import json
from collections import Counter
from itertools import groupby

import rdflib
from rdflib.namespace import RDF, XSD

from .. import formats
from .findings import Finding, Report
from .sarif import to_sarif
from .shacl import SH

JSON_FIELDS = list(Finding.__dataclass_fields__)


def _sort_key(f: Finding):
    return (f.file or "~", f.line or 0, f.focus or "", f.severity != "Violation", f.stage, f.path or "")


MANY = 5   # findings of one shape from which the text report counts them before the list


def _shape_counts(findings: list[Finding]) -> list[str]:
    """One line per shape with many findings, most first, so a curator sees the pattern before the list."""
    counts = Counter(f.shape for f in findings if f.shape)
    return [f"{n} {severity_words(findings, shape)} of shape {shape}" for shape, n in counts.most_common() if n >= MANY]


def severity_words(findings: list[Finding], shape: str) -> str:
    kinds = sorted({f.severity.lower() for f in findings if f.shape == shape})
    return " and ".join(f"{kind}s" for kind in kinds)


def to_text(report: Report, infos: bool = True) -> str:
    """Findings grouped by file, then by focus node, with path:line, then a summary.

    With `infos` false, Info findings are left out of the list (the summary still counts them).
    """
    lines: list[str] = []
    findings = sorted((f for f in report.findings if infos or f.severity != "Info"), key=_sort_key)
    counted = _shape_counts(findings)
    if counted:
        lines.extend(counted + [""])
    for file, in_file in groupby(findings, key=lambda f: f.file):
        lines.append(file or "(not located in a file)")
        for _, about in groupby(in_file, key=lambda f: (f.line, f.focus)):
            about = list(about)
            first = about[0]
            where = first.location()
            focus = f" {first.focus}" if first.focus else ""
            label = f' "{first.focus_label}"' if first.focus_label else ""
            lines.append(f"  {where}:{focus}{label}")
            for f in about:
                path = f" {f.path}" if f.path else ""
                lines.append(f"    {f.severity} [{f.stage}]{path}: {f.message}")
                details = []
                if f.expected:
                    details.append(f"expected {f.expected}")
                if f.found:
                    details.append(f"found {f.found}")
                if f.shape:
                    details.append(f"shape {f.shape}")
                if details:
                    lines.append("      " + "; ".join(details))
        lines.append("")
    lines.extend(f"note: {n}" for n in report.notes)
    hidden = len(report.findings) - len(findings)
    if hidden:
        lines.append(f"note: {hidden} info finding{'s' if hidden != 1 else ''} not listed (-v lists them)")
    lines.append(report.summary_line())
    return "\n".join(lines) + "\n"


def to_json(report: Report) -> str:
    document = {
        "root": report.root,
        "conforms": report.conforms,
        "counts": report.counts(),
        "stages": report.stages,
        "files_checked": report.files_checked,
        "notes": report.notes,
        "findings": [f.to_dict() for f in sorted(report.findings, key=_sort_key)],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def to_turtle(report: Report) -> str:
    """The W3C SHACL validation report; findings of other stages are added as results too.

    As the Recommendation says, sh:conforms is true only when the report has no result at
    all: warnings and infos make it false. balkg's own verdict (violations fail; warnings
    with --fail-on warning) is the summary line and `conforms` of the JSON report.
    """
    graph = rdflib.Graph()
    graph.bind("sh", SH)
    if report.shacl_graph is not None:
        for prefix, ns in report.shacl_graph.namespaces():
            graph.bind(prefix, ns, override=False)
        for triple in report.shacl_graph:
            if triple[1] != SH.conforms:
                graph.add(triple)
    node = next(iter(graph.subjects(RDF.type, SH.ValidationReport)), None) or rdflib.BNode()
    graph.add((node, RDF.type, SH.ValidationReport))
    severity = {"Violation": SH.Violation, "Warning": SH.Warning, "Info": SH.Info}
    for f in report.findings:
        if f.stage == "shacl":
            continue
        result = rdflib.BNode()
        graph.add((node, SH.result, result))
        graph.add((result, RDF.type, SH.ValidationResult))
        graph.add((result, SH.resultSeverity, severity[f.severity]))
        graph.add((result, SH.resultMessage, rdflib.Literal(f"[{f.stage}] {f.location()}: {f.message}")))
        focus = f.focus or (f.file and rdflib.URIRef(f"file:{f.file}"))
        if focus:
            graph.add((result, SH.focusNode, rdflib.URIRef(focus)))
        if f.path and f.path.startswith(("http://", "https://")):
            graph.add((result, SH.resultPath, rdflib.URIRef(f.path)))
    no_results = next(graph.objects(node, SH.result), None) is None
    graph.add((node, SH.conforms, rdflib.Literal(no_results, datatype=XSD.boolean)))
    return graph.serialize(format="turtle")


# One writer per report format of `balkg.formats` (kind "report").
WRITERS = {"text": to_text, "json": to_json, "turtle": to_turtle, "sarif": to_sarif}


def write_report(report: Report, fmt: str, infos: bool = True) -> str:
    """The report in the named report format (or one of its aliases); `infos` false leaves Info findings
    out of the text report only (the machine formats always hold every finding)."""
    name = formats.get(fmt, "report").name
    return to_text(report, infos) if name == "text" else WRITERS[name](report)
