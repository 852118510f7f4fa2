"""Time each stage of `balkg validate` on synthetic graphs, against plain rdflib and pyshacl.

    python benchmarks/run.py --sizes 10k,100k --repeat 1

For each size it (re)generates `benchmarks/data/<size>/` when missing (benchmarks/generate.py,
same seed), then runs every measurement in a fresh Python process, so that timings do not
share caches and the peak memory (VmHWM, reset just before the timed part) is that
measurement's own. It prints one table per size with seconds (best of --repeat), peak
resident memory, findings and the balkg/plain ratio where a plain counterpart exists, then
checks that balkg's SHACL findings equal plain pyshacl's (count per constraint component)
and that every planted violation of the manifest is reported.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import time
from collections import Counter
from importlib.metadata import version
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (benchmarks/ is not a package)

# name -> (label, plain counterpart)
MEASUREMENTS = {
    "parse-balkg": ("parse: balkg (pyoxigraph + subject lines)", "parse-rdflib"),
    "parse-rdflib": ("parse: plain rdflib Graph().parse", None),
    "vocabulary": ("vocabulary stage", None),
    "shacl-balkg": ("SHACL: balkg, parsing included", "shacl-plain"),
    "shacl-plain": ("SHACL: plain pyshacl, parsing included", None),
    "shacl-plain-ont": ("SHACL: plain pyshacl with ont_graph=, parsing included", None),
    "checks": ("checks stage (SPARQL on pyoxigraph)", None),
    "validate": ("validate_layout, all stages but reasoning", None),
    "load-balkg": ("load --no-validate into an embedded store: balkg (parse, plan, bulk load, count, swap)",
                   "load-plain"),
    "load-plain": ("load: plain pyoxigraph Store.bulk_load of each file into its named graph", None),
}
SH = "http://www.w3.org/ns/shacl#"


# ---------------------------------------------------------------- inside a measurement process

def _peak_kib() -> int | None:
    try:
        return int(re.search(r"VmHWM:\s+(\d+)", Path("/proc/self/status").read_text()).group(1))
    except (OSError, AttributeError):
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _reset_peak() -> None:
    try:
        Path("/proc/self/clear_refs").write_text("5")  # Linux: restart VmHWM from the current RSS
    except OSError:
        pass


class Timed:
    """Times the block and notes the peak resident memory reached inside it."""

    def __enter__(self):
        _reset_peak()
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start
        self.peak_mib = (_peak_kib() or 0) / 1024


def _components(report_graph) -> dict[str, int]:
    """Validation results of a SHACL report graph, counted per constraint component."""
    import rdflib

    sh = rdflib.Namespace(SH)
    counts = Counter()
    for result in report_graph.subjects(rdflib.RDF.type, sh.ValidationResult):
        component = report_graph.value(result, sh.sourceConstraintComponent)
        counts[str(component).replace(SH, "sh:")] += 1
    return dict(sorted(counts.items()))


def _finding_dicts(findings) -> list[dict]:
    keep = ("stage", "severity", "file", "line", "focus", "path", "found", "shape", "component")
    return [{k: getattr(f, k) for k in keep} for f in findings]


def measure(name: str, root: Path) -> dict:
    if name in ("load-balkg", "load-plain"):
        return _time_load(name, root)
    import rdflib

    from balkg import shacl, validation, vocabulary
    from balkg.validation.findings import Report
    from balkg.layout import load_layout

    layout = load_layout(root)
    out: dict = {"measurement": name}
    if name == "parse-balkg":
        with Timed() as t:
            parts = validation.parse_parts(layout, [], Report())
        out["triples"] = sum(len(p.triples) for p in parts.all())
    elif name == "parse-rdflib":
        with Timed() as t:
            graph = rdflib.Graph()
            for path in layout.ontology_files() + layout.shape_files() + layout.data_files():
                graph.parse(path, format="turtle")
        out["triples"] = len(graph)
    elif name == "vocabulary":
        parts = validation.parse_parts(layout, [], Report())
        with Timed() as t:
            vocab = vocabulary.Vocabulary(parts.ontology)
            findings = vocabulary.check_files(vocab, parts.data_like(), parts.shapes)
            findings += vocabulary.check_queries(vocab, [(q, layout.relative(q)) for q in layout.query_files()])
        out["findings"] = len(findings)
    elif name == "shacl-balkg":
        phases = _time_shacl_phases(shacl)
        with Timed() as t:
            report = Report()
            start = time.perf_counter()
            parts = validation.parse_parts(layout, [], report)
            locator = validation.Locator(parts)
            parsed = time.perf_counter()
            findings = validation.run_shacl_stage(parts, locator, "none", report)
        phases = {"parse": parsed - start, "to rdflib": phases.pop("_pyshacl_start") - parsed, **phases}
        out["findings"] = len(findings)
        out["components"] = _components(report.shacl_graph)
        out["phases"] = {k: round(v, 3) for k, v in phases.items()}
    elif name in ("shacl-plain", "shacl-plain-ont"):
        import pyshacl

        # shacl-plain gives pyshacl what balkg gives it: data and ontology as one data graph.
        # shacl-plain-ont passes the ontology as ont_graph=, from which pyshacl only takes
        # class and property axioms, not the SKOS concepts the shapes check values against.
        separate = name == "shacl-plain-ont"
        with Timed() as t:
            data, shapes = rdflib.Graph(), rdflib.Graph()
            ontology = rdflib.Graph() if separate else data
            for graph, files in ((data, layout.data_files()), (shapes, layout.shape_files()),
                                 (ontology, layout.ontology_files())):
                for path in files:
                    graph.parse(path, format="turtle")
            _conforms, report_graph, _text = pyshacl.validate(
                data, shacl_graph=shapes, ont_graph=ontology if separate else None, inference="none")
        out["components"] = _components(report_graph)
        out["findings"] = sum(out["components"].values())
    elif name == "checks":
        parts = validation.parse_parts(layout, [], Report())
        locator = validation.Locator(parts)
        with Timed() as t:
            findings = validation.run_checks_stage(layout, parts, locator) or []
        out["findings"] = len(findings)
    elif name == "validate":
        with Timed() as t:
            report = validation.validate_layout(layout)
        out["findings"] = len(report.findings)
        out["stages"] = report.stages
        out["list"] = _finding_dicts(report.findings)
    else:
        raise SystemExit(f"unknown measurement {name}")
    out["seconds"] = t.seconds
    out["peak_mib"] = t.peak_mib
    return out


def _time_load(name: str, root: Path) -> dict:
    """`balkg load --store` (the library call) or plain bulk_load of the same files, into a new store."""
    import tempfile

    import pyoxigraph as ox

    from balkg.layout import load_layout
    from balkg.loading import load
    from balkg.store import EmbeddedStore

    layout = load_layout(root)
    with tempfile.TemporaryDirectory(prefix="balkg-bench-") as tmp:
        directory = Path(tmp) / "store"
        if name == "load-balkg":
            with Timed() as t:
                triples = load(layout, EmbeddedStore(directory), validate=False).stored
        else:
            with Timed() as t:
                store = ox.Store(str(directory))
                for path in layout.ontology_files() + layout.shape_files() + layout.data_files():
                    store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE,
                                    to_graph=ox.NamedNode(layout.graph_name(path)))
                store.flush()
            triples = len(store)
    return {"measurement": name, "triples": triples, "seconds": t.seconds, "peak_mib": t.peak_mib}


def _time_shacl_phases(shacl) -> dict:
    """Wrap the SHACL stage's steps to split its time: pyshacl itself, and making findings."""
    phases: dict = {}
    run_pyshacl, findings_from_report = shacl.run_pyshacl, shacl.findings_from_report

    def timed_run(*args, **kwargs):
        phases["_pyshacl_start"] = t0 = time.perf_counter()
        result = run_pyshacl(*args, **kwargs)
        phases["pyshacl"] = time.perf_counter() - t0
        return result

    def timed_findings(*args, **kwargs):
        t0 = time.perf_counter()
        result = findings_from_report(*args, **kwargs)
        phases["findings"] = time.perf_counter() - t0
        return result

    shacl.run_pyshacl, shacl.findings_from_report = timed_run, timed_findings
    return phases


