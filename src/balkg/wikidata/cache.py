"""An on-disk cache of SPARQL answers, with expiry.

One JSON file per (endpoint, query). Online, an answer older than the expiry
is fetched again; offline, any cached answer is used, however old, and a
missing one is an error.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ..layout import user_cache_dir

DEFAULT_TTL_DAYS = 7.0


def default_cache_dir() -> Path:
    return user_cache_dir() / "wikidata"


@dataclass
class ResponseCache:
    directory: Path
    ttl_seconds: float = DEFAULT_TTL_DAYS * 86400
    clock: callable = time.time

    def _path(self, endpoint: str, query: str) -> Path:
        key = hashlib.sha256(f"{endpoint}\n{query}".encode("utf-8")).hexdigest()
        return Path(self.directory) / key[:2] / f"{key}.json"

    def get(self, endpoint: str, query: str, allow_expired: bool = False) -> dict | None:
        path = self._path(endpoint, query)
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if entry.get("endpoint") != endpoint or entry.get("query") != query:
            return None
        if not allow_expired and self.clock() - entry.get("stored", 0) > self.ttl_seconds:
            return None
        return entry.get("result")

    def put(self, endpoint: str, query: str, result: dict) -> None:
        path = self._path(endpoint, query)
        path.parent.mkdir(parents=True, exist_ok=True)
        entry = {"stored": self.clock(), "endpoint": endpoint, "query": query, "result": result}
        # Write then rename, so an interrupted run never leaves a half-written answer.
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(entry, handle)
        os.replace(tmp, path)
