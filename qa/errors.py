"""The exceptions that are the user's to fix: the CLI and UI show their message, no traceback."""

from __future__ import annotations

from ingest.readers import ReadError
from qa.settings import SettingsError
from vectorstore.embedders import EmbedderError
from vectorstore.index import IndexMissingError
from vectorstore.store import StoreError


class QuestionError(ValueError):
    """An empty or too long question, or a filter naming an unknown speaker or part."""


class AnswererError(RuntimeError):
    """An LLM answerer failed (endpoint unreachable, timeout, HTTP error)."""


USER_ERRORS: tuple[type[BaseException], ...] = (
    ReadError,
    SettingsError,
    EmbedderError,
    IndexMissingError,
    StoreError,
    QuestionError,
    AnswererError,
)