# ---------------------------------------------------------------- the driver

def run_measurement(name: str, root: Path, timeout: float) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", name, str(root)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"measurement": name, "error": f"timed out after {timeout:.0f} s"}
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"measurement": name, "error": last}
    return json.loads(done.stdout.strip().splitlines()[-1])


def ensure_graph(size: int, seed: int, rate: float, regenerate: bool) -> tuple[Path, dict]:
    root = generate.DEFAULT_OUT / generate.size_label(size)
    manifest_path = root / "manifest.json"
    if not regenerate and manifest_path.is_file():
        manifest = json.loads(manifest_path.read_text())
        if (manifest.get("seed"), manifest.get("target_triples"), manifest.get("violation_rate")) == (seed, size, rate):
            return root, manifest
    print(f"generating {root} …", file=sys.stderr)
    return root, generate.generate(size, seed, rate, root)


def matches(finding: dict, detector: dict, item: dict) -> bool:
    if finding["stage"] != detector["stage"]:
        return False
    if detector.get("by") == "term":
        return finding["found"] == item["term"] and finding["file"] == item["file"]
    if finding["focus"] != item["focus"]:
        return False
    if "shape" in detector and finding["shape"] != detector["shape"]:
        return False
    if "component" in detector and finding["component"] != detector["component"]:
        return False
    return "path" not in detector or finding["path"] == detector["path"]


