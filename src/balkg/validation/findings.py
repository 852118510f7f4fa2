"""Findings of validation, and the report that collects them."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

from ..rdf import location

SEVERITIES = ("Violation", "Warning", "Info")


@dataclass
class Finding:
    """One problem, located where a person can fix it.

    Fields (also the keys of `balkg validate --format json`):
    stage: syntax | vocabulary | shacl | checks | quotes | reasoning
    severity: Violation | Warning | Info
    file, line, column: where the problem (or its focus node) is written; None when unknown
    focus: IRI of the node the finding is about; focus_label: its preferred label
    path: the property (path) concerned; expected / found: what the constraint wanted and what it found
    message: the shape's or stage's message; shape: the shape or check that found it;
    component: the SHACL constraint component or check kind
    """

    stage: str
    severity: str
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    focus: str | None = None
    focus_label: str | None = None
    path: str | None = None
    expected: str | None = None
    found: str | None = None
    shape: str | None = None
    component: str | None = None

    def location(self) -> str:
        return location(self.file, self.line, self.column)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Report:
    """Every finding of a validation run, with the stages that ran."""

    findings: list[Finding] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)
    files_checked: int = 0
    notes: list[str] = field(default_factory=list)
    root: str | None = None    # the graph root validated
    shacl_graph: object = None  # the pyshacl report graph, when SHACL ran

    def add(self, findings) -> None:
        self.findings.extend(findings)

    def counts(self) -> dict[str, int]:
        counter = Counter(f.severity for f in self.findings)
        return {severity: counter.get(severity, 0) for severity in SEVERITIES}

    def fails(self, fail_on: str = "violation") -> bool:
        counts = self.counts()
        if fail_on == "warning":
            return counts["Violation"] + counts["Warning"] > 0
        return counts["Violation"] > 0

    @property
    def conforms(self) -> bool:
        return not self.fails("violation")

    def summary_line(self) -> str:
        counts = self.counts()
        verdict = "conforms" if self.conforms else "does not conform"
        tally = ", ".join(f"{n} {s.lower()}{'' if n == 1 else 's'}" for s, n in counts.items())
        return f"{verdict}: {tally} in {self.files_checked} files (stages: {', '.join(self.stages)})"
