"""Limits on what the Python API accepts, checked as the CLI checks its options: argument
types, and the size of a conversation's history (a hostile or careless caller gets a
`QuestionError` naming the argument, never an AttributeError or an unbounded prompt)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from qa.core.errors import QuestionError


def check_optional_text(name: str, value: object, max_chars: int) -> str | None:
    """`value` as an optional text argument (speaker, part, source, answerer).

    :raises QuestionError: not a string, or longer than `max_chars`.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise QuestionError(f"{name} must be a string, not {type(value).__name__}")
    if len(value) > max_chars:
        raise QuestionError(f"{name} is {len(value)} characters long; the limit is {max_chars}")
    return value


def bounded_history(history: object, max_questions: int, max_chars: int) -> list[Any]:
    """The end of `history` that holds its latest `max_questions` user questions, checked.

    A conversation is at most one user question and one answer per turn, so the last
    2 x `max_questions` entries hold the latest questions; older ones are not looked at (a
    follow-up refers to recent turns). Each kept user question is held to `max_chars`.

    :param history: strings, (question, answer) pairs or chat messages ({"role", "content"}).
    :raises QuestionError: not a list, an entry of another type, or a question too long.
    """
    if history is None:
        return []
    if isinstance(history, str | bytes) or not isinstance(history, Sequence):
        raise QuestionError(
            "history must be a list of earlier questions (strings, (question, answer) pairs or chat "
            f"messages), not {type(history).__name__}"
        )
    if max_questions <= 0:
        return []
    start = max(0, len(history) - 2 * max_questions)
    tail = list(history[start:])
    for i, h in enumerate(tail, start):
        if isinstance(h, str):
            text: object = h
        elif isinstance(h, tuple | list) and h:
            text = h[0]
            tail[i - start] = tuple(h)  # a JSON pair arrives as a list
        elif isinstance(h, dict):
            text = h.get("content") if h.get("role") == "user" else ""
        else:
            raise QuestionError(
                f"history[{i}] must be a string, a (question, answer) pair or a chat message, not {type(h).__name__}"
            )
        if isinstance(text, str) and len(text) > max_chars:
            raise QuestionError(
                f"history[{i}] is {len(text)} characters long; the limit is {max_chars} (answer.max_question_chars)"
            )
    return tail