def check_planted(manifest: dict, findings: list[dict]) -> tuple[dict, list[str], list[dict]]:
    """Per kind: planted, found by every detector; misses; and findings about no planted node."""
    per_kind: dict[str, list[int]] = {kind: [0, 0] for kind in manifest["planted_counts"]}
    misses = []
    for item in manifest["planted"]:
        detectors = manifest["detected_by"][item["kind"]]
        per_kind[item["kind"]][0] += 1
        missing = [d for d in detectors if not any(matches(f, d, item) for f in findings)]
        if missing:
            misses.append(f"{item['kind']} {item['focus']} ({item['file']}:{item['line']}): "
                          f"not reported by {', '.join(d.get('shape') or d['component'] for d in missing)}")
        else:
            per_kind[item["kind"]][1] += 1
    planted_nodes = {item["focus"] for item in manifest["planted"]}
    planted_terms = {item.get("term") for item in manifest["planted"]}
    # pyshacl also reports a wrong value as the focus of the nested shape it fails (sh:or, sh:hasValue).
    planted_nodes |= {item["value"] for item in manifest["planted"] if "value" in item}
    stray = [f for f in findings if f["focus"] not in planted_nodes
             and not (f["stage"] == "vocabulary" and f["found"] in planted_terms)]
    return per_kind, misses, stray


def environment() -> list[str]:
    libs = ", ".join(f"{name} {version(name)}" for name in ("rdflib", "pyshacl", "pyoxigraph"))
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return [f"machine: {os.cpu_count()} cores (nproc), {platform.machine()}, {platform.system()} {platform.release()}",
            f"python {platform.python_version()}; {libs}",
            f"load average at start: {load}"]


def fmt_seconds(value) -> str:
    return "—" if value is None else f"{value:.2f}"


def report_size(label: str, manifest: dict, results: dict) -> bool:
    ok = True
    print(f"\n### {label}: {manifest['data_triples']:,} data triples, {manifest['statement_total']:,} statements, "
          f"{manifest['planted_total']} planted violations\n")
    print("| stage | seconds | peak RSS MiB | findings | balkg/plain |")
    print("|---|---:|---:|---:|---:|")
    for name, (text, plain) in MEASUREMENTS.items():
        r = results.get(name)
        if r is None:
            continue
        if "error" in r:
            print(f"| {text} | {r['error']} | | | |")
            continue
        ratio = ""
        if plain and plain in results and "seconds" in results[plain]:
            ratio = f"{r['seconds'] / results[plain]['seconds']:.2f}"
        findings = r.get("findings", "")
        print(f"| {text} | {fmt_seconds(r['seconds'])} | {r['peak_mib']:.0f} | {findings} | {ratio} |")
    phases = results.get("shacl-balkg", {}).get("phases")
    if phases:
        print("\nbalkg SHACL stage split: " + ", ".join(f"{k} {v:.2f} s" for k, v in phases.items()))

    mine, plain = results.get("shacl-balkg", {}), results.get("shacl-plain", {})
    if "components" in mine and "components" in plain:
        same = mine["components"] == plain["components"]
        ok &= same
        print(f"\nSHACL results per constraint component, balkg vs plain pyshacl: {'equal' if same else 'DIFFERENT'}")
        for component in sorted(set(mine["components"]) | set(plain["components"])):
            a, b = mine["components"].get(component, 0), plain["components"].get(component, 0)
            print(f"  {component}: {a} vs {b}{'' if a == b else '  <-- differs'}")

    whole = results.get("validate", {})
    if "list" in whole:
        per_kind, misses, stray = check_planted(manifest, whole["list"])
        ok &= not misses
        print("\nplanted violations reported by every expected stage (validate_layout):")
        for kind, (planted, found) in per_kind.items():
            print(f"  {kind}: {found}/{planted}")
        for miss in misses:
            print(f"  MISSED: {miss}")
        print(f"findings about nodes without a planted violation: {len(stray)}")
        for f in stray[:10]:
            print(f"  {f['stage']} {f['component']} {f['focus']} {f['file']}:{f['line']}")
    return ok


