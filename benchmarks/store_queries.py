"""Every saved query on a persistent store, as a whole `balkg query NAME --store DIR` process, next
to the same text on an in-memory pyoxigraph store (issue 22, item 3).

    python benchmarks/store_queries.py --size 1M [--repeat 3] [--store DIR]

It (re)generates the benchmark graph when missing (benchmarks/generate.py), loads it once into a
persistent store with `balkg load --store DIR --no-validate` (timed), then for each top-level saved
query alternates: the whole balkg process on the store, and, in this process, the text balkg sends
(parameters bound) on an in-memory pyoxigraph store of the same files, written with pyoxigraph's
TSV writer. Best of --repeat each. A query passes when the store process takes at most
4 x the in-memory time + 1 s, and gives as many rows. Prints a Markdown table with the machine and
its load average before and after.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (benchmarks/ is not a package)
from run import _raw_written, _sample_values, ensure_graph, environment  # noqa: E402

BALKG = [str(Path(sys.executable).with_name("balkg"))]  # the console script, as a user runs it


def load_store(root: Path, store: Path) -> float:
    start = time.perf_counter()
    subprocess.run([*BALKG, "--root", str(root), "load", "--store", str(store), "--no-validate"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def memory_store(root: Path):
    from balkg.layout import load_layout
    from balkg.rdf.dataset import memory_dataset
    return memory_dataset(load_layout(root))


def in_memory(store, text: str) -> tuple[float, int]:
    """Seconds to answer and write the text on the in-memory store, and the rows (1 for ASK)."""
    start = time.perf_counter()
    answer = _raw_written(store, text)
    wall = time.perf_counter() - start
    if isinstance(answer, bool):
        return wall, None  # ASK: the answer, not rows
    return wall, answer[1] if re.search(r"^\s*SELECT\b", text, re.I | re.M) else None  # rows are compared for SELECT only


def through_store(root: Path, store: Path, name: str, params: dict) -> tuple[float, int]:
    args = [*BALKG, "--root", str(root), "query", name, "--store", str(store)]  # tsv off a terminal; Turtle for a graph
    for key, value in params.items():
        args += ["--param", f"{key}=<{value}>" if value.startswith("http") else f"{key}={value}"]
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, check=False)
    wall = time.perf_counter() - start
    if done.returncode not in (0, 1):  # an ASK that answers false exits 1
        raise SystemExit(f"{name}: {done.stderr.decode().strip().splitlines()[-1]}")
    return wall, done.stdout.count(b"\n") - 1  # rows below the header (an ASK prints one line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="1M")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--store", type=Path, help="store folder (default: a temporary one, removed after)")
    parser.add_argument("--only", help="comma-separated query names (default: every top-level saved query)")
    args = parser.parse_args(argv)

    from balkg.layout import load_layout
    from balkg.query.catalogue import catalogue

    size = generate.parse_size(args.size)
    root, _ = ensure_graph(size, 1, 0.01, False)
    print("\n".join(environment()))
    before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="balkg-store-bench-") as scratch:
        store = args.store or Path(scratch) / "store"
        loaded = load_store(root, store) if not store.exists() else None
        memory = memory_store(root)
        values = _sample_values(memory)
        wanted = set(args.only.split(",")) if args.only else None
        rows, ok = [], True
        for saved in catalogue(load_layout(HERE.parent)):
            if "/" in saved.name or (wanted and saved.name not in wanted):
                continue
            params = {p.name: values[p.name] for p in saved.parameters if p.required}
            text = saved.with_parameters(params)
            mem, disk = [], []
            for _ in range(args.repeat):  # alternating, so that a busy moment hits both
                mem.append(in_memory(memory, text))
                disk.append(through_store(root, store, saved.name, params))
            m, d = min(w for w, _ in mem), min(w for w, _ in disk)
            fine = d <= 4 * m + 1 and mem[0][1] in (None, disk[0][1])
            ok &= fine
            rows.append((saved.name, mem[0][1], m, d, d / m if m else float("inf"), 4 * m + 1, fine))
    after = os.getloadavg()
    print(f"\n### {generate.size_label(size)}: saved queries on a persistent store, whole process, "
          f"next to in-memory (best of {args.repeat})\n")
    if loaded is not None:
        print(f"`balkg load --store --no-validate`: {loaded:.1f} s. ", end="")
    print(f"Load average before: {', '.join(f'{x:.2f}' for x in before)}; after: {', '.join(f'{x:.2f}' for x in after)}.\n")
    print("| query | rows | in memory, text only (s) | `balkg query --store`, whole process (s) | ratio | "
          "target 4x + 1 s | met |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for name, count, m, d, ratio, target, fine in rows:
        print(f"| {name} | {count if count is not None else 'graph or ASK'} | {m:.3f} | {d:.3f} | {ratio:.1f} | {target:.2f} | {'yes' if fine else 'NO'} |")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
