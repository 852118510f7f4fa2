"""`balkg sources fetch`: the pages of the sources with a URL are archived (main text, WARC) and recorded
in a generated file, politely, against a real HTTP server on loopback (never the internet)."""

from __future__ import annotations

import hashlib
import http.server
import json
import re
import shutil
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from balkg.cli import cli
from balkg.sources.archive import slug, unique_slugs
from conftest import copy_root
from support import FIXTURES

FIXTURE = FIXTURES / "fetch"
BALKG = "https://w3id.org/balkg/ontology#"
SRC = "https://w3id.org/balkg/id/source/"
XSD_DATETIME = "http://www.w3.org/2001/XMLSchema#dateTime"
GENERATED = "data/ttl/generated/sources-fetched.ttl"
FETCHED = "sources/fetched"
ONLY_QUOTES = ("--skip", "vocabulary", "--skip", "shacl", "--skip", "checks")
BUSY_PAGE = """<html><head><title>Busy</title></head><body><nav>Home | World | Subscribe</nav><article>
<h1>A page behind a rate limit</h1>
<p>The server asked the archiver to wait a second before it sent this page, and the archiver waited as it was told.</p>
<p>Only then did the page arrive, with a paragraph long enough for the extractor to keep it as the main text.</p>
</article><footer>Copyright. All rights reserved.</footer></body></html>"""


class Site(http.server.BaseHTTPRequestHandler):
    """The fixture server: an article, a page rate-limited once (429, Retry-After: 1), a 404, a JSON file."""

    def do_GET(self):  # noqa: N802 - http.server's name
        path = self.path.split("?")[0]
        self.server.log.append((path, time.monotonic(), self.headers.get("User-Agent", "")))
        if path == "/article":
            self._send(200, "text/html; charset=utf-8", (FIXTURE / "article.html").read_bytes())
        elif path == "/busy":
            if sum(1 for p, *_ in self.server.log if p == "/busy") == 1:
                self._send(429, "text/plain", b"slow down", {"Retry-After": "1"})
            else:
                self._send(200, "text/html", BUSY_PAGE.encode("utf-8"))
        elif path == "/slow":
            time.sleep(1.5)
            self._send(200, "text/html", BUSY_PAGE.encode("utf-8"))
        elif path == "/empty":
            self._send(200, "text/html", b"<html><head><title>Empty</title></head><body><script>render()</script></body></html>")
        elif path == "/data.json":
            self._send(200, "application/json", b'{"rows": [1, 2, 3]}')
        else:
            self._send(404, "text/html", b"<html><body>Not found</body></html>")

    def _send(self, status, content_type, body, headers=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Site)
    httpd.log = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def make_graph(target: Path, port: int, data: str | None = None) -> Path:
    """A tiny graph root: the repository's ontology, shapes and queries, and the fixture sources."""
    root = copy_root(target)
    text = data if data is not None else (FIXTURE / "sources.ttl").read_text(encoding="utf-8")
    (root / "data/ttl/sources.ttl").write_text(text.replace("PORT", str(port)), encoding="utf-8")
    return root


def balkg(root: Path, *args):
    return CliRunner().invoke(cli, ["--root", str(root), *map(str, args)], catch_exceptions=False)