# ---------------------------------------------------------------- saved queries vs raw pyoxigraph

QUERY_REPEAT = 3


def _sample_values(store) -> dict[str, str]:
    """Values for the required parameters of the saved queries, taken from the graph itself."""
    first = ("SELECT ?x WHERE { ?x a <https://w3id.org/balkg/ontology#%s> } ORDER BY ?x LIMIT 1")
    pick = lambda cls: next(iter(store.query(first % cls, use_default_graph_as_union=True)))["x"].value
    actor = pick("ArmedGroup")
    return {"actor": actor, "resource": actor, "source": pick("Article"), "name": "liberation"}


def _best(run) -> tuple[float, float, object]:
    """Best wall and CPU seconds of QUERY_REPEAT runs, and the last run's value."""
    walls, cpus, value = [], [], None
    for _ in range(QUERY_REPEAT):
        wall, cpu = time.perf_counter(), time.process_time()
        value = run()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus), value


def _raw_answer(store, text: str):
    """What a plain pyoxigraph user gets: every solution's terms (or the triples, or the boolean)."""
    import pyoxigraph

    answer = store.query(text, use_default_graph_as_union=True)
    if isinstance(answer, pyoxigraph.QueryBoolean):
        return bool(answer)
    return [tuple(item) for item in answer]


def measure_queries(root: Path) -> dict:
    """Every saved query of the catalogue on the in-memory store, raw pyoxigraph next to balkg.

    raw: `Store.query` on the text balkg sends (parameters bound), every solution read.
    balkg: `run_query` and `render` in the CLI's default format off a terminal (tsv; Turtle
    for a graph), which is what `balkg query NAME > file` does after loading.
    """
    from balkg.layout import load_layout
    from balkg.queries import catalogue
    from balkg.rdf.dataset import memory_dataset
    from balkg.results import normalise_format, render
    from balkg.sparql import EmbeddedTarget, run_query

    layout = load_layout(root)
    start = time.perf_counter()
    store = memory_dataset(layout)
    loaded = time.perf_counter() - start
    target, values, rows = EmbeddedTarget(store), _sample_values(store), []
    # The checkout's queries, not the copy made when the graph was generated.
    for saved in catalogue(load_layout(HERE.parent)):
        if "/" in saved.name:  # checks/ and stats/ run inside validate and stats
            continue
        params = {p.name: values[p.name] for p in saved.parameters if p.required}
        text = saved.with_parameters(params)
        raw_wall, raw_cpu, raw = _best(lambda: _raw_answer(store, text))

        def through_balkg():
            result = run_query(saved, target, params)
            return result, render(result, normalise_format(None, result, terminal=False))
        wall, cpu, (result, _text) = _best(through_balkg)
        count = 1 if result.form == "ASK" else len(result.triples if result.is_graph else result.rows)
        rows.append({"query": saved.name, "params": params, "rows": count, "raw_rows": 1 if isinstance(raw, bool) else len(raw),
                     "raw_wall": raw_wall, "raw_cpu": raw_cpu, "balkg_wall": wall, "balkg_cpu": cpu})
    return {"measurement": "queries", "triples": len(store), "load_seconds": loaded, "queries": rows,
            "load_average": os.getloadavg()}


