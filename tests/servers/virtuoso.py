"""A throwaway Virtuoso server for tests: own ini and database in a temporary directory, loopback ports.

Setup runs through `isql-vt`: a user for digest authentication with the right
to update, as a team's Virtuoso would have.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from balkg.store.oxigraph import free_port

VSP_ROOT = Path("/var/lib/virtuoso-opensource-7/vsp")
REQUIRE_ENV = "BALKG_REQUIRE_VIRTUOSO"  # set by .ci/run: a missing Virtuoso fails instead of skipping


def missing_reason() -> str | None:
    """Why Virtuoso cannot run here, or None."""
    for binary in ("virtuoso-t", "isql-vt"):
        if not shutil.which(binary):
            return (f"{binary} is not installed (Debian: apt-get install virtuoso-opensource; "
                    f".ci/run installs it)")
    return None


_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {vsp}
ServerThreads = 10
Charset = UTF-8
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


@dataclass
class VirtuosoServer:
    directory: Path
    user: str = "balkg-loader"
    password: str = field(default="pw-" + os.urandom(6).hex(), repr=False)
    sql_port: int = 0
    http_port: int = 0
    process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def query_url(self) -> str:
        return self.base_url + "/sparql"

    @property
    def ini(self) -> Path:
        return self.directory / "virtuoso.ini"

    def start(self, timeout: float = 90.0) -> "VirtuosoServer":
        self.directory.mkdir(parents=True, exist_ok=True)
        first_start = not self.ini.exists()
        if first_start:
            self.sql_port = self.sql_port or free_port()
            self.http_port = self.http_port or free_port()
            vsp = VSP_ROOT if VSP_ROOT.is_dir() else self.directory
            self.ini.write_text(_INI.format(d=self.directory, sql_port=self.sql_port,
                                            http_port=self.http_port, vsp=vsp))
        log = open(self.directory / "stdout.log", "ab")
        self.process = subprocess.Popen(["virtuoso-t", "-f", "-c", str(self.ini)], cwd=self.directory,
                                        stdout=log, stderr=subprocess.STDOUT)
        log.close()
        self._wait_ready(timeout)
        if first_start:
            self.isql(f"DB.DBA.USER_CREATE('{self.user}', '{self.password}');\n"
                      f'GRANT SPARQL_UPDATE TO "{self.user}";\n'
                      f"DB.DBA.RDF_DEFAULT_USER_PERMS_SET('{self.user}', 7);\n")
        return self

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited with {self.process.returncode}: {self.log_tail()}")
            try:
                with urllib.request.urlopen(self.query_url + "?query=ASK%7B%7D", timeout=2):
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        self.kill()
        raise RuntimeError(f"Virtuoso did not answer within {timeout:.0f} s: {self.log_tail()}")

    def log_tail(self) -> str:
        log = self.directory / "virtuoso.log"
        return " | ".join(log.read_text(errors="replace").splitlines()[-5:]) if log.exists() else ""

    def isql(self, sql: str) -> str:
        done = subprocess.run(["isql-vt", f"127.0.0.1:{self.sql_port}", "dba", "dba"], input=sql,
                              capture_output=True, text=True, timeout=60)
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql failed: {done.stdout[-500:]} {done.stderr[-500:]}")
        return done.stdout

    def kill(self) -> None:
        """Die abruptly, as a crash would."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()

    def restart(self) -> None:
        self.stop()
        self.start()
