"""One browser tab's conversations, without Gradio: questions queue up, are answered one at a
time while the page keeps streaming, can be stopped, and are kept in the browser's storage.

    s = Session(assistant, settings, stored)      # stored: what the browser kept, or None
    s.submit("Que dit Anne Louyot ?")             # the question waits its turn
    for saved in s.run(): html = s.render()       # answers every waiting question, streaming
    s.stop(); s.new_conversation(); s.stored()    # Stop button, New conversation, storage value

Every method is thread-safe: Gradio calls `submit` and `stop` from other threads while `run`
streams. A question typed while an answer streams is queued (shown as waiting), never
dropped; `run` called while another `run` is active returns at once, the active one takes the
new question after the current answer.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from qa.assistant import Assistant
from qa.core.settings import Settings
from qa.core.types import Answer, Citation
from ui import render
from ui.messages import filter_problem, filter_value, plain_error
from ui.views import Conversation, TurnView, dump_store, load_store

logger = logging.getLogger(__name__)

POLL_S = 0.1  # how often a waiting answer looks at the Stop flag


@dataclass(frozen=True)
class Submitted:
    """What became of a submitted question: `turn` is None when nothing was asked (`hint` says why)."""

    turn: TurnView | None
    hint: str = ""

    @property
    def accepted(self) -> bool:
        return self.turn is not None and self.turn.status == "waiting"


class Session:
    """The conversations of one browser tab.

    :param assistant: answers the questions (shared by every session).
    :param settings: read for the question length limit.
    :param stored: the value the browser's storage holds (`stored()` of an earlier visit), or None.
    :param doc_of: the digest under which a citation's file is served ("" when it is not).
    """

    def __init__(
        self,
        assistant: Assistant,
        settings: Settings,
        stored: object = None,
        doc_of: Callable[[Citation], str] | None = None,
    ) -> None:
        self.assistant = assistant
        self.settings = settings
        self.doc_of = doc_of or (lambda c: "")
        self._lock = threading.RLock()
        self._stop = threading.Event()
        self._running = False
        self._active: TurnView | None = None
        past, current = load_store(stored)
        self.conversation = next((c for c in past if c.id == current), None) or Conversation()
        self.past = [c for c in past if c is not self.conversation]

    def __deepcopy__(self, memo: dict[int, Any]) -> Session:
        return self  # Gradio copies state values; a session is one tab's live object

    # --- what the page shows ---------------------------------------------------------------
    def render(self) -> str:
        with self._lock:
            return render.transcript(self.conversation)

    def stored(self) -> dict[str, Any]:
        """The value for the browser's storage: the current conversation and the latest past ones."""
        with self._lock:
            return dump_store([self.conversation, *self.past], self.conversation.id)

    def history_choices(self) -> list[tuple[str, str]]:
        """(title, id) of the conversations to go back to, newest first (the current one included)."""
        with self._lock:
            convs = sorted((c for c in [self.conversation, *self.past] if c.turns), key=lambda c: -c.updated)
            return [(f"{c.title} ({len(c.turns)})", c.id) for c in convs]

    @property
    def busy(self) -> bool:
        with self._lock:
            return self._running

    # --- actions ----------------------------------------------------------------------------
    def submit(
        self, question: str | None, speaker: str | None = None, part: str | None = None, answerer: str | None = None
    ) -> Submitted:
        """Queue `question` with these filters; refuse at once what cannot be asked.

        An empty or too long question adds nothing (the hint says why); filters that can match
        no passage add a turn explaining it, without asking.
        """
        text = (question or "").strip()
        if not text:
            return Submitted(None, "Type a question first.")
        limit = self.settings.answer.max_question_chars
        if len(text) > limit:
            return Submitted(
                None, f"Your question is {len(text)} characters long; the limit is {limit}. Shorten it and ask again."
            )
        speaker, part = filter_value(speaker), filter_value(part)
        with self._lock:
            last = self.conversation.turns[-1] if self.conversation.turns else None
            if (
                last is not None
                and not last.final
                and (last.question, last.speaker, last.part) == (text, speaker, part)
            ):
                return Submitted(None, "This question is already being answered.")  # a double click
        turn = TurnView(text, speaker=speaker, part=part, answerer=answerer or self.settings.answer.answerer)
        index = self.assistant.index
        # Only the chunks the filters name are looked at (by lookup, not by walking the index).
        named = (
            index.chunks_where("speaker", [speaker]) if speaker else index.chunks_where("part", [part] if part else [])
        )
        problem = filter_problem(index.speaker_rows([speaker] if speaker else []), named, index.parts(), speaker, part)
        if problem:
            turn.status, turn.message = "notice", problem
        with self._lock:
            self.conversation.turns.append(turn)
            self.conversation.updated = _now()
        return Submitted(turn, "" if turn.status == "waiting" else problem or "")

    def stop(self) -> bool:
        """Stop the answer being written (its partial text stays, marked stopped). False if none."""
        with self._lock:
            turn = self._active
            if turn is None or turn.final:
                return False
            turn.status = "stopped"
            self._stop.set()
            return True

    def new_conversation(self) -> None:
        """Leave the current conversation (kept in the list) for an empty one; stops its answer."""
        with self._lock:
            self._leave()
            self.conversation = Conversation()

    def open(self, conversation_id: str) -> bool:
        """Go back to a past conversation; stops the current answer. False if there is no such one."""
        with self._lock:
            target = next((c for c in self.past if c.id == conversation_id), None)
            if target is None:
                return conversation_id == self.conversation.id
            self._leave()
            self.past.remove(target)
            self.conversation = target
            return True

    def _leave(self) -> None:
        self.stop()
        for t in self.conversation.turns:
            if t.status == "waiting":
                t.status = "cancelled"
        if self.conversation.turns:
            self.past.insert(0, self.conversation)

    # --- answering --------------------------------------------------------------------------
    def run(self) -> Iterator[bool]:
        """Answer the waiting questions, oldest first, yielding after every visible change
        (True when a turn was finished: time to save). Returns at once if another `run` of
        this session is answering; that one takes the new questions too."""
        with self._lock:
            if self._running:
                return
            self._running = True
        try:
            while True:
                with self._lock:
                    conv = self.conversation
                    turn = next((t for t in conv.turns if t.status == "waiting"), None)
                    if turn is None:
                        self._running = False
                        return
                    turn.status = "searching"
                    self._active = turn
                    self._stop.clear()
                yield False
                yield from self._answer(conv, turn)
                with self._lock:
                    self._active = None
                    conv.updated = _now()
                yield True
        finally:
            with self._lock:
                if self._active is not None and not self._active.final:
                    self._active.status = "interrupted"  # the page went away mid-answer
                    self._stop.set()
                self._active = None
                self._running = False

    def _answer(self, conv: Conversation, turn: TurnView) -> Iterator[bool]:
        try:
            stream = self.assistant.stream(
                turn.question,
                history=conv.history(before=turn),
                speaker=turn.speaker,
                part=turn.part,
                answerer=turn.answerer or None,
            )
        except Exception as e:  # noqa: BLE001 - every failure becomes a message in the chat
            self._fail(turn, e)
            return
        pieces: queue.Queue[tuple[str, Any]] = queue.Queue()
        producer = threading.Thread(target=self._produce, args=(stream, pieces), name="pqa-answer", daemon=True)
        producer.start()
        while True:
            try:
                kind, value = pieces.get(timeout=POLL_S)
            except queue.Empty:
                if self._stop.is_set():
                    return  # stop() marked the turn; the producer closes the stream at its next piece
                continue
            if self._stop.is_set():
                return
            if kind == "piece":
                text = value
                while True:  # take what else has arrived: one page update for several pieces
                    try:
                        kind, value = pieces.get_nowait()
                    except queue.Empty:
                        break
                    if kind != "piece":
                        break
                    text += value
                with self._lock:
                    if turn.final:
                        return
                    turn.text += text
                    turn.status = "writing"
                if kind == "piece":
                    yield False
                    continue
            if kind == "answer":
                answer: Answer = value
                with self._lock:
                    if not turn.final:
                        turn.finish(answer, self.doc_of)
                return
            if kind == "error":
                self._fail(turn, value)
                return

    def _produce(self, stream: Any, pieces: queue.Queue[tuple[str, Any]]) -> None:
        """Iterate the answer stream in a thread of its own, so Stop never waits for the model."""
        it = iter(stream)
        try:
            for piece in it:
                if self._stop.is_set():
                    return
                pieces.put(("piece", piece))
            pieces.put(("answer", stream.answer))
        except Exception as e:  # noqa: BLE001 - reported in the chat by the consumer
            pieces.put(("error", e))
        finally:
            close = getattr(it, "close", None)
            if close is not None:
                close()  # a stopped LLM stream closes its connection

    def _fail(self, turn: TurnView, e: BaseException) -> None:
        message = plain_error(e)
        with self._lock:
            if turn.final:
                return
            turn.status, turn.message = "error", message


def _now() -> float:
    return time.time()
