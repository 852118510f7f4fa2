"""Package exports imported on first use, so `balkg --help` does not import the whole library.

A package lists its exports once, as ordinary `from .module import name` lines inside an
`if TYPE_CHECKING:` block (which type checkers, IDEs and the API docs read), and ends with

    __getattr__, __dir__ = lazy_exports(__name__, __file__)

At run time the block is read from the package's source, and each name is imported from its
module the first time it is used.
"""

from __future__ import annotations

import ast
import importlib
import sys
from pathlib import Path


def lazy_exports(package: str, init_file: str):
    """`__getattr__` and `__dir__` for the package whose `__init__.py` is `init_file`."""
    where = _exported_names(Path(init_file))

    def __getattr__(name: str):
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module, original = where[name]
        value = getattr(importlib.import_module(module, package), original)
        setattr(sys.modules[package], name, value)   # later uses are plain attribute reads
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(where))

    return __getattr__, __dir__


def _exported_names(init_file: Path) -> dict[str, tuple[str, str]]:
    """{exported name: (relative module, name in that module)} from the `if TYPE_CHECKING:` block."""
    tree = ast.parse(init_file.read_text(encoding="utf-8"))
    where: dict[str, tuple[str, str]] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for statement in node.body:
                if isinstance(statement, ast.ImportFrom):
                    module = "." * statement.level + (statement.module or "")
                    for alias in statement.names:
                        where[alias.asname or alias.name] = (module, alias.name)
    return where