def report_queries(label: str, result: dict) -> bool:
    """The table of saved-query timings; False when a query misses 1 s or 1.5x raw pyoxigraph."""
    if "error" in result:
        print(f"\n### {label}: saved queries: {result['error']}")
        return False
    load = ", ".join(f"{x:.1f}" for x in result["load_average"])
    print(f"\n### {label}: saved queries, {result['triples']:,} triples in memory "
          f"(best of {QUERY_REPEAT}; load average after: {load})\n")
    print("| query | rows | raw pyoxigraph s wall (CPU) | balkg s wall (CPU) | balkg/raw (CPU) | ≤ 1 CPU-s, ≤ 1.5× |")
    print("|---|---:|---:|---:|---:|---|")
    ok = True
    for q in result["queries"]:
        ratio = q["balkg_cpu"] / q["raw_cpu"] if q["raw_cpu"] > 0 else 1.0
        # CPU seconds decide: on a machine shared beyond its cores the wall clock measures the others too.
        fine = q["balkg_cpu"] <= 1.0 and (ratio <= 1.5 or q["balkg_cpu"] < 0.05) and q["rows"] == q["raw_rows"]
        ok &= fine
        print(f"| {q['query']} | {q['rows']} | {q['raw_wall']:.3f} ({q['raw_cpu']:.3f}) | "
              f"{q['balkg_wall']:.3f} ({q['balkg_cpu']:.3f}) | {ratio:.2f} | {'yes' if fine else 'NO'} |")
    return ok


def main(argv: list[str] | None = None) -> int:
    if argv is None and len(sys.argv) == 4 and sys.argv[1] == "--child":
        measured = measure_queries(Path(sys.argv[3])) if sys.argv[2] == "queries" else measure(sys.argv[2], Path(sys.argv[3]))
        print(json.dumps(measured))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k", help="comma-separated sizes (default 10k,100k; 1M takes long)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement; the best is shown (default 1)")
    parser.add_argument("--only", help=f"comma-separated measurements among {', '.join(MEASUREMENTS)}")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--violations", type=float, default=0.01)
    parser.add_argument("--regenerate", action="store_true", help="regenerate the graphs even when present")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds allowed per measurement (default 3600)")
    parser.add_argument("--json", type=Path, help="also write every result to this JSON file")
    parser.add_argument("--queries", action="store_true",
                        help="also time every saved query against raw pyoxigraph (alone with --only queries)")
    args = parser.parse_args(argv)
    if args.only == "queries":
        args.queries, args.only = True, None
        names = []
    else:
        names = None
    if names is None:
        names = args.only.split(",") if args.only else [n for n in MEASUREMENTS if n != "shacl-plain-ont"]
    unknown = [n for n in names if n not in MEASUREMENTS]
    if unknown:
        parser.error(f"unknown measurement(s): {', '.join(unknown)}")

    print("\n".join(environment()))
    print(f"command: python benchmarks/run.py {' '.join(argv if argv is not None else sys.argv[1:])}")
    all_ok, everything = True, {}
    for size_text in args.sizes.split(","):
        size = generate.parse_size(size_text)
        root, manifest = ensure_graph(size, args.seed, args.violations, args.regenerate)
        results = {}
        for name in names:
            runs = []
            for _ in range(max(1, args.repeat)):
                print(f"{generate.size_label(size)}: {name} …", file=sys.stderr)
                runs.append(run_measurement(name, root, args.timeout))
            good = [r for r in runs if "seconds" in r]
            results[name] = min(good, key=lambda r: r["seconds"]) if good else runs[0]
        if names:
            all_ok &= report_size(generate.size_label(size), manifest, results)
        if args.queries:
            print(f"{generate.size_label(size)}: saved queries …", file=sys.stderr)
            results["queries"] = run_measurement("queries", root, args.timeout)
            all_ok &= report_queries(generate.size_label(size), results["queries"])
        everything[generate.size_label(size)] = {
            "manifest": {k: v for k, v in manifest.items() if k != "planted"},
            "results": {n: {k: v for k, v in r.items() if k != "list"} for n, r in results.items()},
        }
    if args.json:
        args.json.write_text(json.dumps(everything, indent=1) + "\n")
    print(f"\n{'all checks passed' if all_ok else 'SOME CHECKS FAILED'}")
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
