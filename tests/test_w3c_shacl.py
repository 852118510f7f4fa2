"""The W3C SHACL test suite (core and SPARQL, 120 approved tests): balkg's engine gives every expected
report, and the same results as pyshacl wherever pyshacl itself passes.

The suite is a copy in `<repo>/../shared/reference/w3c-shacl-tests` (CI lays `shared/` beside the
clone; BALKG_W3C_SHACL_TESTS overrides). Reports are compared as the suite intends: results by focus
node, path, value, severity, source shape and component, blank nodes by structure (benchmarks/w3c.py).
"""

from __future__ import annotations

import os
import sys

import pytest

from support import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import w3c  # noqa: E402

TESTS = w3c.suite_dir()
if TESTS is None and os.environ.get("CI"):
    raise RuntimeError("the W3C SHACL test suite is missing: expected ../shared/reference/w3c-shacl-tests")
CASES = {case.name: case for case in w3c.cases(TESTS)} if TESTS else {}

# Where pyshacl 0.40.1 (as `balkg validate --engine pyshacl` runs it) does not give the expected report.
PYSHACL_FAILS = {
    # rdflib reads "1"^^xsd:boolean as true, so pyshacl applies sh:uniqueLang; SHACL only knows "true".
    "core/property/uniqueLang-002": "reports a sh:uniqueLang result the suite does not expect",
    # pyshacl raises NotImplementedError on $shapesGraph.
    "sparql/pre-binding/shapesGraph-001": "not implemented",
}

pytestmark = pytest.mark.skipif(TESTS is None, reason="W3C SHACL test suite not found beside the checkout")


def test_the_suite_has_its_120_approved_tests():
    assert len(CASES) == 120
    assert sum(name.startswith("sparql/") for name in CASES) == 22


@pytest.mark.parametrize("name", sorted(CASES))
def test_balkg_engine_gives_the_expected_report(name):
    case = CASES[name]
    assert w3c.run_balkg(case) == w3c.expected(case)


@pytest.mark.parametrize("name", sorted(CASES))
def test_balkg_engine_agrees_with_pyshacl(name):
    case = CASES[name]
    reference = w3c.run_pyshacl(case)
    if name in PYSHACL_FAILS:
        assert reference != w3c.expected(case), f"pyshacl now passes {name}: drop it from PYSHACL_FAILS"
        return
    assert reference == w3c.expected(case)
    assert w3c.run_balkg(case) == reference
