"""Apache Jena's SHACL validator from Debian's `libapache-jena-java` jars, as a peer engine to compare with.

Debian ships the jars only, and two fixes make `shacl.shacl validate` run (see
shared/reference/engines.md): a classpath of the package's own dependency jars plus
slf4j-api and slf4j-nop (all of /usr/share/java makes slf4j loop), and Jena's xerces
message bundles (and other resources) copied from `org/apache/jena/ext/xerces/` to `xerces/` in a directory first on the classpath.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

JAVA_DIR = Path("/usr/share/java")


def available() -> bool:
    return shutil.which("java") is not None and (JAVA_DIR / "jena-shacl.jar").is_file()


def _installed_jars(package: str, seen: set[str]) -> list[Path]:
    """The jars of a Debian package and of the -java packages it depends on, recursively."""
    if package in seen:
        return []
    seen.add(package)
    listing = subprocess.run(["dpkg", "-L", package], capture_output=True, text=True)
    if listing.returncode != 0:
        return []
    jars = [Path(line) for line in listing.stdout.splitlines()
            if line.endswith(".jar") and Path(line).parent == JAVA_DIR and not Path(line).is_symlink()]
    depends = subprocess.run(["dpkg-query", "-W", "-f=${Depends}", package], capture_output=True, text=True).stdout
    for item in depends.split(","):
        name = item.strip().split(" ")[0].split(":")[0]
        if name.endswith("-java") and "slf4j" not in name and "log4j" not in name:
            jars += _installed_jars(name, seen)
    return jars


def classpath(work: Path) -> str:
    bundles = work / "jena-resources"
    if not bundles.is_dir():
        prefix = "org/apache/jena/ext/"
        with zipfile.ZipFile(JAVA_DIR / "jena-core.jar") as jar:
            for name in jar.namelist():  # the resources Debian left at their old place, moved to the classes' one
                if name.startswith(prefix + "xerces/") and not name.endswith((".class", "/")):
                    target = bundles / name[len(prefix):]
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(jar.read(name))
    jars = _installed_jars("libapache-jena-java", set())
    jars += [JAVA_DIR / "slf4j-api.jar", JAVA_DIR / "slf4j-nop.jar"]
    return ":".join([str(bundles)] + sorted({str(j) for j in jars}))


def validate(data: Path, shapes: Path, report: Path, work: Path, timeout: float = 3600) -> None:
    """Write Jena's validation report of `data` against `shapes` to `report` (Turtle)."""
    command = ["java", "-Xmx6g", "-cp", classpath(work), "shacl.shacl", "validate",
               "--shapes", str(shapes), "--data", str(data)]
    with report.open("w") as out:
        done = subprocess.run(command, stdout=out, stderr=subprocess.PIPE, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"Jena SHACL failed: {(done.stderr.strip().splitlines() or ['no output'])[-1]}")
