"""Errors and diagnostics.

The rule, after pypdf's: *raise* when the caller must handle it (`RevpackError`
and its subclasses, which the CLI prints as one line each and exits 1);
*warn* (a `Diagnostic` with ``severity="warning"``) when the author should fix
their input but a correct PDF can still be made; never print a traceback for a
problem in the input.
"""

from __future__ import annotations

from dataclasses import dataclass

import click


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in the input, at a position, with the key path to the value.

    Printed as ``file:line:col: key.path: message``; line and column are 1-based.
    """

    file: str
    line: int
    col: int
    path: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{printable_name(self.file)}:{self.line}:{self.col}"
        lead = f"{where}: {self.path}: " if self.path else f"{where}: "
        tag = "warning: " if self.severity == "warning" else ""
        return f"{lead}{tag}{self.message}"


def printable_name(name: str) -> str:
    """A file name as a message shows it: a control character in it (a carriage return, a
    newline) escaped, so a message stays one line."""
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in name)


class RevpackError(click.ClickException):
    """A problem the user must fix; the CLI shows the message and exits 1."""

    def format_message(self) -> str:
        return self.message

    def show(self, file=None) -> None:  # type: ignore[override]
        # One line per problem, no "Error:" prefix: the lines are positioned already.
        click.echo(self.format_message(), err=True)


class InputError(RevpackError):
    """The pack has problems; carries every diagnostic found, in file order."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics)
        count = len(self.diagnostics)
        lines = [str(d) for d in self.diagnostics]
        lines.append(f"{count} problem{'s' if count != 1 else ''} found; nothing was written.")
        super().__init__("\n".join(lines))


class OutputError(RevpackError):
    """A PDF could not be written (unwritable folder, disk full, ...)."""
