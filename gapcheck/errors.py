"""gapcheck's own exceptions; the CLI turns each into one line and exit code 2."""

from __future__ import annotations


class GapcheckError(Exception):
    """A problem with what the user gave us, reported as one line without a traceback."""


class LawError(GapcheckError):
    """A law that cannot be read (not a PDF, corrupt, encrypted, no text layer...)."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class ChecklistError(GapcheckError):
    """A checklist with problems, each already located as FILE:LINE:COL: ITEM: message."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class OutputError(GapcheckError):
    """A report that cannot be written where it was asked to go."""