def snapshot(root: Path) -> dict[str, bytes]:
    """Every curated file of the root, by relative path."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.is_relative_to(root / FETCHED) and not p.is_relative_to(root / "data/ttl/generated")}


@pytest.fixture(scope="module")
def fetched(server, tmp_path_factory):
    """One run of `balkg sources fetch` on the fixture graph: (root, result, curated files before, server log)."""
    root = make_graph(tmp_path_factory.mktemp("fetch") / "graph", server.server_port)
    before = snapshot(root)
    start = len(server.log)
    result = balkg(root, "sources", "fetch", "--delay", "0", "--retries", "2")
    return root, result, before, server.log[start:]


def records(root: Path) -> dict[str, dict[str, ox.Literal]]:
    found: dict[str, dict[str, ox.Literal]] = {}
    for triple in ox.parse(path=str(root / GENERATED), format=ox.RdfFormat.TURTLE):
        found.setdefault(triple.subject.value, {})[triple.predicate.value[len(BALKG):]] = triple.object
    return found


def test_the_main_text_is_saved_without_the_boilerplate(fetched):
    root, *_ = fetched
    text = (root / FETCHED / "fixture-times-convoy.txt").read_text(encoding="utf-8")
    assert "the attackers fled towards the hills before security forces arrived at the scene" in text
    assert "No group had claimed responsibility" in text
    for boilerplate in ("Subscribe to our newsletter", "ADVERTISEMENT", "All rights reserved", "Careers"):
        assert boilerplate not in text


def warc_records(path: Path) -> dict[str, tuple]:
    """{record type: (WARC headers, HTTP headers, payload)} of a WARC file, read with warcio."""
    from warcio.archiveiterator import ArchiveIterator

    found = {}
    with open(path, "rb") as stream:
        for record in ArchiveIterator(stream):   # a record is readable only while it is the current one
            found[record.rec_type] = (record.rec_headers, record.http_headers, record.content_stream().read())
    return found


def test_the_warc_file_reads_back_with_the_url_status_and_user_agent(fetched, server):
    root, *_ = fetched
    found = warc_records(root / FETCHED / "fixture-times-convoy.warc.gz")
    url = f"http://127.0.0.1:{server.server_port}/article"
    warc, response, payload = found["response"]
    assert warc.get_header("WARC-Target-URI") == url
    assert response.get_statuscode() == "200" and response.get_header("Content-Type").startswith("text/html")
    assert payload == (FIXTURE / "article.html").read_bytes()
    warc, request, _ = found["request"]
    assert warc.get_header("WARC-Target-URI") == url
    assert request.protocol == "GET" and request.get_header("User-Agent").startswith("balkg/")


def test_the_generated_turtle_records_the_digest_of_the_file_and_when(fetched):
    root, *_ = fetched
    found = records(root)
    assert sorted(found) == [SRC + "fixture-times-busy", SRC + "fixture-times-convoy"]
    record = found[SRC + "fixture-times-convoy"]
    assert record["localFile"].value == "fixture-times-convoy.txt"
    assert record["warcFile"].value == "fixture-times-convoy.warc.gz"
    digest = hashlib.sha256((root / FETCHED / "fixture-times-convoy.txt").read_bytes()).hexdigest()
    assert record["sha256"].value == digest
    assert record["retrievedAt"].datatype.value == XSD_DATETIME and record["retrievedAt"].value.endswith("Z")


def test_the_generated_file_is_in_the_canonical_style(fetched):
    root, *_ = fetched
    result = balkg(root, "fmt", "--check", root / GENERATED)
    assert result.exit_code == 0, result.output


def test_retry_after_is_honoured(fetched):
    *_, log = fetched
    busy = [when for path, when, _ in log if path == "/busy"]
    assert len(busy) == 2 and busy[1] - busy[0] >= 1.0


def test_each_failure_is_one_line_the_others_are_saved_and_the_exit_code_is_1(fetched):
    root, result, *_ = fetched
    assert result.exit_code == 1
    failed = [line for line in result.stderr.splitlines() if line.startswith("failed")]
    assert len(failed) == 2
    assert any("/gone" in line and "HTTP 404" in line for line in failed)
    assert any("/data.json" in line and "not HTML" in line for line in failed)
    assert "s3cret" not in result.output + result.stderr   # the URL's query string is never shown
    assert (root / FETCHED / "fixture-times-busy.txt").is_file()
    assert not (root / FETCHED / "fixture-times-gone.txt").exists()


def test_progress_and_a_summary_naming_the_output_file(fetched, server):
    root, result, *_ = fetched
    assert re.search(rf"^fetched [1-4] of 4: http://127\.0\.0\.1:{server.server_port}/article$", result.stderr, re.M)
    summary = result.stderr.strip().splitlines()[-1]
    assert "2 fetched, 2 failed" in summary and "1 with a curated archived text" in summary
    assert GENERATED in summary


def test_the_server_is_told_who_asks(fetched):
    *_, log = fetched
    agents = {agent for *_, agent in log}
    assert agents and all(a.startswith("balkg/") and "source archiver" in a and "w3id.org/balkg" in a
                          for a in agents)


def test_a_source_with_a_curated_archived_text_is_not_fetched_and_curated_files_stay_unchanged(fetched):
    root, _, before, log = fetched
    assert [p for p, *_ in log].count("/article") == 1   # the curated source shares the article's URL
    assert snapshot(root) == before


def test_the_shapes_accept_the_generated_records(fetched, tmp_path):
    root = shutil.copytree(fetched[0], tmp_path / "graph")
    result = balkg(root, "validate", "--format", "json")
    report = json.loads(result.stdout)
    assert [f for f in report["findings"] if f["severity"] != "Info"] == [], report["findings"]
    assert result.exit_code == 0


def test_the_quotes_stage_finds_a_fetched_quote_and_a_changed_word(fetched, tmp_path):
    root = shutil.copytree(fetched[0], tmp_path / "graph")
    found = quote_findings(balkg(root, "validate", "--stage", "quotes", "--sources", root / FETCHED, *ONLY_QUOTES,
                                 "--format", "json"))
    convoy = [f for f in found if "convoy" in f["focus"]]
    assert convoy == []   # checked (not "not checked") and found
    data = root / "data/ttl/sources.ttl"
    data.write_text(data.read_text(encoding="utf-8").replace("fled towards the hills", "fled towards the river"),
                    encoding="utf-8")
    result = balkg(root, "validate", "--stage", "quotes", "--sources", root / FETCHED, *ONLY_QUOTES,
                   "--format", "json")
    assert result.exit_code == 1
    [violation] = [f for f in quote_findings(result) if f["severity"] == "Violation"]
    assert "quote not found in fixture-times-convoy.txt" in violation["message"]
    assert "fled towards the hills" in violation["expected"]


def quote_findings(result) -> list[dict]:
    return [f for f in json.loads(result.stdout)["findings"] if f["stage"] == "quotes"]


def test_a_second_run_keeps_what_was_archived_and_refetch_fetches_it_again(fetched, server, tmp_path):
    root = shutil.copytree(fetched[0], tmp_path / "graph")
    generated = (root / GENERATED).read_bytes()
    start = len(server.log)
    again = balkg(root, "sources", "fetch", "--delay", "0", "--source", "src:fixture-times-convoy")
    assert again.exit_code == 0 and "0 fetched" in again.stderr and len(server.log) == start
    assert (root / GENERATED).read_bytes() == generated
    refetched = balkg(root, "sources", "fetch", "--delay", "0", "--refetch", "--source", SRC + "fixture-times-convoy")
    assert refetched.exit_code == 0 and "1 fetched" in refetched.stderr
    assert [p for p, *_ in server.log[start:]] == ["/article"]
    assert sorted(records(root)) == [SRC + "fixture-times-busy", SRC + "fixture-times-convoy"]


def test_an_unknown_source_is_a_usage_error(fetched, tmp_path):
    root = shutil.copytree(fetched[0], tmp_path / "graph")
    result = balkg(root, "sources", "fetch", "--source", "src:no-such-source")
    assert result.exit_code == 2 and "src:no-such-source" in result.stderr


def test_requests_to_one_host_are_spaced_by_the_delay(server, tmp_path):
    from balkg.layout import load_layout
    from balkg.sources import fetch_sources

    root = make_graph(tmp_path / "graph", server.server_port)
    start = len(server.log)
    report = fetch_sources(load_layout(root), delay=0.5, only=("src:fixture-times-convoy", "src:fixture-times-data"),
                           say=lambda line: None)
    times = [when for _, when, _ in server.log[start:]]
    assert len(times) == 2 and times[1] - times[0] >= 0.5
    assert [r.local_file for r in report.fetched] == ["fixture-times-convoy.txt"] and len(report.failed) == 1


EXTRA_SOURCES = """
src:fixture-times-slow a balkg:Article ;
    dcterms:title "A page that takes too long"@en ;
    dcterms:publisher actor:fixture-times ;
    balkg:url "http://127.0.0.1:PORT/slow"^^xsd:anyURI .

