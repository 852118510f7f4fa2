"""The docs site: it builds under `mkdocs build --strict`, the README stays short, no page names a
machine's path, and every `$ balkg ...` line of a ```console block in docs/ runs against the
shipped graph with the exit code and output the page shows (issue 20)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))
MACHINE_PATHS = re.compile(r"(/work/|/root/|/home/|/tmp/)")
NO_RUN = re.compile(r"<!--\s*no-run:\s*\S.*-->")
EXIT = re.compile(r"^#\s*exit\s+(\d+)\s*$")


def _balkg() -> list[str]:
    exe = Path(sys.executable).parent / "balkg"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "balkg.cli"]


def console_blocks() -> list[tuple[str, int, list[str], bool]]:
    """(page, line number, lines, skipped) of every ```console block under docs/."""
    blocks = []
    for page in PAGES:
        lines = page.read_text(encoding="utf-8").splitlines()
        i = 0
        while i < len(lines):
            if lines[i].strip() == "```console":
                start = i
                j = i + 1
                while j < len(lines) and lines[j].strip() != "```":
                    j += 1
                before = [l for l in lines[max(0, start - 3):start] if l.strip()]
                skipped = bool(before) and bool(NO_RUN.search(before[-1]))
                blocks.append((str(page.relative_to(ROOT)), start + 1, lines[start + 1:j], skipped))
                i = j + 1
            else:
                i += 1
    return blocks


def commands(block: list[str]) -> list[tuple[str, int, list[str]]]:
    """(command, expected exit code, expected output lines) of each `$ balkg ` line."""
    out = []
    for k, line in enumerate(block):
        if not line.startswith("$ balkg "):
            continue
        code, expected = 0, []
        for follow in block[k + 1:]:
            if follow.startswith("$ "):
                break
            m = EXIT.match(follow.strip())
            if m:
                code = int(m.group(1))
            elif follow.strip():
                expected.append(follow.strip())
        out.append((line[2:], code, expected))
    return out


RUNS = [(f"{page}:{n}", *c) for page, n, block, skip in console_blocks() if not skip for c in commands(block)]


def test_enough_examples() -> None:
    assert len(RUNS) >= 10, RUNS


def test_mkdocs_build_strict(tmp_path: Path) -> None:
    mkdocs = Path(sys.executable).parent / "mkdocs"
    cmd = [str(mkdocs)] if mkdocs.exists() else [sys.executable, "-m", "mkdocs"]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    done = subprocess.run([*cmd, "build", "--strict", "-d", str(tmp_path / "site")], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def test_readme_short() -> None:
    assert len((ROOT / "README.md").read_text(encoding="utf-8").splitlines()) <= 150


@pytest.mark.parametrize("page", [ROOT / "README.md", *PAGES], ids=lambda p: str(p.relative_to(ROOT)))
def test_no_machine_paths(page: Path) -> None:
    hits = [f"{n}: {l}" for n, l in enumerate(page.read_text(encoding="utf-8").splitlines(), 1)
            if MACHINE_PATHS.search(l)]
    assert not hits, hits


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("docs") / "checkout"
    root.mkdir()
    shared = Path(os.environ.get("BALKG_SHARED", ROOT.parent / "shared"))
    if shared.is_dir():   # beside the copy as beside a checkout: the quotes stage reads ../shared/sources
        (root.parent / "shared").symlink_to(shared.resolve())
    shutil.copy2(ROOT / "balkg.toml", root / "balkg.toml")
    for folder in ("ontology", "shapes", "data", "queries"):
        shutil.copytree(ROOT / folder, root / folder)
    (root / "home").mkdir()
    return root


@pytest.mark.parametrize(("where", "command", "code", "expected"), RUNS, ids=[r[0] + " " + r[1] for r in RUNS])
def test_console_example(checkout: Path, where: str, command: str, code: int, expected: list[str]) -> None:
    env = dict(os.environ, HOME=str(checkout / "home"), BALKG_ROOT=str(checkout))
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.pop("NO_COLOR", None)
    script = " ".join(map(_quote, _balkg())) + command[len("balkg"):]
    done = subprocess.run(["bash", "-c", script], cwd=checkout, env=env, capture_output=True,
                          text=True, timeout=120)
    output = done.stdout + done.stderr
    assert done.returncode == code, f"{where}: {command}\nexit {done.returncode}\n{output}"
    got = {l.strip() for l in output.splitlines()}
    missing = [l for l in expected if l not in got and l not in output]
    assert not missing, f"{where}: {command}\nmissing {missing}\n{output}"


def _quote(s: str) -> str:
    import shlex
    return shlex.quote(s)
