"""The product's errors: one base class, one subclass per kind of thing that can go wrong.

Every error a user can act on derives from `ProceedingsQAError` and carries a `hint` (what to
do about it) and `retryable` (whether trying again unchanged can help: a server that was down,
a timeout). Callers decide by class and attribute, never by reading messages or type names:
the CLI prints `describe()` as one line, the UI shows it in plain words, the assistant falls
back to the extractive answerer on `AnswererError`.

The classes also derive from the builtin they replace (`ValueError` for bad input,
`RuntimeError` for failures), so code written against those keeps working.
"""

from __future__ import annotations


class ProceedingsQAError(Exception):
    """Base of the errors that are the user's to fix or to retry.

    :param message: what went wrong, naming the file, field or service.
    :param hint: what to do about it (a command to run, a setting to change); optional.
    :param retryable: whether trying again unchanged can succeed; defaults to the class's.
    """

    retryable_default: bool = False

    def __init__(self, message: str, *, hint: str = "", retryable: bool | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.retryable = self.retryable_default if retryable is None else retryable

    def describe(self) -> str:
        """The message and the hint on one line, as the CLI prints it (also `str(error)`)."""
        if self.hint and self.hint not in self.message:
            return f"{self.message}; {self.hint}"
        return self.message

    def __str__(self) -> str:
        return self.describe()


class SettingsError(ProceedingsQAError, ValueError):
    """Settings that cannot be used; the message names the field or file."""


class ReadError(ProceedingsQAError, ValueError):
    """A file that cannot be ingested; the message names the file and what was expected."""


class EmbedderError(ProceedingsQAError, RuntimeError):
    """The embedding model could not be loaded or used."""


class IndexMissingError(ProceedingsQAError, RuntimeError):
    """No usable index (missing, or made by another version); the hint says what to run."""


class StoreError(ProceedingsQAError, RuntimeError):
    """The vector store cannot be reached or used; the message names it and how to fix it."""


class StoreUnavailableError(StoreError):
    """The vector store server did not answer (down, hung, or too slow); retrying may help."""

    retryable_default = True


class QuestionError(ProceedingsQAError, ValueError):
    """An empty or too long question, a bad argument, or a filter naming no speaker or part."""


class AnswererError(ProceedingsQAError, RuntimeError):
    """An LLM answerer failed; subclasses say how. Setup mistakes are not retryable."""


class AnswererUnavailableError(AnswererError):
    """The LLM endpoint cannot be reached, timed out, or cut its stream; retrying may help."""

    retryable_default = True


class AnswererResponseError(AnswererError):
    """The LLM endpoint answered with an HTTP error status.

    :param status: the HTTP status code; 429 and 5xx are retryable.
    """

    def __init__(self, message: str, *, status: int, hint: str = "") -> None:
        super().__init__(message, hint=hint, retryable=status == 429 or status >= 500)
        self.status = status


class EvalSetError(ProceedingsQAError, ValueError):
    """A malformed eval set; the message names the file, line and field."""