src:fixture-times-empty a balkg:Article ;
    dcterms:title "A page with no main text"@en ;
    dcterms:publisher actor:fixture-times ;
    balkg:url "http://127.0.0.1:PORT/empty"^^xsd:anyURI .
"""


def test_a_timeout_and_a_page_without_main_text_are_failures_with_their_reason(server, tmp_path):
    from balkg.layout import load_layout
    from balkg.sources import fetch_sources

    data = (FIXTURE / "sources.ttl").read_text(encoding="utf-8") + EXTRA_SOURCES
    root = make_graph(tmp_path / "graph", server.server_port, data)
    lines = []
    report = fetch_sources(load_layout(root), delay=0, timeout=0.5, retries=0, say=lines.append,
                           only=("src:fixture-times-slow", "src:fixture-times-empty"))
    reasons = {f.source[len(SRC):]: f.reason for f in report.failed}
    assert "timeout" in reasons["fixture-times-slow"] and "no main text" in reasons["fixture-times-empty"]
    assert report.fetched == [] and len([line for line in lines if line.startswith("failed")]) == 2
    assert not (root / FETCHED).exists() or list((root / FETCHED).iterdir()) == []
    # The command's summary does not name a records file that was not written.
    result = balkg(root, "sources", "fetch", "--delay", "0", "--timeout", "0.5", "--retries", "0",
                   "--source", "src:fixture-times-empty")
    assert result.exit_code == 1 and "nothing recorded" in result.stderr and not (root / GENERATED).exists()


def test_a_graph_without_a_source_with_a_url_exits_2(server, tmp_path):
    data = (FIXTURE / "sources.ttl").read_text(encoding="utf-8")
    data = re.sub(r"    balkg:url [^\n]*;\n", "", re.sub(r" ;\n    balkg:url [^\n]* \.\n", " .\n", data))
    assert "balkg:url \"" not in data
    root = make_graph(tmp_path / "graph", server.server_port, data)
    result = balkg(root, "sources", "fetch")
    assert result.exit_code == 2 and "nothing to fetch" in result.stderr
    assert not (root / GENERATED).exists()


def test_file_names_come_from_the_source_iris_last_segment():
    assert slug("https://example.org/id/source/dawn-2026-02-01") == "dawn-2026-02-01"
    assert slug("https://example.org/id/source/a b/") == "a-b"
    assert slug("https://example.org/ontology#Thing") == "Thing"
    assert slug("https://example.org/id/source/%2E%2E") .startswith("source-")
    named = unique_slugs(["https://a.example/x/same", "https://b.example/y/same", "https://a.example/other"])
    assert named["https://a.example/other"] == "other"
    assert len({named["https://a.example/x/same"], named["https://b.example/y/same"]}) == 2


def test_a_new_source_never_takes_the_file_name_of_an_archived_one():
    from balkg.sources.fetch import Fetchable, _stems
    from balkg.sources.record import Record

    # an earlier run archived <…/x/other> as same.txt (when its name was free); <…/y/same> is new
    old = Fetchable("https://a.example/x/other", "http://a.example/1",
                    previous=Record("https://a.example/x/other", "same.txt", "0" * 64, "2026-01-01T00:00:00Z",
                                    "same.warc.gz"))
    new = Fetchable("https://b.example/y/same", "http://b.example/2")
    assert _stems([new])[new.source] == "same"
    stems = _stems([old, new])
    assert stems[new.source].startswith("same-") and stems[old.source] == "other"
