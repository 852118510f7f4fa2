"""A command's one-line help, read from its module's source without importing the module.

Commands are declared `@click.command("name", …)` or `@<group>.command("name", …)` on a function
whose docstring is the help; click's own rule turns that docstring into the short help.
"""

from __future__ import annotations

import ast
import importlib.util
from functools import cache
from pathlib import Path

import click


def short_help(module: str, name: str, limit: int = 45) -> str:
    declared = _declared_commands(module).get(name)
    if declared is None:
        return ""
    help_text, short = declared
    return click.Command(name, help=help_text, short_help=short).get_short_help_str(limit)


@cache
def _declared_commands(module: str) -> dict[str, tuple[str | None, str | None]]:
    """{command name: (docstring, short_help=)} of the top-level commands declared in `module`."""
    spec = importlib.util.find_spec(module)
    tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    found = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                declared = _command_name(decorator)
                if declared:
                    found[declared[0]] = (ast.get_docstring(node), declared[1])
    return found


def _command_name(decorator: ast.expr) -> tuple[str, str | None] | None:
    """("name", short_help) for `@click.command("name", short_help=…)` or `@click.group("name")`."""
    if not (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)
            and isinstance(decorator.func.value, ast.Name) and decorator.func.value.id == "click"
            and decorator.func.attr in ("command", "group") and decorator.args
            and isinstance(decorator.args[0], ast.Constant)):
        return None
    short = next((k.value.value for k in decorator.keywords
                  if k.arg == "short_help" and isinstance(k.value, ast.Constant)), None)
    return decorator.args[0].value, short
