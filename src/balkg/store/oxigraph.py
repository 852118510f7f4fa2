"""Run the Oxigraph SPARQL server (from the `oxigraph` PyPI package) as a child process.

Used by `balkg serve` and by the tests, which need a real server on loopback.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import EndpointError, EnvironmentProblem
from ..transport import HttpClient, RetryPolicy


def oxigraph_binary() -> str:
    """Path of the `oxigraph` server executable, or a one-line explanation."""
    found = shutil.which("oxigraph")
    if not found:
        candidate = Path(sys.executable).with_name("oxigraph")
        if candidate.exists():
            found = str(candidate)
    if not found:
        raise EnvironmentProblem("the Oxigraph server is not installed: pip install oxigraph")
    return found


PR_SET_PDEATHSIG = 1
# Looked up here, not in the forked child, where loading a library is not safe.
_PRCTL = ctypes.CDLL(None).prctl if sys.platform == "linux" else None


def _die_with_parent(parent: int) -> None:
    """In the child, before exec: a SIGTERM when balkg dies, even by kill -9, so no server
    is left holding its port and store (Linux; elsewhere a no-op)."""
    if _PRCTL is None:
        return
    _PRCTL(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # balkg died before the request took effect
        os.kill(os.getpid(), signal.SIGTERM)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


@dataclass
class OxigraphServer:
    """A running `oxigraph serve`; use as a context manager or call stop()."""

    location: Path
    host: str = "127.0.0.1"
    port: int = 0
    process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def query_url(self) -> str:
        return self.base_url + "/query"

    @property
    def update_url(self) -> str:
        return self.base_url + "/update"

    @property
    def store_url(self) -> str:
        return self.base_url + "/store"

    def start(self, timeout: float = 30.0, read_only: bool = False, quiet: bool = True,
              extra_args: tuple[str, ...] = ()) -> "OxigraphServer":
        self.port = self.port or free_port(self.host)
        Path(self.location).mkdir(parents=True, exist_ok=True)
        command = "serve-read-only" if read_only else "serve"
        args = [oxigraph_binary(), command, "--location", str(self.location),
                "--bind", f"{self.host}:{self.port}", *extra_args]
        output = subprocess.DEVNULL if quiet else None
        parent = os.getpid()
        self.process = subprocess.Popen(args, stdout=output, stderr=output,
                                        preexec_fn=lambda: _die_with_parent(parent))
        self._wait_ready(timeout)
        return self

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        with HttpClient(timeout=2, retry=RetryPolicy(attempts=1)) as probe:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise EnvironmentProblem(
                        f"the Oxigraph server exited with code {self.process.returncode} on {self.host}:{self.port}")
                try:
                    probe.request("GET", self.query_url + "?query=ASK%7B%7D")
                    return
                except EndpointError:
                    time.sleep(0.1)
        self.stop()
        raise EnvironmentProblem(f"the Oxigraph server did not answer on {self.base_url} within {timeout:.0f} s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def kill(self) -> None:
        """Stop abruptly, as a crash would (used to test interrupted loads)."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> "OxigraphServer":
        return self if self.process else self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
