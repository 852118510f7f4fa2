"""Validation findings as SARIF 2.1.0, for GitHub code scanning and editors' problem panes.

One result per finding: the rule is the shape or check that found it (else the stage and
constraint component), the level follows the severity (Violation -> error, Warning ->
warning, Info -> note), and the physical location is the finding's `path:line:col`, with
the path relative to the graph root (`uriBaseId` SRCROOT), as code-scanning uploads expect.
A finding no file can be given for (e.g. the whole graph is inconsistent) has no location.
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath
from urllib.parse import quote

from .. import __version__
from .findings import Finding, Report

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://w3id.org/balkg/"
LEVELS = {"Violation": "error", "Warning": "warning", "Info": "note"}
PROPERTY_FIELDS = ("stage", "severity", "focus", "focus_label", "path", "expected", "found", "component")


def rule_id(finding: Finding) -> str:
    if finding.shape:
        return finding.shape
    return f"{finding.stage}/{finding.component or 'finding'}"


def to_sarif(report: Report) -> str:
    findings = sorted(report.findings, key=lambda f: (f.file or "~", f.line or 0, f.column or 0, rule_id(f)))
    rules: dict[str, dict] = {}
    for finding in findings:
        rules.setdefault(rule_id(finding), _rule(finding))
    index = {rid: i for i, rid in enumerate(rules)}
    run = {
        "tool": {"driver": {
            "name": "balkg",
            "version": __version__,
            "informationUri": INFORMATION_URI,
            "rules": list(rules.values()),
        }},
        "invocations": [{
            "executionSuccessful": True,
            "properties": {"stages": report.stages, "filesChecked": report.files_checked,
                           "conforms": report.conforms, "counts": report.counts(), "notes": report.notes},
        }],
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, index[rule_id(f)]) for f in findings],
    }
    document = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _rule(finding: Finding) -> dict:
    rule = {"id": rule_id(finding), "shortDescription": {"text": finding.message},
            "defaultConfiguration": {"level": LEVELS[finding.severity]},
            "properties": {"stage": finding.stage}}
    if finding.component:
        rule["properties"]["component"] = finding.component
    return rule


def _result(finding: Finding, rule_index: int) -> dict:
    result = {
        "ruleId": rule_id(finding),
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": _message(finding)},
        "properties": {k: getattr(finding, k) for k in PROPERTY_FIELDS if getattr(finding, k) is not None},
    }
    location = _location(finding)
    if location:
        result["locations"] = [location]
    return result


def _message(finding: Finding) -> str:
    about = f"{finding.focus_label or finding.focus}: " if finding.focus else ""
    path = f" ({finding.path})" if finding.path else ""
    details = "; ".join(part for part in (finding.expected and f"expected {finding.expected}",
                                          finding.found and f"found {finding.found}") if part)
    return f"{about}{finding.message}{path}" + (f" [{details}]" if details else "")


def _location(finding: Finding) -> dict | None:
    if not finding.file:
        return None
    path = PurePosixPath(finding.file)
    artifact = {"uri": path.as_uri()} if path.is_absolute() else {"uri": quote(str(path)), "uriBaseId": "SRCROOT"}
    physical: dict = {"artifactLocation": artifact}
    if finding.line is not None:
        region = {"startLine": finding.line}
        if finding.column is not None:
            region["startColumn"] = finding.column
        physical["region"] = region
    location: dict = {"physicalLocation": physical}
    if finding.focus:
        location["logicalLocations"] = [{"fullyQualifiedName": finding.focus, "kind": "object"}]
    return location
