"""What the chat says to people: errors in plain words, filter combinations that hold nothing,
the choices of the filter menus and the example questions. Read from the index; no answering.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from qa.core.errors import (
    AnswererError,
    AnswererResponseError,
    AnswererUnavailableError,
    EmbedderError,
    IndexMissingError,
    ProceedingsQAError,
    QuestionError,
    StoreError,
    StoreUnavailableError,
)
from qa.core.types import Chunk, SpeakerInfo

logger = logging.getLogger(__name__)

ALL = "all"  # value of the "no filter" choice of both menus
LLM_ALTERNATIVE = "or choose the extractive answerer, which needs no language model."
# (answer.max_question_chars), (setting ui.max_upload_mb, env PQA_UI_MAX_UPLOAD_MB): for the log only.
_SETTING_NAMES = re.compile(r"\s*\((?=[^()]*(?:\b[a-z_]+\.[a-z_]+\b|PQA_[A-Z_]+))[^()]*\)")
_ENV_OR_SETTING = re.compile(r"\b(?:PQA_[A-Z_]+|(?:answer|llm|ui|index|retrieval|embedding|chroma|ingest)\.[a-z_]+)\b")

# Questions that show what the chat does, each with the speaker it is about: offered only when
# that speaker is indexed (another corpus gets questions about its own speakers).
EXAMPLES: tuple[tuple[str, str], ...] = (
    ("Que dit l'ambassadrice de France en Arménie de la coopération décentralisée ?", "Anne Louyot"),
    ("Que dit François Rebsamen du rôle des collectivités ?", "François Rebsamen"),
    ("What did Bernard Kouchner say about humanitarian aid?", "Bernard Kouchner"),
    ("Que dit Anne Louyot de la situation en Arménie ?", "Anne Louyot"),
)


def plain_error(e: BaseException) -> str:
    """What to tell the person asking, by the error's class; setting names stay in the log."""
    if isinstance(e, ProceedingsQAError):
        logger.warning("%s: %s", type(e).__name__, e.describe())
    else:
        logger.error("unexpected %s: %s", type(e).__name__, e, exc_info=e)
    if isinstance(e, QuestionError):
        return sentence(without_setting_names(e.message))
    if isinstance(e, AnswererResponseError):
        if e.status == 429:
            return f"The language model is busy (too many requests). Try again in a minute, {LLM_ALTERNATIVE}"
        if e.status in (401, 403):
            return f"The language model refused the request: its access key is not accepted. Tell whoever runs this service; meanwhile {LLM_ALTERNATIVE}"
        if e.status == 404:
            return f"The language model named in the settings is not on its server. Tell whoever runs this service; meanwhile {LLM_ALTERNATIVE}"
        return f"The language model's server reported an error. Try again in a moment, {LLM_ALTERNATIVE}"
    if isinstance(e, AnswererUnavailableError):
        return f"The language model did not answer (its server is down or too slow). Try again in a moment, {LLM_ALTERNATIVE}"
    if isinstance(e, AnswererError):
        return (
            f"The language model is not set up correctly. Tell whoever runs this service; meanwhile {LLM_ALTERNATIVE}"
        )
    if isinstance(e, IndexMissingError):
        return "No document is indexed yet, so there is nothing to search."
    if isinstance(e, StoreUnavailableError):
        return "The search index did not answer. Try again in a moment."
    if isinstance(e, StoreError | EmbedderError):
        return "The search index cannot be used right now. Tell whoever runs this service (the details are in its log)."
    return "Something went wrong while answering. Try again; if it happens again, the details are in the server log."


def without_setting_names(text: str) -> str:
    """`text` without the setting and environment names that only an administrator can use."""
    text = _SETTING_NAMES.sub("", text)
    return _ENV_OR_SETTING.sub("the settings", text)


def sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def filter_problem(
    speakers: Sequence[SpeakerInfo],
    chunks: Iterable[Chunk],
    parts: Sequence[str],
    speaker: str | None,
    part: str | None,
) -> str | None:
    """Why the speaker/part filters can match no passage, in plain words; None when they can.

    Counted from the index before anything is asked, so an empty combination is explained
    instead of ending in the generic refusal.
    """
    if not speaker:
        if part and not any(c.part == part for c in chunks):
            return f"No passage of the proceedings is in {part}."
        return None
    rows = [s for s in speakers if s.name == speaker]
    if not rows:
        return None  # not a listed speaker: the assistant's own message names the valid ones
    by_part = Counter(c.part for c in chunks if c.speaker == speaker)
    if not by_part:
        moderated = _join([s.part for s in rows if s.kind == "moderator" and s.part])
        role = next((s.role for s in rows if s.role), "")
        who = f"{speaker} ({role})" if role else speaker
        if moderated:
            first = next(s.part for s in rows if s.kind == "moderator" and s.part)
            return (
                f"{who} moderated {moderated} and has no statement of their own in the proceedings, so there "
                f"is nothing of theirs to quote. To hear what was said in {first}, choose that part with "
                "“All speakers”."
            )
        return (
            f"{who} is listed in the proceedings but has no statement in them, so there is nothing of theirs to quote."
        )
    if part and not by_part.get(part):
        where = _join([p for p in parts if by_part.get(p)] or sorted(by_part))
        return f"{speaker} has no passage in {part}. Their passages are in {where}: choose that part, or “All parts”."
    return None


def _join(items: Sequence[str]) -> str:
    items = list(dict.fromkeys(items))
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def speaker_choices(speakers: Sequence[SpeakerInfo]) -> list[tuple[str, str]]:
    """(label, value) of the speaker menu: "All speakers", then each name with its role;
    a moderator with no statement is marked so before anyone picks them."""
    statements: Counter[str] = Counter()
    labels: dict[str, str] = {}
    moderator: set[str] = set()
    for s in speakers:
        statements[s.name] += s.chunks
        labels.setdefault(s.name, f"{s.name} — {s.role}" if s.role else s.name)
        if s.kind == "moderator":
            moderator.add(s.name)
    out = [("All speakers", ALL)]
    for name in sorted(labels, key=str.casefold):
        label = labels[name]
        if not statements[name]:
            label += " (moderator, no statement)" if name in moderator else " (no statement)"
        out.append((label, name))
    return out


def part_choices(parts: Sequence[str]) -> list[tuple[str, str]]:
    return [("All parts", ALL), *((p, p) for p in parts if p)]


def example_questions(speakers: Sequence[SpeakerInfo], limit: int = 4) -> list[str]:
    """Questions about indexed speakers: the built-in ones when theirs are indexed, else one
    per speaker with the most statements."""
    names = {s.name for s in speakers}
    chosen = [q for q, who in EXAMPLES if who in names]
    if chosen:
        return chosen[:limit]
    counts: Counter[str] = Counter()
    for s in speakers:
        counts[s.name] += s.chunks
    return [f"What did {name} say?" for name, n in counts.most_common(limit) if n]


def filter_value(value: str | None) -> str | None:
    """A menu's value as the assistant takes it: None for "all"."""
    return None if value in (None, "", ALL) else value
