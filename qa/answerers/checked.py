"""The checked stream: what a user sees while an answer is written is the checked answer.

- Citations are checked as they stream: text that could still become a ``[n]`` marker (and
  the spaces before it) is held back until the marker is complete, and a marker naming no
  retrieved passage is removed before it is shown, the same way the final text is cleaned.
  Valid markers are renumbered 1..n in the order the reader meets them (one number per
  passage), so what streams is what the sources list shows. The pieces a stream yields add up
  to the answer's text, exactly.
- When an LLM answerer fails part-way and the extractive answerer takes over, the stream
  yields a `Reset` piece: everything shown so far for this answer is withdrawn, and the text
  that follows replaces it. `Reset` is a `str` (a paragraph break) so that a consumer that only
  concatenates still keeps the two answers apart; one that knows it clears what it showed::

      shown = ""
      for piece in assistant.stream(question):
          shown = "" if isinstance(piece, Reset) else shown + piece
"""

from __future__ import annotations

import logging
import re
from collections.abc import Generator
from dataclasses import dataclass, field

from qa.answerers.base import _CITE, Answerer, AnswerRequest, Draft, DraftStream
from qa.core.errors import AnswererError

logger = logging.getLogger(__name__)

# The end of the text is an unfinished marker ("[", "[1", "[1, 2"): it may still become a citation.
_OPEN_MARKER = re.compile(r"\[[\d\s,;]*\Z")
_TRAILING_SPACE = re.compile(r"\s*\Z")
_SEP = re.compile(r"\s*[,;]\s*")


class Reset(str):
    """A stream piece that withdraws what the stream showed so far: the text after it replaces
    it (an LLM answerer failed mid-answer and the extractive answer takes over).

    :param reason: why (the failure, as one line).
    """

    reason: str

    def __new__(cls, reason: str = "") -> Reset:
        piece = super().__new__(cls, "\n\n")
        piece.reason = reason
        return piece


class CitationGate:
    """Passes streamed text through, holding back what could still become a citation marker,
    and removes the markers that name no passage (with the spaces before them).

    :param passages: how many passages the answer may cite (markers 1..passages are valid).
    """

    HOLD_MAX = 64  # an "open marker" longer than this is ordinary text

    def __init__(self, passages: int) -> None:
        if passages < 0:
            raise ValueError(f"passages must be >= 0, not {passages}")
        self.passages = passages
        self.text = ""  # everything let through so far: the checked text
        self.dropped: list[int] = []
        self.order: list[int] = []  # original numbers, in the order the reader meets them
        self._held = ""

    @property
    def shown(self) -> bool:
        """Whether any text has been let through."""
        return bool(self.text)

    def feed(self, piece: str) -> str:
        """Take the next piece; return the part that can be shown now ("" if none)."""
        buf = self._held + piece
        end = len(buf)
        m = _OPEN_MARKER.search(buf)
        if m and end - m.start() <= self.HOLD_MAX:
            end = m.start()
        # Spaces before a marker go with it when it is removed; trailing spaces are never
        # shown until something follows them (the final text is stripped).
        end = _TRAILING_SPACE.search(buf[:end]).start()  # type: ignore[union-attr]
        self._held = buf[end:]
        return self._let_through(buf[:end])

    def flush(self) -> str:
        """The stream is over: let the rest through (an unfinished marker is plain text)."""
        rest, self._held = self._held.rstrip(), ""
        return self._let_through(rest)

    def _let_through(self, part: str) -> str:
        if not part:
            return ""
        fixed = _CITE_WITH_SPACE.sub(self._fix, part)
        if not self.text:
            fixed = fixed.lstrip()
        self.text += fixed
        return fixed

    def _fix(self, m: re.Match[str]) -> str:
        nums = [int(x) for x in _SEP.split(m.group(1))]
        keep = [x for x in nums if 1 <= x <= self.passages]
        for x in nums:
            if x not in keep and x not in self.dropped:
                self.dropped.append(x)
        if not keep:
            return ""  # "la Lune [42] et" -> "la Lune et"
        for x in keep:
            if x not in self.order:
                self.order.append(x)
        renumbered = list(dict.fromkeys(self.order.index(x) + 1 for x in keep))
        return m.group(0)[: m.start(1) - m.start() - 1] + f"[{', '.join(map(str, renumbered))}]"


_CITE_WITH_SPACE = re.compile(r"[ \t]*" + _CITE.pattern)


@dataclass(slots=True)
class Outcome:
    """What a checked stream ends with: the draft (its text is what was shown), who wrote it."""

    draft: Draft
    answerer: str
    fallback: bool = False
    notes: list[str] = field(default_factory=list)


def checked_stream(
    chosen: Answerer, req: AnswerRequest, fallback: Answerer | None = None
) -> Generator[str, None, Outcome]:
    """Stream `chosen`'s answer through a `CitationGate`; if it fails with an AnswererError and
    a `fallback` is given, withdraw what was shown (a `Reset`) and stream the fallback's.

    :raises AnswererError: `chosen` failed and there is no fallback (or the fallback failed).
    """
    gate = CitationGate(len(req.passages))
    try:
        draft = yield from _through(chosen.stream(req), gate)
        return Outcome(draft, chosen.name)
    except AnswererError as e:
        if fallback is None or fallback.name == chosen.name:
            raise
        failure = str(e)
    logger.warning("%s answerer failed (%s); answering with %s", chosen.name, failure, fallback.name)
    if gate.shown:
        yield Reset(failure)
    gate = CitationGate(len(req.passages))
    draft = yield from _through(fallback.stream(req), gate)
    return Outcome(draft, fallback.name, fallback=True, notes=[failure])


def _through(stream: DraftStream, gate: CitationGate) -> Generator[str, None, Draft]:
    try:
        while True:
            try:
                piece = next(stream)
            except StopIteration as stop:
                draft: Draft = stop.value
                break
            out = gate.feed(piece)
            if out:
                yield out
    finally:
        stream.close()  # a failed or abandoned answerer releases its connection now
    tail = gate.flush()
    if tail:
        yield tail
    draft.text = gate.text
    draft.dropped = [*draft.dropped, *gate.dropped]
    draft.order = gate.order
    if draft.quotes and draft.passages is None:
        draft.quotes = {gate.order.index(n) + 1: q for n, q in draft.quotes.items() if n in gate.order}
    return draft
