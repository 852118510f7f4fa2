"""Errors the library raises; the CLI turns each into one line and an exit code."""

from .rdf import location


class BalkgError(Exception):
    """Base of balkg's errors. `exit_code` is what the CLI exits with."""

    exit_code = 1


class UsageError(BalkgError):
    """A wrong option, parameter or path: the user can fix the call."""

    exit_code = 2


class EnvironmentProblem(BalkgError):
    """Something the machine lacks (a Java runtime, a server binary)."""

    exit_code = 2


class ParseError(BalkgError):
    """A file that does not parse; the message starts with path:line:col."""

    def __init__(self, path: str, line: int | None, column: int | None, message: str):
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        self.more: list[ParseError] = []   # later errors of the same file, when the parser could resume
        super().__init__(self.location() + ": " + message)

    def location(self) -> str:
        return location(self.path, self.line, self.column)


class EndpointError(BalkgError):
    """A SPARQL server that cannot be reached, times out or answers with an error."""

    exit_code = 2
