"""The Python API: what the CLI, the chat UI, the evals and notebooks all call.

from qa import Assistant
assistant = Assistant.load()
answer = assistant.ask("Que dit François Rebsamen du rôle des collectivités ?")
answer.text, answer.refused, answer.citations[0].speaker, answer.citations[0].page
for piece in (s := assistant.stream("…")): print(piece, end="")
s.answer  # the checked Answer once the stream is done
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Iterator, Sequence
from typing import Any

from qa.answerers.base import Answerer, AnswerRequest, Draft, strip_invalid_markers, validate_citations
from qa.answerers.checked import Reset as Reset  # re-exported: what stream consumers check for
from qa.answerers.checked import checked_stream
from qa.answerers.extractive import ExtractiveAnswerer, idf_table
from qa.core.errors import AnswererError, QuestionError
from qa.core.settings import ANSWERERS, Settings
from qa.core.text import content_words, detect_lang
from qa.core.types import Answer, Passage, SpeakerInfo
from qa.limits import bounded_history, check_optional_text
from qa.retrieval import Filters, Retrieval, Retriever
from vectorstore.index import Index

logger = logging.getLogger(__name__)

History = Sequence[str | dict[str, Any] | tuple[str, str]]
# A follow-up leans on the conversation: a pronoun, "and ...?", "what about ...".
_FOLLOW_UP = re.compile(r"^\s*(et|and|also|aussi|what about|how about|and what|qu'en est-il|mais)\b", re.I)
# A pronoun points back at someone already named in the conversation.
_PRONOUN = re.compile(r"\b(il|elle|ils|elles|lui|leur|he|she|they|him|her|his|their|them)\b|-t-(il|elle)\b", re.I)


def user_questions(history: History | None) -> list[str]:
    """Earlier user questions, oldest first, from strings, (question, answer) pairs or
    chat messages ({"role": "user", "content": ...})."""
    out: list[str] = []
    for h in history or []:
        if isinstance(h, str):
            out.append(h)
        elif isinstance(h, tuple):
            out.append(str(h[0]))
        elif isinstance(h, dict) and h.get("role") == "user":
            content = h.get("content")
            out.append(content if isinstance(content, str) else str(content))
    return [q for q in out if q.strip()]


def _check_k(k: object) -> int | None:
    """`k` as given through the Python API: None (the default) or 1..100."""
    if k is None:
        return None
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= 100:
        raise QuestionError(f"k must be an integer from 1 to 100, not {k!r}")
    return k


class AnswerStream:
    """Iterate for text pieces; `.answer` holds the checked Answer when iteration ends.

    The pieces add up to the answer's text. A `Reset` piece (a `str`) withdraws what was shown
    before it: an LLM failed mid-answer and the extractive answer that follows replaces it.
    """

    def __init__(self, gen: Iterator[str], holder: list[Answer]) -> None:
        self._gen = gen
        self._holder = holder

    def __iter__(self) -> Iterator[str]:
        yield from self._gen

    @property
    def answer(self) -> Answer:
        """The checked Answer (drains the stream first if it was not iterated)."""
        if not self._holder:
            for _ in self._gen:
                pass
        return self._holder[0]


class Assistant:
    """Answers questions about the indexed proceedings, with passages cited by speaker.

    The one object the CLI, the chat UI, the evals and notebooks use. Cheap to build: the
    embedding model, the BM25 index and the speaker tables load on first use (or on
    `warm_up()`). Thread-safe for concurrent questions.

    :param settings: the settings, read once by the caller (`Settings.load()`).
    :param index: an already open index (tests, notebooks); default: the one `settings` names.
    """

    def __init__(self, settings: Settings, index: Index | None = None) -> None:
        self.settings = settings
        self.index = index or Index(settings)
        self.retriever = Retriever(self.index, settings.retrieval)
        self._idf: dict[str, float] | None = None
        self._answerers: dict[str, Answerer] = {}
        self._lock = threading.Lock()

    @classmethod
    def load(cls, settings: Settings | None = None, **overrides: Any) -> Assistant:
        """An assistant with the default settings (environment, ``PQA_CONFIG``) and dotted overrides.

        ``Assistant.load(**{"retrieval.k": 8})``.

        :raises SettingsError: an override or an environment variable is invalid.
        """
        settings = settings or Settings.load(overrides=overrides)
        return cls(settings)

    def warm_up(self) -> None:
        """Load what the first question would otherwise wait for: the manifest's tables, the
        BM25 index, the speaker resolver, the term weights and the query embedder.

        :raises IndexMissingError: nothing is indexed yet.
        """
        self.index.require()
        with self._lock:
            self.idf()
            _ = self.retriever.resolver
            _ = self.index.lexical
        self.index.embedder.embed_query("warm-up")

    def describe(self) -> dict[str, Any]:
        """What is indexed: documents, parts, speakers (role, part, kind, chunks), as plain data.

        :raises IndexMissingError: nothing is indexed yet.
        """
        self.index.require()
        index = self.index
        return {
            "index": str(index.dir),
            "embedder": self.settings.embedder_id(),
            "documents": [
                {
                    "source": d.source,
                    "path": d.key,
                    "title": d.title,
                    "sha256": d.sha256,
                    "chunks": len(d.chunks),
                    "speakers": len(d.speakers),
                    "pages": max((p for c in d.chunks for p in c.pages), default=0),
                }
                for d in index.documents.values()
            ],
            "parts": [p for d in index.documents.values() for p in d.parts],
            "chunks": len(index.chunks()),
            "speakers": [s.to_dict() for s in index.speakers()],
        }

    def reload(self) -> None:
        """Pick up what another ingest committed (new files, new speakers and parts)."""
        with self._lock:
            self.index.load_manifest()
            self.retriever = Retriever(self.index, self.settings.retrieval)
            self._idf = None

    # --- parts -------------------------------------------------------------------------
    def idf(self) -> dict[str, float]:
        """Inverse document frequency of the corpus's stems (the extractive answerer's weights)."""
        if self._idf is None:
            self._idf = idf_table(self.index.chunks())
        return self._idf

    def answerer(self, name: str | None = None) -> Answerer:
        """The answerer called `name` (default: `answer.answerer`), built once.

        :raises QuestionError: an unknown name. :raises AnswererError: a setup mistake (hf-local without a path).
        """
        name = name or self.settings.answer.answerer
        with self._lock:
            if name not in self._answerers:
                if name == "extractive":
                    self._answerers[name] = ExtractiveAnswerer(self.settings.answer, self.idf)
                elif name in {"openai", "ollama", "hf-local"}:
                    from qa.answerers.llm import ChatAnswerer

                    self._answerers[name] = ChatAnswerer(name, self.settings.llm)
                else:
                    raise QuestionError(f"unknown answerer {name!r}; expected one of {', '.join(ANSWERERS)}")
            return self._answerers[name]

    def speakers(self) -> list[SpeakerInfo]:
        """The speaker table of every indexed document."""
        return self.index.speakers()

    def parts(self) -> list[str]:
        """Part labels ("Session 2", "Conclusions"...) of every indexed document, in order."""
        return self.index.parts()

    # --- API ---------------------------------------------------------------------------
    def search(
        self, query: str, k: int = 8, speaker: str | None = None, part: str | None = None, source: str | None = None
    ) -> list[Passage]:
        """The `k` best passages for `query`, scored, without writing an answer.

        :param speaker: only passages by this speaker (a name as `speakers()` lists it, or a unique part of it).
        :param part: only passages of this part ("Session 2"). :param source: only this indexed file.
        :returns: passages best first, each with its chunk (text, speaker, role, part, pages) and score.
        :raises QuestionError: empty or too long query, bad `k`, unknown speaker, part or source.
        :raises IndexMissingError: nothing is indexed yet.
        """
        self._check_question(query)
        k = _check_k(k) or 8
        speaker, part, source = self._check_filters(speaker, part, source)
        filters = self.retriever.make_filters(speaker, part, source)
        return self.retriever.retrieve(query, k=k, filters=filters).passages

    def ask(
        self,
        question: str,
        history: History | None = None,
        speaker: str | None = None,
        part: str | None = None,
        source: str | None = None,
        answerer: str | None = None,
        k: int | None = None,
    ) -> Answer:
        """Answer `question` from the indexed proceedings, every statement cited.

        :param question: in French or English.
        :param history: earlier user questions of the conversation, oldest first (strings,
            (question, answer) pairs or chat messages); used only when the question refers back.
        :param speaker: only passages by this speaker. :param part: only passages of this part.
        :param source: only this indexed file. :param answerer: override `answer.answerer`.
        :param k: passages retrieved (default `retrieval.k`).
        :returns: the checked `Answer`: text, numbered citations, passages, `refused`, `grounded`.
        :raises QuestionError: empty or too long question, bad `k`, unknown speaker, part or source.
        :raises IndexMissingError: nothing is indexed yet.
        :raises AnswererError: an LLM answerer failed and `answer.fallback_to_extractive` is off.
        """
        return self.stream(question, history, speaker, part, source, answerer, k).answer

    def stream(
        self,
        question: str,
        history: History | None = None,
        speaker: str | None = None,
        part: str | None = None,
        source: str | None = None,
        answerer: str | None = None,
        k: int | None = None,
    ) -> AnswerStream:
        """Like `ask`, but yields the answer's text as it is written.

        Arguments are checked now (errors raise here, before anything streams); iterate the
        returned stream for text pieces, then read `.answer` for the checked `Answer`.

        :raises QuestionError, IndexMissingError: as `ask`; AnswererError while iterating.
        """
        self._check_question(question)
        k = _check_k(k)
        speaker, part, source = self._check_filters(speaker, part, source)
        answerer = check_optional_text("answerer", answerer, 100)
        limit = self.settings.answer
        past = user_questions(bounded_history(history, limit.max_history, limit.max_question_chars))
        past = past[len(past) - limit.max_history :] if limit.max_history else []
        self.index.require()
        filters = self.retriever.make_filters(speaker, part, source)
        chosen = self.answerer(answerer)
        holder: list[Answer] = []
        return AnswerStream(self._run(question, past, filters, chosen, k, holder), holder)

    # --- internals ---------------------------------------------------------------------
    def _check_filters(self, speaker: object, part: object, source: object) -> tuple[str | None, ...]:
        limit = self.settings.answer.max_question_chars
        return tuple(
            check_optional_text(n, v, limit) for n, v in (("speaker", speaker), ("part", part), ("source", source))
        )

    def _check_question(self, question: object) -> None:
        if not isinstance(question, str):
            raise QuestionError(f"the question must be a string, not {type(question).__name__}")
        if not question.strip():
            raise QuestionError("the question is empty; ask something about the proceedings")
        limit = self.settings.answer.max_question_chars
        if len(question) > limit:
            raise QuestionError(
                f"the question is {len(question)} characters long; the limit is {limit} (answer.max_question_chars)"
            )

    def resolve_follow_up(self, question: str, history: list[str], chosen: Answerer) -> tuple[str, tuple[str, ...]]:
        """(standalone question, speakers carried from the conversation)."""
        if not history:
            return question, ()
        condense = getattr(chosen, "condense", None)
        if condense is not None:
            return condense(question, history), ()
        # Extractive: carry the speakers (and, for a bare follow-up, the subject) of the
        # latest earlier question that named any. A name in the question itself wins; a
        # pronoun wins over a role word that merely looks like someone's title.
        resolver = self.retriever.resolver
        if resolver.names_in(question):
            return question, ()
        earlier_speakers = next((sp for sp in map(resolver.speakers_in, reversed(history)) if sp), ())
        if earlier_speakers and _PRONOUN.search(question):
            return question, earlier_speakers
        if resolver.speakers_in(question):
            return question, ()
        if earlier_speakers and (_FOLLOW_UP.search(question) or len(content_words(question)) <= 3):
            return question, earlier_speakers
        if len(content_words(question)) <= 2:
            return f"{question} {history[-1]}", ()
        return question, ()

    def _run(
        self,
        question: str,
        history: list[str],
        filters: Filters,
        chosen: Answerer,
        k: int | None,
        holder: list[Answer],
    ) -> Iterator[str]:
        started = time.perf_counter()
        deadline = time.monotonic() + self.settings.answer.deadline_s
        timings: dict[str, float] = {}
        lang = detect_lang(question)
        notes: list[str] = []
        fallback = False
        t0 = time.perf_counter()
        try:
            standalone, carried = self.resolve_follow_up(question, history, chosen)
        except AnswererError as e:
            if not self.settings.answer.fallback_to_extractive:
                raise
            notes.append(f"follow-up condensing failed: {e}")
            fallback = True
            chosen = self.answerer("extractive")
            standalone, carried = self.resolve_follow_up(question, history, chosen)
        timings["condense"] = (time.perf_counter() - t0) * 1000
        retrieval: Retrieval = self.retriever.retrieve(standalone, k=k, filters=filters, extra_speakers=carried)
        timings.update({f"retrieve_{k_}": v for k_, v in retrieval.timings_ms.items()})
        shortfall = self.index.dense_shortfall()  # said, not a silent keyword-only answer
        if shortfall:
            notes.append(shortfall)
        mentioned = retrieval.mentions.speakers
        if filters.speaker and filters.speaker not in mentioned:
            mentioned = (*mentioned, filters.speaker)  # the filter names who the question is about
        roles = tuple(s.role for s in self.index.speakers() if s.name in mentioned)
        req = AnswerRequest(
            question, standalone, retrieval.passages, lang, history, mentioned, roles, deadline=deadline
        )
        t0 = time.perf_counter()
        # The checked stream: citations checked as they stream; on an LLM failure with the
        # fallback on, a Reset withdraws what was shown and the extractive answer follows.
        use_fallback = self.settings.answer.fallback_to_extractive and chosen.name != "extractive"
        outcome = yield from checked_stream(chosen, req, self.answerer("extractive") if use_fallback else None)
        draft, fallback = outcome.draft, fallback or outcome.fallback
        notes.extend(outcome.notes)
        timings["answer"] = (time.perf_counter() - t0) * 1000
        timings["total"] = (time.perf_counter() - started) * 1000
        holder.append(self._finish(req, draft, outcome.answerer, fallback, notes + draft.notes, timings))

    def _finish(
        self, req: AnswerRequest, draft: Draft, name: str, fallback: bool, notes: list[str], timings: dict[str, float]
    ) -> Answer:
        citations, dropped = ([], []) if draft.refused else validate_citations(draft.text, req.passages, draft.quotes)
        text = strip_invalid_markers(draft.text, dropped)
        dropped = [*draft.dropped, *dropped]  # the checked stream already removed these from the text
        if dropped:
            notes.append(f"dropped citations to passages that were not retrieved: {dropped}")
        grounded = draft.refused or bool(citations)
        if not grounded:
            notes.append("no valid citation: this answer is not grounded in the passages")
        return Answer(
            question=req.question,
            text=text,
            citations=citations,
            passages=req.passages,
            refused=draft.refused,
            grounded=grounded,
            answerer=name,
            lang=req.lang,
            fallback=fallback,
            dropped_citations=dropped,
            timings_ms=timings,
            notes=notes,
            resolved_question=req.standalone,
        )
