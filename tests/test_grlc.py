"""grlc 1.3.11 (PyPI) serves `queries/` unchanged: its own code reads the folder and answers on a real Oxigraph.

grlc pins its own dependencies, so it runs in a venv of its own, made once under
`.cache/grlc-1.3.11/` of the checkout. grlc runs in local mode through Flask's test
client (its own routes, parser and query rewriting), and sends the rewritten query
over HTTP to an Oxigraph server on loopback. Without PyPI the tests skip, except
under `.ci/run` (BALKG_REQUIRE_GRLC), where they fail.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from balkg.layout import load_layout
from balkg.query.catalogue import catalogue

from support import REPO

pytestmark = pytest.mark.server

GRLC = "grlc==1.3.11"
VENV = REPO / ".cache" / "grlc-1.3.11"
REQUIRE_ENV = "BALKG_REQUIRE_GRLC"
ID = "https://w3id.org/balkg/id/"


def _grlc_python() -> str:
    python = VENV / "bin" / "python"
    if python.exists() and subprocess.run([str(python), "-c", "import grlc"], capture_output=True).returncode == 0:
        return str(python)
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(VENV)], check=True, capture_output=True)
    done = subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", GRLC],
                          capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["no output"])[-1]
        if os.environ.get(REQUIRE_ENV):
            pytest.fail(f"{GRLC} is required here ({REQUIRE_ENV} is set) but pip failed: {reason}")
        pytest.skip(f"cannot install {GRLC} from PyPI: {reason}")
    return str(python)


@pytest.fixture(scope="module")
def oxigraph(shipped_endpoint):
    return shipped_endpoint


GRLC_SCRIPT = textwrap.dedent("""
    import json, sys
    from grlc.server import app
    calls = json.loads(sys.argv[1])
    client = app.test_client()
    spec = client.get("/api-local/swagger").get_json()
    answers = {}
    for key, (name, args) in calls.items():
        response = client.get("/api-local/" + name, query_string=args, headers={"Accept": "application/json"})
        answers[key] = {"status": response.status_code, "body": response.get_data(as_text=True)}
    print(json.dumps({"spec": spec, "answers": answers}))
""")


@pytest.fixture(scope="module")
def grlc(oxigraph, tmp_path_factory):
    """Run grlc over the checkout's queries/ with the given calls; returns its spec and answers."""
    python = _grlc_python()
    home = tmp_path_factory.mktemp("grlc")
    (home / "config.ini").write_text(f"[local]\nlocal_sparql_dir = {REPO / 'queries'}\n"
                                     f"[defaults]\nsparql_endpoint = {oxigraph}\n")
    (home / "probe.py").write_text(GRLC_SCRIPT)

    def run(calls: dict) -> dict:
        done = subprocess.run([python, "probe.py", json.dumps(calls)], cwd=home, capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        return json.loads(done.stdout.strip().splitlines()[-1])
    return run


TOP_LEVEL = [q for q in catalogue(load_layout(REPO)) if "/" not in q.name]


def test_every_query_is_an_operation_with_balkgs_parameters(grlc):
    spec = grlc({})["spec"]
    served = {path.lstrip("/"): operation["get"] for path, operation in spec["paths"].items()}
    expected = {q.name: q for q in TOP_LEVEL if q.form != "ASK"}
    assert set(served) == set(expected)
    for name, query in expected.items():
        params = {p["name"]: p for p in served[name]["parameters"] if p["name"] != "endpoint"}
        assert {n: p["required"] for n, p in params.items()} == {p.name: p.required for p in query.parameters}, name
        enums = {n: sorted(p["enum"]) for n, p in params.items() if "enum" in p}
        assert enums == {n: sorted(v) for n, v in query.enumerations.items()}, name


def test_ask_queries_are_dropped_by_grlc_and_have_a_select_twin(grlc):
    spec = grlc({})["spec"]
    asks = [q.name for q in TOP_LEVEL if q.form == "ASK"]
    assert asks == ["is-designated"]
    assert "Could not parse query is-designated: Query of type AskQuery is currently unsupported" in \
        spec["info"]["description"]
    twin = spec["paths"]["/is-designated-select"]["get"]
    assert {p["name"] for p in twin["parameters"]} == {"endpoint", "actor", "authority", "asof"}


def _bindings(json_text: str) -> list[dict]:
    document = json.loads(json_text)
    rows = []
    for binding in document["results"]["bindings"]:
        rows.append({v: (t["type"].replace("typed-literal", "literal"), t["value"], t.get("xml:lang"),
                         t.get("datatype")) for v, t in binding.items()})
    return sorted(rows, key=lambda r: json.dumps(r, sort_keys=True))


@pytest.mark.parametrize("name, grlc_args, balkg_args", [
    ("designations",
     {"actor": ID + "actor/bla", "type": "https://w3id.org/balkg/concept/designation-type/us-fto"},
     ["-p", "actor=actor:bla", "-p", "type=dtype:us-fto"]),
    ("is-designated-select",
     {"actor": ID + "actor/bla", "asof": "2006-01-01"},
     ["-p", "actor=actor:bla", "-p", "asof=2006-01-01"]),
    ("events",
     {"place": ID + "place/nushki-district"},
     ["-p", "place=place:nushki-district"]),
])
def test_grlc_answers_as_balkg_query_does(grlc, run, name, grlc_args, balkg_args):
    answer = grlc({"call": [name, grlc_args]})["answers"]["call"]
    assert answer["status"] == 200, answer["body"][:500]
    ours = run("query", name, *balkg_args, "--format", "json")
    assert ours.exit_code == 0, ours.output
    theirs = _bindings(answer["body"])
    assert theirs, f"grlc gave no rows for {name}"
    assert theirs == _bindings(ours.stdout)


def test_grlc_splices_values_into_the_query_and_balkg_does_not(grlc, run):
    """What the README says about injection: the same value is query text under grlc, a string in balkg."""
    value = 'zzz"))) || true || ((("'
    answer = grlc({"call": ["lookup", {"name": value}]})["answers"]["call"]
    assert answer["status"] == 200, answer["body"][:500]
    assert len(json.loads(answer["body"])["results"]["bindings"]) > 50  # the filter became `|| true`
    ours = run("query", "lookup", "-p", f"name={value}", "--format", "json")
    assert ours.exit_code == 0 and json.loads(ours.stdout)["results"]["bindings"] == []
