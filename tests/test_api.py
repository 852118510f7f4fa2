"""The Python interface: every `balkg` command is a thin call of a function `import balkg` gives."""

from __future__ import annotations

import balkg
from balkg.cli import all_commands

# The library call behind each command, by command name.
LIBRARY_CALL = {
    "validate": "validate_layout", "query": "run_query", "queries": "catalogue", "stats": "compute_stats",
    "load": "load", "serve": "start_serving", "export": "export", "diff": "diff_layouts",
    "changelog": "changelog", "fmt": "format_files", "link": "link_wikidata", "enrich": "enrich_wikidata",
    "site": "build_site", "sources": "fetch_sources",
}


def test_every_command_has_its_library_function_in_the_public_api():
    missing = [command for command in all_commands() if command not in LIBRARY_CALL]
    assert not missing, f"commands with no library call listed here: {missing}"
    for command in all_commands():
        name = LIBRARY_CALL[command]
        assert name in balkg.__all__, f"balkg {command}: balkg.{name} is not in balkg.__all__"
        assert callable(getattr(balkg, name))


def test_every_public_name_exists():
    assert [name for name in balkg.__all__ if not hasattr(balkg, name)] == []
