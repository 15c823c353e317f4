"""The Python API: what the CLI, the chat UI, the evals and notebooks all call.

from qa import Assistant
assistant = Assistant.load()
answer = assistant.ask("Que dit François Rebsamen du rôle des collectivités ?")
answer.text, answer.refused, answer.citations[0].speaker, answer.citations[0].page
for piece in (s := assistant.stream("…")): print(piece, end="")
s.answer  # the checked Answer once the stream is done
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import logging
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

from ingest.structure import in_part
from qa.answerability import (
    HEAD_CHUNKS,
    HEAD_MAX_CHUNKS,
    WHEN_TYPES,
    Judge,
    Verdict,
    awaits_reply,
    event_bound,
    is_head,
)
from qa.answerers.base import (
    Answerer,
    AnswerRequest,
    Draft,
    corpus_name,
    reorder,
    strip_invalid_markers,
    validate_citations,
)
from qa.answerers.checked import Reset as Reset  # re-exported: what stream consumers check for
from qa.answerers.checked import checked_stream
from qa.answerers.extractive import FIRST_WORDS_MIN, NEXT_TURN_CHUNKS, ExtractiveAnswerer, describes_self
from qa.bridge import ROLE_MARGIN, TRANSLATION_MARGIN, TermBridge
from qa.core.errors import AnswererError, QuestionError
from qa.core.roles import role_mentions
from qa.core.settings import ANSWERERS, Settings
from qa.core.text import MONTH_WORDS, fold, split_sentences, stem_tokens, written_dates
from qa.core.types import Answer, Chunk, Passage, Passages, Query, SpeakerInfo
from qa.limits import bounded_history, check_optional_text
from qa.query import OCCUPATION_ASKED, QueryAnalyzer
from qa.retrieval import Filters, Retriever
from qa.terms import TermMatcher, corpus_language, initials_of
from vectorstore.index import Index
from vectorstore.vocab import Vocabulary

logger = logging.getLogger(__name__)

History = Sequence[str | dict[str, Any] | tuple[str, str]]
# Refusals decided from the speaker table alone: no passage can change them.
SURE_REFUSALS = frozenset({"unknown_speaker", "no_statement", "no_passages", "no_speakers"})


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


# The sentences of the passage before a passage that it is read with, for the names asked.
CONTEXT_SENTENCES = 2
# An answer is read with the whole question it answers (another speaker's turn ending in a
# question mark: a journalist's, an interviewer's), up to this many sentences: the names are
# in the question ("The AP is reporting that President Bolsonaro… Can you confirm that report?").
QUESTION_CONTEXT_SENTENCES = 6
# ... and a question turn that runs over several passages (counsel reading a document out before
# asking about it) is read whole, from up to this many passages back.
QUESTION_CONTEXT_CHUNKS = 3
# Another speaker's turn this short, before a speaker's, is a lead-in to it (a co-presenter
# introducing a story, a chair giving the floor): read with the speaker's own words.
LEAD_IN_SENTENCES = 2
# A speaker's own passage, in a turn of theirs over several passages, is also read with the
# turn's first sentences, up to this many passages back (dev pool: 1 more answered, none lost).
TURN_CONTEXT_CHUNKS = 8
TURN_OPENING_SENTENCES = 2
# A speaker with no introduction of their own is looked for as introduced before these first turns.
INTRODUCED_TURNS = 3
# Who replied to someone: the next turn by another speaker within this many chunks of theirs
# (a speech runs over several), and that reply's first chunks, at most.
REPLY_LOOKAHEAD = 8
REPLY_CHUNKS = 2
# A day written out: « 3 juillet 2023 », "26 February 2004", "June 7, 2022", "23RD JUNE, 2017".
_DAY_DATE = re.compile(
    rf"\b\d{{1,2}}(?:er|st|nd|rd|th)?\s+(?:{MONTH_WORDS}),?\s+\d{{4}}\b|\b(?:{MONTH_WORDS})\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b",
    re.I,
)
# Answerable by meaning (`answer.min_meaning_z`): the candidates are the asked speaker's statements or
# this many best passages, their sentences of this many characters at least (at most this many
# sentences); the corpus's sentences at large, one per chunk spread evenly, at most this many (and at
# least this many for a z-score to mean anything).
MEANING_DEPTH = 6
MEANING_MIN_CHARS = 20
MEANING_MAX_SENTENCES = 400
MEANING_BASELINE = 300
MEANING_MIN_BASELINE = 30
# The documents whose heads a question about the document itself reads: those of the best passages.
HEAD_SOURCES = 3


def _index_in(chunks: Sequence[Chunk], chunk: Chunk) -> int | None:
    """Where `chunk` stands in its document's chunk list (in document order), or None. Not at its
    position: the list skips the positions of chunks deduplicated at ingest (repeated "Yes.")."""
    i = bisect.bisect_left(chunks, chunk.position, key=lambda c: c.position)
    return i if i < len(chunks) and chunks[i].position == chunk.position else None


def _with_answering(query: Query, passages: list[Passage], verdict: Verdict) -> list[Passage]:
    """The passages, led by the asked speaker's statement that holds the asked fact when
    retrieval ranked it out: the judge read all their statements, the answer quotes passages."""
    chunk = verdict.answering
    if not (verdict.answerable and chunk is not None and query.kind == "speaker_topic" and query.answer_type):
        return passages
    if any(p.chunk.id == chunk.id for p in passages):
        return passages
    return [Passage(chunk, 0.0, 1), *(Passage(p.chunk, p.score, p.rank + 1) for p in passages)]


# Who speaks for a group says so in their first words ("Madam Speaker, the FF Plus…").
OPENING_WORDS = 15


def _document_name(title: str, source: str) -> str:
    """How messages name a document: its title when it reads as one (a few words, not a
    heading in capitals such as "SOMMAIRE"), else its file name."""
    words = title.split()
    if 3 <= len(words) <= 25 and not title.isupper() and not _CODE_LIKE.search(title):
        return title
    return source


# A first line that is code, not a title ("import streamlit as st from sentence_transformers…"
# of Hansard texts pasted into a program): keywords of imports, identifiers, operators.
_CODE_LIKE = re.compile(r"^\s*(?:import|from|def|class|#include|<\?|<!|<html)\b|[{}<>=;]|\b[a-z]+_[a-z_]+\b")


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


# Sentence vectors kept for choosing quotes (384 floats each: about 15 MB at most).
MAX_CACHED_SENTENCES = 10_000
MAX_CACHED_CONTEXTS = 50_000


def _unit(rows: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.maximum(norms, 1e-12)  # type: ignore[no-any-return]


class Assistant:
    """Answers questions about the indexed proceedings, with passages cited by speaker.

    The one object the CLI, the chat UI, the evals and notebooks use. Cheap to build: the
    embedding model, the BM25 index and the corpus tables (saved at ingest) and the speaker
    tables load on first use (or on `warm_up()`). Thread-safe for concurrent questions.

    :param settings: the settings, read once by the caller (`Settings.load()`).
    :param index: an already open index (tests, notebooks); default: the one `settings` names.
    """

    def __init__(self, settings: Settings, index: Index | None = None) -> None:
        self.settings = settings
        # An assistant is there to search: its store opens while the manifest is read.
        self.index = index or Index(settings, prepare_store=True)
        self.retriever = Retriever(self.index, settings.retrieval)
        self._answerers: dict[str, Answerer] = {}
        self._lock = threading.RLock()
        # Sentence vectors for choosing quotes: the same passages' sentences come back.
        self._sentence_vectors: dict[str, np.ndarray[Any, Any]] = {}
        self._reset_tables()

    def _reset_tables(self) -> None:
        # Built from the committed manifest on first use (or by warm_up), rebuilt by reload.
        self._idf: dict[str, float] | None = None
        self._matcher: TermMatcher | None = None
        self._analyzer: QueryAnalyzer | None = None
        self._spoken: dict[str, Counter[str]] = {}
        self._bridge: TermBridge | None = None
        self._corpus_lang: str | None = None
        self._vocabulary_for: str | None = None  # the tables state the vocabulary was completed for
        self._baseline: tuple[str, list[str]] | None = None  # (tables state, sentences)
        # What each passage is read in (`_context`), by (own, chunk id): a speaker's every statement
        # is read for each question about them.
        self._contexts: dict[tuple[bool, str], str] = {}

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
        # Step by step, each under its own lock: a question asked meanwhile (the UI warms up
        # after serving its page) waits only for the part it needs.
        self.matcher()
        self.analyzer().prepare()
        _ = self.index.lexical
        # The lookups a question makes: chunks by id, by speaker and by kind of block.
        self.index.chunk("")
        for field in ("speaker", "block", "part", "source"):
            self.index.positions(field, "")
        self.index.speaker_rows(())
        self.index.find_speaker("")
        self._vocabulary()
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
                    "speakers": len({s.name for s in d.speakers}),
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
            self._reset_tables()

    # --- parts -------------------------------------------------------------------------
    def idf(self) -> dict[str, float]:
        """Inverse document frequency of the corpus's stems (the extractive answerer's weights)."""
        with self._lock:
            if self._idf is None:
                self._idf = self.index.tables().idf()
            return self._idf

    def corpus_lang(self) -> str:
        """The language most of the indexed text is in."""
        with self._lock:
            if self._corpus_lang is None:
                self._corpus_lang = corpus_language(self.index.chunks())
            return self._corpus_lang

    def bridge(self) -> TermBridge:
        """Cross-lingual term matching over the index's embedded vocabulary."""
        with self._lock:
            if self._bridge is None:
                vocab = Vocabulary(self.index.dir, self.index.embedder)
                vocab.load()
                self._bridge = TermBridge(vocab, self.index.embedder)
            return self._bridge

    def _vocabulary(self) -> TermBridge | None:
        """The bridge, its vocabulary holding every word of the corpus (the ingest embeds the
        words of the documents it adds; an index made before that, or read from a server by a
        machine that did not ingest it, gets the missing ones once). None without word vectors."""
        if not getattr(self.index.embedder, "word_vectors", True):
            return None
        bridge = self.bridge()
        key = self.index.tables_state()
        if self._vocabulary_for != key:
            with self._lock:
                if self._vocabulary_for != key:
                    if self.index.documents:
                        bridge.vocabulary.update_words(self.index.tables().vocabulary())
                    self._vocabulary_for = key
        return bridge

    def _translate(self, word: str, margin: float = TRANSLATION_MARGIN) -> tuple[str, ...]:
        bridge = self._vocabulary()
        return bridge.translations(word, margin) if bridge is not None else ()

    def _soft_match(self, word: str, text: str) -> bool:
        bridge = self._vocabulary()
        return bridge.soft_match(word, text) if bridge is not None else False

    def _sentence_similarity(self, question: str, sentences: Sequence[str]) -> list[float]:
        """The cosine of the question with each sentence, by the index's embedder."""
        embedder = self.index.embedder
        with self._lock:
            missing = [t for t in dict.fromkeys(sentences) if t not in self._sentence_vectors]
        if missing:
            vectors = _unit(np.asarray(embedder.embed_documents(missing), dtype=np.float32))
            with self._lock:
                if len(self._sentence_vectors) + len(missing) > MAX_CACHED_SENTENCES:
                    self._sentence_vectors.clear()
                self._sentence_vectors.update(zip(missing, vectors, strict=True))
        q = _unit(np.asarray([embedder.embed_query(question)], dtype=np.float32))[0]
        with self._lock:
            found = [self._sentence_vectors.get(t) for t in sentences]
        if any(v is None for v in found):  # cleared by another thread meanwhile: embed them again
            return self._sentence_similarity(question, sentences)
        return [float(v @ q) for v in found]  # type: ignore[operator]

    def matcher(self) -> TermMatcher:
        """Topic terms, coverage and names for this corpus."""
        with self._lock:
            if self._matcher is None:
                self._matcher = TermMatcher(
                    self.idf(),
                    self.corpus_lang(),
                    self._translate,
                    self.index.chunk_count(),
                    self.index.tables().proper_nouns(),
                    # Without word vectors nothing matches softly: not asked for every passage.
                    self._soft_match if getattr(self.index.embedder, "word_vectors", True) else None,
                    self.index.tables().lowercase_words(),
                )
            return self._matcher

    def analyzer(self) -> QueryAnalyzer:
        """Question analysis over this index's speaker table and parts."""
        with self._lock:
            if self._analyzer is None:
                self._analyzer = QueryAnalyzer(
                    self.index.speakers(),
                    self.index.parts(),
                    self.index.tables().common_words(),
                    self._translate_for_roles,
                    self._in_corpus,
                    self.index.part_titles(),
                    self._speaks_of,
                    self.index.tables().never_capitalised,
                    self._opens_with,
                )
            return self._analyzer

    def _opens_with(self, name: str, words: frozenset[str]) -> bool:
        """Whether the speaker's first statement holds all the (folded) words in its first
        OPENING_WORDS words."""
        chunks = sorted(
            (c for c in self.index.chunks_where("speaker", {name}) if c.block == "statement"), key=lambda c: c.position
        )
        if not chunks:
            return False
        opening = {fold(w) for w in re.findall(r"[\w'-]+", chunks[0].text)[:OPENING_WORDS]}
        return words <= opening

    def _speaks_of(self, name: str, words: frozenset[str]) -> int:
        """How often the speaker's own statements use the (folded) words; their words are
        counted once, and only for the speakers a question makes it ask about."""
        spoken = self._spoken.get(name)
        if spoken is None:
            chunks = self.index.chunks_where("speaker", {name})
            spoken = Counter(fold(w) for c in chunks if c.block == "statement" for w in re.findall(r"[\w'-]+", c.text))
            self._spoken[name] = spoken
        return sum(spoken[w] for w in words)

    def _in_corpus(self, word: str) -> bool:
        idf = self.idf()
        return any(s in idf for s in stem_tokens(word))

    def _translate_for_roles(self, word: str) -> tuple[str, ...]:
        # Role complements ("French", "Armenia") only need translating across languages; a
        # word already spelled as in the corpus needs no model.
        return () if self._in_corpus(word) else self._translate(word, ROLE_MARGIN)

    def answerer(self, name: str | None = None) -> Answerer:
        """The answerer called `name` (default: `answer.answerer`), built once.

        :raises QuestionError: an unknown name. :raises AnswererError: a setup mistake (hf-local without a path).
        """
        name = name or self.settings.answer.answerer
        with self._lock:
            if name not in self._answerers:
                if name == "extractive":
                    self._answerers[name] = ExtractiveAnswerer(
                        self.settings.answer, self.matcher, self._sentence_similarity
                    )
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
    ) -> Passages:
        """The `k` best passages for `query`, scored, without writing an answer.

        :param speaker: only passages by this speaker (a name as `speakers()` lists it, or a unique part of it).
        :param part: only passages of this part ("Session 2"). :param source: only this indexed file.
        :returns: passages best first, each with its chunk (text, speaker, role, part, pages) and score;
            a list that renders as a table in notebooks.
        :raises QuestionError: empty or too long query, bad `k`, unknown speaker, part or source.
        :raises IndexMissingError: nothing is indexed yet.
        """
        self._check_question(query)
        k = _check_k(k) or 8
        speaker, part, source = self._check_filters(speaker, part, source)
        filters = self.retriever.make_filters(speaker, part, source)
        analysed = self.analyzer().analyze(query, (), filters.speaker, filters.part)
        return Passages(self.retriever.retrieve(analysed, k=k, filters=filters).passages)

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

    def analyze(
        self, question: str, history: History | None = None, speaker: str | None = None, part: str | None = None
    ) -> Query:
        """The analysed question (who, what kind, what about) as answering sees it.

        :raises QuestionError: empty or too long question, unknown speaker or part filter.
        """
        self._check_question(question)
        filters = self.retriever.make_filters(speaker, part, None)
        return self.analyzer().analyze(question, user_questions(history), filters.speaker, filters.part)

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
        notes: list[str] = []
        fallback = False
        t0 = time.perf_counter()
        query = self.analyzer().analyze(question, history, filters.speaker, filters.part)
        if query.refers_back and getattr(chosen, "condense", None) is not None and not query.speakers:
            try:
                condensed = chosen.condense(question, history)  # type: ignore[attr-defined]
                analysed = self.analyzer().analyze(condensed, (), filters.speaker, filters.part)
                query = dataclasses.replace(analysed, text=question, refers_back=True)
            except AnswererError as e:
                if not self.settings.answer.fallback_to_extractive:
                    raise
                notes.append(f"follow-up condensing failed: {e}")
                fallback = True
                chosen = self.answerer("extractive")
        timings["analyze"] = (time.perf_counter() - t0) * 1000
        logger.info("query: %s", query.to_dict())
        if query.replied_to:
            # « Et qui lui a répondu ? »: the turn after theirs, on what the conversation was about
            query, reply = self._reply(query, history, filters)
            passages, statements = [Passage(c, 0.0, i) for i, c in enumerate(reply, 1)], reply
        else:
            passages, statements = self._gather(query, filters, k, timings)
        shortfall = self.index.dense_shortfall()  # said, not a silent keyword-only answer
        if shortfall:
            notes.append(shortfall)
        t0 = time.perf_counter()
        verdict = self._judge(query, passages, statements, filters)
        timings["judge"] = (time.perf_counter() - t0) * 1000
        passages = _with_answering(query, passages, verdict)
        logger.info("verdict: %s", verdict)
        rows = self.index.speaker_rows({*query.speakers, *query.nearest})
        titles = [_document_name(d.title, d.source) for d in self.index.documents.values()]
        req = AnswerRequest(query, passages, verdict, rows, corpus_name(titles, query.lang), history, deadline=deadline)
        if not verdict.answerable and verdict.reason in SURE_REFUSALS and chosen.name != "extractive":
            notes.append(f"refused without asking the {chosen.name} model: {verdict.reason}")
            chosen = self.answerer("extractive")  # a speaker nobody matches needs no model to say so
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

    def _reply(self, query: Query, history: Sequence[str], filters: Filters) -> tuple[Query, list[Chunk]]:
        """Who answered `query.replied_to`, and how: of that speaker's turns, the one the last
        question was about (the best ranked of theirs), then the next turn by someone else.
        The query comes back about that speaker's words (`speaker_summary` of the reply turn);
        unchanged, with no chunk, when nobody spoke after them."""
        asked = query.replied_to
        theirs = Filters((asked,), filters.part, filters.source)
        # what they said that was answered: as the question puts it ("when she said the UK is
        # an island"), else what the conversation asked of them
        about = [dataclasses.replace(query, kind="speaker_topic", speakers=(asked,))] if query.topic else []
        if history:
            about.append(self.analyzer().analyze(history[-1], history[:-1]))
        ranked = [
            p.chunk
            for q in about
            for p in self.retriever.retrieve(q, filters=theirs).passages
            if p.chunk.speaker == asked
        ]
        ranked += [c for c in self.index.chunks_where("speaker", {asked}) if c.block == "statement"]
        docs = {d.source: d for d in self.index.documents.values()}
        for turn in ranked:
            d = docs.get(turn.source)
            at = _index_in(d.chunks, turn) if d is not None else None
            if d is None or at is None:
                continue
            after = [c for c in d.chunks[at + 1 : at + 1 + REPLY_LOOKAHEAD] if c.block == "statement" and c.speaker]
            other = next((c for c in after if c.speaker != asked), None)
            if other is None:
                continue
            # the replier's turn: their passages until someone else speaks
            who = other.speaker
            reply: list[Chunk] = []
            for c in after[after.index(other) :]:
                if c.speaker != who:
                    break
                reply.append(c)
            replier = dataclasses.replace(query, speakers=(who,), speaker_source="history", kind="speaker_summary")
            return replier, reply[:REPLY_CHUNKS]
        return query, []

    def _gather(
        self, query: Query, filters: Filters, k: int | None, timings: dict[str, float]
    ) -> tuple[list[Passage], list[Chunk]]:
        """The passages an answer may cite, chosen by the kind of question, and the asked
        speakers' own statements (what a question about their views is judged against)."""
        k = k or self.settings.retrieval.k
        keep = filters.keep
        asked = set(query.speakers)
        # The asked speakers' chunks and the programme's, looked up (never every chunk).
        theirs = self.index.chunks_where("speaker", asked) if asked else []
        statements = [c for c in theirs if c.block == "statement" and keep(c)]
        if query.kind == "speaker_summary":
            return [Passage(c, 0.0, i) for i, c in enumerate(statements, 1)], statements
        if query.kind == "who_is":
            chosen = [c for c in theirs if c.block == "intro"]
            if not chosen:
                # No introduction of theirs: whoever introduced them did so in the document's
                # opening or just before they first spoke ("Elizabeth Stark, CEO of Lightning
                # Labs", counsel's "Dr Hammer, you are the … Fellow at …").
                docs = {d.source: d for d in self.index.documents.values()}
                for c in statements[:INTRODUCED_TURNS]:
                    d = docs.get(c.source)
                    if d is not None:
                        at = _index_in(d.chunks, c) or 0
                        near = [*d.chunks[:HEAD_CHUNKS], *d.chunks[max(0, at - 1) : at]]
                        chosen += [x for x in near if x not in chosen and x.speaker not in asked]
                # ... or, in an interview, when the host first named them ("On poursuit le tour
                # de table avec Audrey Tang. Bonsoir, programmatrice de logiciels libres…").
                first = docs.get(statements[0].source) if statements else None
                names = [fold(n) for n in query.speakers]
                named = (
                    x
                    for x in (first.chunks if first is not None else ())
                    if x.block == "statement"
                    and x.speaker
                    and x.speaker not in asked
                    and any(n in fold(x.text) for n in names)
                )
                naming = [x for x in itertools.islice(named, INTRODUCED_TURNS) if x not in chosen]
                chosen += naming
                # ... and the namer's next turn, where a greeting ends the naming one (« Saskia
                # Sassen, bonsoir. » « Bonsoir. » « … Sociologue économiste néerlando-américaine. »)
                for x in naming:
                    pos = _index_in(first.chunks, x) if first is not None else None
                    if pos is None or first is None:
                        continue
                    after = first.chunks[pos + 1 : pos + 1 + NEXT_TURN_CHUNKS]
                    chosen += [y for y in after if y.speaker == x.speaker and y not in chosen][:1]
            chosen += [
                c
                for c in self.index.chunks_where("block", ("programme",))
                if any(n in c.text for n in query.speakers) and c not in chosen
            ]
            # ... and their own first words that say something (not « Bonsoir. »)
            chosen += [c for c in statements if c not in chosen and len(c.text.split()) >= FIRST_WORDS_MIN][:2]
            if OCCUPATION_ASKED.search(query.text):
                # « il fait quoi dans la vie ? »: where they say it (« Je suis directeur d'une
                # association… »), beyond the role the table gives
                known = {m.canonical for r in self.index.speaker_rows(asked) for m in role_mentions(r.role)}
                seen = " ".join(c.text for c in chosen)
                chosen += [
                    c
                    for c in statements
                    if c not in chosen
                    and any(describes_self(s, known) and s not in seen for s in split_sentences(c.text))
                ][:1]
            if query.answer_type in WHEN_TYPES and query.part:
                # "Who moderated session 3, and when?": the part's programme lines, its hour
                chosen += [
                    c
                    for c in self.index.chunks_where("block", ("programme",))
                    if in_part(c, query.part) and c not in chosen
                ]
            return [Passage(c, 0.0, i) for i, c in enumerate(chosen, 1)], statements
        if query.kind in ("speaker_topic", "who_spoke") and statements:
            filters = Filters(tuple(asked), filters.part, filters.source)
        depth = 2 * k if query.kind == "who_spoke" else k
        expansions: tuple[str, ...] = ()
        matcher = self.matcher()
        if matcher.cross_lingual(query):
            expansions = tuple(t for w in query.topic for t in self._translate(w))
        # "the Democratic Alliance", which the record writes "DA"
        expansions += tuple(a for n in query.names if (a := initials_of(n)) and fold(a) in matcher.idf)
        retrieval = self.retriever.retrieve(query, k=depth, filters=filters, expansions=expansions)
        timings.update({f"retrieve_{name}": v for name, v in retrieval.timings_ms.items()})
        passages = retrieval.passages
        if query.about_document or (
            query.kind == "programme" and query.answer_type in WHEN_TYPES and not query.speakers and not query.part
        ):
            # "When was the annual meeting of the district held?" names the document by its
            # title's words, which are more than the words of a document: its head may say when.
            passages = self._with_heads(passages, keep)
        if event_bound(query):
            # « À quelle heure commence le colloque ? »: the programme's slots, looked up, say
            # when the day began and ended; retrieval may rank the first or last one out.
            have = {p.chunk.id for p in passages}
            slots = [c for c in self.index.chunks_where("block", ("programme",)) if keep(c) and c.id not in have]
            passages = [*passages, *(Passage(c, 0.0, len(passages) + i) for i, c in enumerate(slots, 1))]
        if query.kind == "programme" and query.part:
            # The programme's lines for the part asked about, looked up: "When did the wrap-up
            # part of the day kick off?" shares no word with « 16h30-17h15 : Conclusions ».
            have = {p.chunk.id for p in passages}
            slots = [
                c
                for c in self.index.chunks_where("block", ("programme",))
                if keep(c) and c.id not in have and in_part(c, query.part)
            ]
            passages = [*passages, *(Passage(c, 0.0, len(passages) + i) for i, c in enumerate(slots[:2], 1))]
        return passages, statements

    def _with_heads(self, passages: list[Passage], keep: Callable[[Chunk], bool]) -> list[Passage]:
        """The passages with, after the best two, the heads of their documents: the title and
        the opening lines, where a document states its own date, time and place ("The House
        met at 14:02", "Journal … 28/05/2018 20h00 GMT"), which retrieval ranks low because
        they share no word with the question but "when"."""
        sources = list(dict.fromkeys(p.chunk.source for p in passages[:HEAD_SOURCES]))
        have = {p.chunk.id for p in passages}
        heads: list[Chunk] = []
        for entry in self.index.documents.values():
            if entry.source not in sources or not entry.chunks:
                continue
            first = [c for c in entry.chunks[:HEAD_MAX_CHUNKS] if is_head(c)]
            title = " ".join(entry.title.split())
            if title and not any(title in " ".join(c.text.split()) for c in first):
                heads.append(Chunk(title, entry.source, first[0].pages[:1], block="section", position=-1))
            heads += [c for c in first if c.id not in have and keep(c)]
        if not heads:
            return passages
        scored = [(p.chunk, p.score) for p in passages]
        merged = scored[:2] + [(c, 0.0) for c in heads] + scored[2:]
        return [Passage(c, score, rank) for rank, (c, score) in enumerate(merged, 1)]

    def _judge(self, query: Query, passages: list[Passage], statements: list[Chunk], filters: Filters) -> Verdict:
        if filters.active and not passages and not statements:
            return Verdict(False, "no_passages", detail="filters")
        a = self.settings.answer
        judge = Judge(
            self.matcher(),
            a.min_support,
            a.min_support_cross_lingual,
            a.min_support_speaker,
            self._context(),
            self._context(own=True),
        )
        return self._by_meaning(query, judge.judge(query, passages, statements), passages, statements)

    def _by_meaning(self, query: Query, verdict: Verdict, passages: list[Passage], statements: list[Chunk]) -> Verdict:
        """`verdict`, or, for a refusal for want of the question's words, answerable by meaning
        when the closest candidate sentence stands out (`answer.min_meaning_z`): "Which gun
        measures did X ask lawmakers to pass?" is answered by "We need background checks.", which
        shares one word with it."""
        z_min = self.settings.answer.min_meaning_z
        if verdict.answerable or verdict.reason not in ("off_topic", "low_support") or z_min is None:
            return verdict
        candidates = statements or [p.chunk for p in passages[:MEANING_DEPTH]]
        sentences = [s for c in candidates for s in split_sentences(c.text) if len(s) >= MEANING_MIN_CHARS]
        baseline = self._baseline_sentences()
        if not sentences or len(baseline) < MEANING_MIN_BASELINE:
            return verdict
        question = query.standalone or query.text
        best = max(self._sentence_similarity(question, sentences[:MEANING_MAX_SENTENCES]))
        base = np.asarray(self._sentence_similarity(question, baseline))
        z = (best - float(base.mean())) / (float(base.std()) or 1.0)
        if z < z_min:
            return verdict
        return Verdict(True, "", verdict.support, f"by meaning (z={z:.2f})", by_meaning=True)

    def _baseline_sentences(self) -> list[str]:
        """Sentences spread evenly over the corpus: what a question's similarity is measured against."""
        key = self.index.tables_state()
        with self._lock:
            if self._baseline is not None and self._baseline[0] == key:
                return self._baseline[1]
        chunks = self.index.chunks()
        step = max(1, len(chunks) // MEANING_BASELINE)
        sentences = [s for c in chunks[::step] for s in split_sentences(c.text)[:1] if len(s) >= MEANING_MIN_CHARS][
            :MEANING_BASELINE
        ]
        with self._lock:
            self._baseline = (key, sentences)
        return sentences

    def _context(self, own: bool = False) -> Callable[[Chunk], str]:
        """What a passage is read in for the names a question gives: its document's title and
        the last sentences of the passage before it; `own`: of the passage before it, only the
        speaker's own or a question put to them (a speaker does not say what another said)."""
        docs = {d.source: d for d in self.index.documents.values()}
        # A document's own date, stated in its head (« Lundi 3 juillet 2023 »), dates every
        # passage of it, as its title names them: "the morning of 3 July 2023" is that day's.
        # (worked out for the documents a question's passages come from, once each)
        dated: dict[str, str] = {}

        def context(chunk: Chunk) -> str:
            key = (own, chunk.id)
            with self._lock:
                known = self._contexts.get(key)
            if known is None:
                known = read_in(chunk)
                with self._lock:
                    if len(self._contexts) >= MAX_CACHED_CONTEXTS:
                        self._contexts.clear()
                    self._contexts[key] = known
            return known

        def read_in(chunk: Chunk) -> str:
            d = docs.get(chunk.source)
            if d is None:
                return ""
            if d.source not in dated:
                firsts = [d.title, *(c.text for c in d.chunks[:HEAD_CHUNKS])]
                # (a date in figures, « Journal … 28/05/2018 », is the day a question writes out)
                days = dict.fromkeys(
                    [
                        *(m.group(0) for t in firsts for m in _DAY_DATE.finditer(t)),
                        *(w for t in firsts for w in written_dates(t)),
                    ]
                )
                dated[d.source] = " ".join([d.title, *days])
            title = dated[d.source]
            if chunk.block == "statement" and chunk.part_title:
                # The heading a statement falls under names its subject: every speech of the
                # debate on « LOI SUR L'AGENCE DES DOUANES ET DU REVENU » is on that agency.
                title = f"{title}\n{chunk.part_title}"
            at = _index_in(d.chunks, chunk)
            if not at:
                return title
            prev = d.chunks[at - 1]
            sentences = split_sentences(prev.text)
            asked = prev.speaker != chunk.speaker and awaits_reply(prev.text)
            # The speaker a turn answers is named by the turn before it: « Qu'a répondu la ministre
            # à la question d'Alexa McDonough ? » (whose name her answer does not repeat).
            head = f"{title}\n{prev.speaker}" if prev.speaker and prev.speaker != chunk.speaker else title
            # Another speaker's lead-in ("AG : La France maintient ses sanctions contre le régime
            # syrien." before the co-presenter's story) introduces the turn; their statement does not.
            lead_in = asked or len(sentences) <= LEAD_IN_SENTENCES
            if own and prev.speaker != chunk.speaker and not lead_in:
                return head
            if not asked:
                if own and prev.speaker == chunk.speaker:
                    # A speech over several passages names its subject as it opens ("I beg to
                    # move the Motion…"): its later passages are read with that opening.
                    back = at - 1
                    while back > 0 and at - back < TURN_CONTEXT_CHUNKS and d.chunks[back - 1].speaker == chunk.speaker:
                        back -= 1
                    if back < at - 1:
                        opening = " ".join(split_sentences(d.chunks[back].text)[:TURN_OPENING_SENTENCES])
                        return f"{head}\n{opening}\n{' '.join(sentences[-CONTEXT_SENTENCES:])}"
                return f"{head}\n{' '.join(sentences[-CONTEXT_SENTENCES:])}"
            turn = [prev]
            for back in range(at - 2, max(-1, at - 1 - QUESTION_CONTEXT_CHUNKS), -1):
                if d.chunks[back].speaker != prev.speaker:
                    break
                turn.insert(0, d.chunks[back])
            question = sentences[-QUESTION_CONTEXT_SENTENCES:]
            return "\n".join([head, *(c.text for c in turn[:-1]), " ".join(question)])

        return context

    def _finish(
        self, req: AnswerRequest, draft: Draft, name: str, fallback: bool, notes: list[str], timings: dict[str, float]
    ) -> Answer:
        # The checked stream numbered the citations in reading order as they streamed; the
        # passages follow that order ([n] is passages[n-1]).
        passages = draft.passages if draft.passages is not None else reorder(req.passages, draft.order)
        citations, dropped = ([], []) if draft.refused else validate_citations(draft.text, passages, draft.quotes)
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
            passages=passages,
            refused=draft.refused,
            grounded=grounded,
            answerer=name,
            lang=req.lang,
            fallback=fallback,
            dropped_citations=dropped,
            timings_ms=timings,
            notes=notes,
            resolved_question=req.standalone,
            query=req.query,
        )
