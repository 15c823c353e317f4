"""The chat without a browser: sessions queue, stream, stop and persist conversations; answers
keep their own sources; filters that match nothing are explained before asking; errors read
as plain words; everything shown is escaped; documents are served only when indexed; failed
logins are slowed down. Browser tests (tests/test_browser.py) drive the same app in Chromium."""

from __future__ import annotations

import asyncio
import logging
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from html import escape as html_escape
from pathlib import Path
from typing import Any

import gradio as gr
import pytest

from qa.assistant import Assistant
from qa.core.errors import (
    AnswererError,
    AnswererResponseError,
    AnswererUnavailableError,
    IndexMissingError,
    QuestionError,
    StoreUnavailableError,
)
from qa.core.settings import Settings
from qa.core.types import Chunk, SpeakerInfo
from tests.conftest import MD, PDF, make_settings
from ui import render
from ui.app import ELEM, build_app, ingest_uploads, launch_options, remove_document
from ui.messages import ALL, filter_problem, plain_error, speaker_choices
from ui.session import Session
from ui.views import Conversation, SourceView, TurnView, dump_store, load_store
from ui.web import DocumentFiles, LoginThrottle

# Questions the extractive answerer answers on the hash-embedded bundled index.
LOUYOT_Q = "Que dit Anne Louyot de la situation en Arménie ?"
AMBASSADOR_Q = "Que dit l'ambassadrice de France en Arménie de la coopération décentralisée ?"
FOLLOW_UP = "Et qu'a-t-elle dit de l'Ukraine ?"
MULTI_Q = "Que dit-on de la coopération décentralisée ?"
OUT_OF_SCOPE = "Quelle est la recette de la tarte tatin ?"
XSS_Q = "<img src=x onerror=alert(1)> <script>alert(2)</script> ![pixel](http://example.invalid/p.png)"
# Every speaker name of the bundled proceedings (none may leak before login).
SETTING_NAME = re.compile(r"\b(answer|llm|ui|index|retrieval)\.[a-z_]+\b|PQA_")


@pytest.fixture
def assistant(bundled_settings: Settings) -> Assistant:
    return Assistant(bundled_settings)


def answered(session: Session) -> list[bool]:
    """Run the session's waiting questions to the end; the `saved` flags it yielded."""
    return list(session.run())


def ask(session: Session, question: str, **filters: Any) -> TurnView:
    submitted = session.submit(question, **filters)
    assert submitted.turn is not None, submitted.hint
    answered(session)
    return submitted.turn


class Blocking:
    """An answer stream that writes one piece, then waits to be released (a slow model)."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.closed = threading.Event()

    def __iter__(self) -> Iterator[str]:
        try:
            yield "Anne Louyot parle "
            self.release.wait(30)
            yield "de l'Arménie."
        finally:
            self.closed.set()

    @property
    def answer(self) -> Any:
        raise AssertionError("a stopped answer is never read")


class Slow:
    """The real stream with a pause between pieces, so each arrives on its own."""

    def __init__(self, inner: Any, pause: float = 0.15) -> None:
        self.inner, self.pause = inner, pause

    def __iter__(self) -> Iterator[str]:
        for piece in self.inner:
            threading.Event().wait(self.pause)
            yield piece

    @property
    def answer(self) -> Any:
        return self.inner.answer


class ScriptedAssistant(Assistant):
    """The real assistant, except that the next streams are the ones given (then the real ones)."""

    def __init__(self, settings: Settings, streams: list[Any]) -> None:
        super().__init__(settings)
        self.streams = streams
        self.calls: list[dict[str, Any]] = []

    def stream(self, question: str, history: Any = None, speaker: Any = None, part: Any = None, **kw: Any) -> Any:  # type: ignore[override]
        self.calls.append({"question": question, "history": list(history or []), "speaker": speaker, "part": part})
        if self.streams:
            return self.streams.pop(0)
        return super().stream(question, history, speaker, part, **kw)


def wait_for(condition: Any, timeout: float = 20.0) -> None:
    done = threading.Event()
    for _ in range(int(timeout / 0.02)):
        if condition():
            return
        done.wait(0.02)
    raise AssertionError("condition not met in time")


# --- the app ---------------------------------------------------------------------------------
def test_app_builds_with_stable_ids_and_nothing_about_the_index(
    assistant: Assistant, bundled_settings: Settings
) -> None:
    app = build_app(assistant, bundled_settings)
    assert isinstance(app, gr.Blocks)
    by_id = {b.elem_id: b for b in app.blocks.values() if getattr(b, "elem_id", None)}
    for key in ("transcript", "question", "send", "stop", "speaker", "part", "new", "history", "documents"):
        assert ELEM[key] in by_id, key
    assert isinstance(by_id[ELEM["transcript"]], gr.HTML)
    # The question box is announced by its label.
    assert by_id[ELEM["question"]].label == "Your question"
    # Filter menus, examples and documents are filled after load (and login): the page's
    # configuration names no speaker and no part.
    config = str(app.config)
    for s in assistant.speakers():
        assert s.name not in config, s.name
    assert "Session 2" not in config
    assert by_id[ELEM["speaker"]].choices == [("All speakers", ALL)]
    # Extractive only: the answerer choice is hidden; no upload or removal unless allowed.
    assert by_id[ELEM["answerer"]].visible is False
    assert by_id[ELEM["upload"]].visible is False and by_id[ELEM["remove"]].visible is False


def test_upload_and_remove_are_offered_when_allowed(bundled_index_dir: Path) -> None:
    settings = make_settings(bundled_index_dir, ui={"allow_upload": True})
    app = build_app(Assistant(settings), settings)
    by_id = {b.elem_id: b for b in app.blocks.values() if getattr(b, "elem_id", None)}
    assert by_id[ELEM["upload"]].visible is True and by_id[ELEM["remove"]].visible is True


def test_launch_options(bundled_index_dir: Path) -> None:
    settings = make_settings(bundled_index_dir, ui={"auth": "ana:s3cr:et", "max_upload_mb": 2})
    opts = launch_options(settings, Assistant(settings))
    assert opts["auth"] == ("ana", "s3cr:et") and opts["share"] is False
    assert "api" not in opts["footer_links"] and opts["max_file_size"] == 2 * 1024 * 1024
    assert [r.path for r in opts["app_kwargs"]["routes"]] == ["/pqa/doc/{digest}/{name}"]
    assert [m.cls for m in opts["app_kwargs"]["middleware"]] == [LoginThrottle]
    plain = make_settings(bundled_index_dir)
    assert launch_options(plain, Assistant(plain))["auth"] is None


def test_serve_without_index_is_a_readable_error(tmp_path: Path) -> None:
    from ui.app import serve

    with pytest.raises(IndexMissingError, match="proceedings-qa ingest"):
        serve(make_settings(tmp_path / "none"))


def test_the_page_is_served_before_the_models_warm_up(bundled_index_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import app as ui_app

    events: list[str] = []
    release = threading.Event()
    warmed = threading.Event()

    def launch(self: gr.Blocks, *args: Any, **kwargs: Any) -> None:
        assert kwargs.get("prevent_thread_lock") is True, "launch must return, so that warming can follow it"
        events.append("page served")

    def warm_up(self: Assistant) -> None:
        events.append("warming")
        release.wait(30)  # still warming while serve() goes on
        events.append("warm")
        warmed.set()

    monkeypatch.setattr(gr.Blocks, "launch", launch)
    monkeypatch.setattr(gr.Blocks, "block_thread", lambda self: events.append("serving"))
    monkeypatch.setattr(Assistant, "warm_up", warm_up)
    ui_app.serve(make_settings(bundled_index_dir))
    assert events[0] == "page served" and "serving" in events and "warm" not in events
    release.set()
    assert warmed.wait(30)
    assert events.index("page served") < events.index("warming") < events.index("warm")


def test_a_failed_warm_up_is_logged_not_raised(bundled_settings: Settings, caplog: pytest.LogCaptureFixture) -> None:
    from ui.app import warm_in_background

    assistant = Assistant(bundled_settings)

    def broken() -> None:
        raise RuntimeError("model file unreadable")

    assistant.warm_up = broken  # type: ignore[method-assign]
    with caplog.at_level(logging.ERROR):
        warm_in_background(assistant).join(30)
    assert any("warming up failed" in r.getMessage() for r in caplog.records)


# --- a session: streaming, sources per answer, follow-ups --------------------------------------
def test_answer_streams_with_a_visible_state_then_cites(assistant: Assistant, bundled_settings: Settings) -> None:
    s = Session(ScriptedAssistant(bundled_settings, [Slow(assistant.stream(MULTI_Q))]), bundled_settings)
    turn = s.submit(MULTI_Q).turn
    assert turn is not None and turn.status == "waiting"
    seen: list[tuple[str, str]] = []
    for _ in s.run():
        seen.append((turn.status, s.render()))
    statuses = [st for st, _ in seen]
    assert statuses[0] == "searching" and "Searching the proceedings" in seen[0][1]
    assert "writing" in statuses, "the answer should arrive in pieces"
    writing = [html for st, html in seen if st == "writing"]
    assert len(writing) >= 2 and "Writing the answer" in writing[0]
    assert all("[1]" not in t and 'class="pqa-ref"' not in t for t in writing), "no marker before it is checked"
    assert turn.status == "done" and turn.sources
    assert len({src.speaker for src in turn.sources}) >= 2  # a quote per passage, several speakers
    html = s.render()
    first = next(src for src in turn.sources if src.speaker)
    assert f'id="pqa-t1-c{first.number}"' in html and f'href="#pqa-t1-c{first.number}"' in html
    row = next(r for r in assistant.speakers() if r.name == first.speaker)
    assert html_escape(row.role) in html and row.part in html
    assert "<mark>" in html
    assert 'data-lang="fr"' in html


def test_each_answer_keeps_its_own_sources(assistant: Assistant, bundled_settings: Settings) -> None:
    s = Session(assistant, bundled_settings)
    first = ask(s, AMBASSADOR_Q)
    second = ask(s, MULTI_Q)
    assert first.sources and second.sources
    html = s.render()
    for n, turn in ((1, first), (2, second)):
        for src in turn.sources:
            card = re.search(rf'<li class="pqa-source" id="pqa-t{n}-c{src.number}"[^>]*data-speaker="([^"]*)"', html)
            assert card and card.group(1) == src.speaker, (n, src.number)
    # Both answers have a [1]: two different ids, two different passages.
    assert html.count('id="pqa-t1-c1"') == 1 and html.count('id="pqa-t2-c1"') == 1


def test_follow_up_uses_the_conversation(assistant: Assistant, bundled_settings: Settings) -> None:
    # Alone, "she" is nobody: whoever spoke of Ukraine; after the question on the ambassador, her.
    alone = ask(Session(assistant, bundled_settings), FOLLOW_UP)
    assert {x.speaker for x in alone.sources} != {"Anne Louyot"}
    s = Session(assistant, bundled_settings)
    ask(s, AMBASSADOR_Q)
    follow = ask(s, FOLLOW_UP)
    assert follow.sources and {x.speaker for x in follow.sources} == {"Anne Louyot"}
    assert s.conversation.history() == [AMBASSADOR_Q, FOLLOW_UP]


def test_out_of_scope_is_an_answer_not_an_error(assistant: Assistant, bundled_settings: Settings) -> None:
    s = Session(assistant, bundled_settings)
    turn = ask(s, OUT_OF_SCOPE)
    assert turn.status == "done" and turn.refused and not turn.sources
    html = s.render()
    assert (
        "Je ne trouve pas la réponse" in html
        and "Not in the indexed documents" in html
        and "Could not answer" not in html
    )


@pytest.mark.parametrize(
    ("question", "expected"),
    [("", "Type a question first."), ("   ", "Type a question first."), ("x" * 5000, "5000 characters long")],
)
def test_unaskable_questions_add_nothing_and_say_why(
    assistant: Assistant, bundled_settings: Settings, question: str, expected: str
) -> None:
    s = Session(assistant, bundled_settings)
    submitted = s.submit(question)
    assert submitted.turn is None and not submitted.accepted
    assert expected in submitted.hint and not SETTING_NAME.search(submitted.hint)
    assert s.conversation.turns == []


# --- the question box stays usable: queue, stop, new conversation ------------------------------
def test_questions_asked_while_answering_wait_their_turn(bundled_settings: Settings) -> None:
    slow = Blocking()
    assistant = ScriptedAssistant(bundled_settings, [slow])
    s = Session(assistant, bundled_settings)
    first = s.submit(LOUYOT_Q).turn
    runner = threading.Thread(target=answered, args=(s,))
    runner.start()
    wait_for(lambda: first is not None and first.status == "writing")
    second = s.submit(AMBASSADOR_Q).turn
    assert second is not None and second.status == "waiting"
    again = s.submit(AMBASSADOR_Q)
    assert again.turn is None and "already being answered" in again.hint, "a double click asks once"
    assert "will be answered when the current answer is done" in s.render()
    assert list(s.run()) == [], "a second run returns at once; the running one takes the question"
    assert s.stop() and first is not None and first.status == "stopped"
    runner.join(20)
    assert not runner.is_alive()
    assert second.status == "done" and second.sources, "the waiting question was answered after the stop"
    assert [c["question"] for c in assistant.calls] == [LOUYOT_Q, AMBASSADOR_Q]
    assert assistant.calls[1]["history"] == [], "a stopped answer is no context for follow-ups"
    slow.release.set()
    assert slow.closed.wait(10), "the stopped stream is closed (an LLM connection would be released)"


def test_stop_keeps_the_partial_text_and_says_so(bundled_settings: Settings) -> None:
    slow = Blocking()
    s = Session(ScriptedAssistant(bundled_settings, [slow]), bundled_settings)
    turn = s.submit(LOUYOT_Q).turn
    assert turn is not None
    runner = threading.Thread(target=answered, args=(s,))
    runner.start()
    wait_for(lambda: turn.status == "writing")
    assert s.busy
    assert s.stop()
    runner.join(20)
    assert turn.status == "stopped" and turn.text == "Anne Louyot parle " and not s.busy
    html = s.render()
    assert "Stopped: this answer was not finished" in html and "Anne Louyot parle" in html
    assert not s.stop(), "nothing left to stop"
    slow.release.set()


def test_new_conversation_stops_and_keeps_the_old_one(bundled_settings: Settings) -> None:
    slow = Blocking()
    s = Session(ScriptedAssistant(bundled_settings, [slow]), bundled_settings)
    first = s.submit(LOUYOT_Q).turn
    runner = threading.Thread(target=answered, args=(s,))
    runner.start()
    wait_for(lambda: first is not None and first.status == "writing")
    waiting = s.submit(AMBASSADOR_Q).turn
    old_id = s.conversation.id
    s.new_conversation()
    runner.join(20)
    assert first is not None and first.status == "stopped"
    assert waiting is not None and waiting.status == "cancelled"
    assert s.conversation.turns == [] and s.conversation.id != old_id
    assert [cid for _, cid in s.history_choices()] == [old_id]
    assert s.render() == render.EMPTY
    assert s.open(old_id) and s.conversation.id == old_id and "Not answered" in s.render()
    slow.release.set()


def test_conversations_survive_a_reload(assistant: Assistant, bundled_settings: Settings) -> None:
    s = Session(assistant, bundled_settings)
    ask(s, AMBASSADOR_Q)
    s.new_conversation()
    ask(s, MULTI_Q)
    stored = s.stored()
    # What the browser keeps is plain JSON-able data.
    import json

    stored = json.loads(json.dumps(stored))
    again = Session(assistant, bundled_settings, stored)
    assert again.conversation.id == s.conversation.id
    assert again.render() == s.render(), "the page after a reload is the page before it"
    assert [t for t, _ in again.history_choices()] == [t for t, _ in s.history_choices()]
    old = again.history_choices()[1][1]
    assert again.open(old) and "Anne Louyot" in again.render()
    # The follow-up context survives too.
    assert again.conversation.history() == [AMBASSADOR_Q]


def test_stored_conversations_are_checked_not_trusted() -> None:
    conv = Conversation(turns=[TurnView("Q ?", status="writing", text="partial")])
    stored = dump_store([conv], conv.id)
    assert stored["conversations"][0]["turns"][0]["status"] == "interrupted"
    bad: list[Any] = [
        None,
        "text",
        {"version": 99, "conversations": []},
        {"version": 1, "conversations": [{"id": 3, "updated": 0, "turns": []}]},
        {"version": 1, "conversations": [{"id": "a", "updated": 0, "turns": [{"question": 5}]}]},
        {"version": 1, "conversations": [{"id": "a", "updated": 0, "turns": [{"question": "q", "status": "evil"}]}]},
    ]
    for value in bad:
        assert load_store(value)[0] == [], value
    loaded, current = load_store(stored)
    assert current == conv.id and loaded[0].turns[0].status == "interrupted"
    # Stored HTML is text like any other.
    evil = Conversation(turns=[TurnView("<b>x</b>", status="done", text="<img src=x onerror=alert(1)>")])
    html = render.transcript(load_store(dump_store([evil], evil.id))[0][0])
    assert "<img" not in html and "<b>x" not in html


# --- filters ---------------------------------------------------------------------------------
def test_filter_problems_are_explained_before_asking(bundled_settings: Settings) -> None:
    assistant = ScriptedAssistant(bundled_settings, [])
    s = Session(assistant, bundled_settings)
    turn = s.submit(MULTI_Q, speaker="Dorothee Schmid", part="Session 3").turn
    assert turn is not None and turn.status == "notice"
    assert "Dorothee Schmid has no passage in Session 3" in turn.message and "Session 1" in turn.message
    moderator = s.submit(MULTI_Q, speaker="Virginie Rouquette", part=ALL).turn
    assert moderator is not None and moderator.status == "notice"
    assert "moderated Session 1 and Conclusions" in moderator.message and "no statement" in moderator.message
    answered(s)
    assert assistant.calls == [], "nothing was asked"
    html = s.render()
    assert "Dorothee Schmid has no passage in Session 3" in html
    # The filters are shown above the answer they applied to.
    assert html.index("Speaker: <b>Dorothee Schmid</b>") < html.index("has no passage in Session 3")
    # A combination that has passages is asked, with the filters.
    ok = ask(s, "Que dit-on de la guerre en Ukraine ?", speaker="Dorothee Schmid", part="Session 1")
    assert ok.status == "done" and {src.speaker for src in ok.sources} == {"Dorothee Schmid"}
    assert assistant.calls[-1]["speaker"] == "Dorothee Schmid" and assistant.calls[-1]["part"] == "Session 1"


def test_filter_problem_rules() -> None:
    rows = [
        SpeakerInfo("Ana", "Maire", "Session 1", "speaker", 2),
        SpeakerInfo("Mo", "Directrice", "Session 2", "moderator", 0),
        SpeakerInfo("Lee", "", "Session 2", "speaker", 0),
    ]
    chunks = [Chunk("a", "d.pdf", part="Session 1", speaker="Ana"), Chunk("b", "d.pdf", part="Session 2")]
    parts = ["Session 1", "Session 2", "Session 3"]
    assert filter_problem(rows, chunks, parts, None, None) is None
    assert filter_problem(rows, chunks, parts, "Ana", "Session 1") is None
    assert filter_problem(rows, chunks, parts, "Ana", None) is None
    assert filter_problem(rows, chunks, parts, "Nobody", "Session 1") is None  # the assistant names valid ones
    assert "Ana has no passage in Session 2" in (filter_problem(rows, chunks, parts, "Ana", "Session 2") or "")
    assert "Mo (Directrice) moderated Session 2" in (filter_problem(rows, chunks, parts, "Mo", None) or "")
    assert "has no statement in them" in (filter_problem(rows, chunks, parts, "Lee", None) or "")
    assert "No passage of the proceedings is in Session 3" in (
        filter_problem(rows, chunks, parts, None, "Session 3") or ""
    )
    labels = dict((v, k) for k, v in speaker_choices(rows))
    assert labels[ALL] == "All speakers" and labels["Mo"] == "Mo — Directrice (moderator, no statement)"
    assert labels["Ana"] == "Ana — Maire"


def test_speaker_filter_is_respected(assistant: Assistant, bundled_settings: Settings) -> None:
    s = Session(assistant, bundled_settings)
    unfiltered = {src.speaker for src in ask(s, MULTI_Q).sources}
    assert unfiltered - {"François Rebsamen"}, "the test needs an unfiltered answer citing others"
    filtered = ask(s, MULTI_Q, speaker="François Rebsamen", part=ALL)
    assert filtered.sources and {src.speaker for src in filtered.sources} == {"François Rebsamen"}


# --- plain words -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (
            QuestionError("the question is 5000 characters long; the limit is 1000 (answer.max_question_chars)"),
            "The question is 5000 characters long; the limit is 1000.",
        ),
        (
            AnswererUnavailableError(
                "cannot reach the openai endpoint at http://x:1/v1", hint="is the server running?"
            ),
            "did not answer",
        ),
        (AnswererResponseError("HTTP 429", status=429), "busy"),
        (AnswererResponseError("HTTP 401", status=401), "access key"),
        (AnswererError("answerer 'hf-local' needs llm.hf_model_path (PQA_LLM_HF_MODEL_PATH)"), "not set up correctly"),
        (
            StoreUnavailableError("chroma at http://x did not answer", hint="raise chroma.timeout"),
            "search index did not answer",
        ),
        (RuntimeError("boom"), "Something went wrong"),
    ],
)
def test_errors_in_plain_words(error: Exception, expected: str, caplog: pytest.LogCaptureFixture) -> None:
    message = plain_error(error)
    assert expected in message
    assert not SETTING_NAME.search(message) and "http" not in message and "Traceback" not in message
    assert caplog.records, "the details go to the log"


def test_llm_errors_become_messages_in_the_chat(bundled_settings: Settings) -> None:
    class Failing:
        def __iter__(self) -> Iterator[str]:
            yield "Début "
            raise AnswererUnavailableError(
                "the openai endpoint at http://127.0.0.1:9/v1 did not answer within 2 s",
                hint="raise llm.timeout_s (PQA_LLM_TIMEOUT_S)",
            )

    s = Session(ScriptedAssistant(bundled_settings, [Failing()]), bundled_settings)
    turn = ask(s, LOUYOT_Q)
    assert turn.status == "error" and "did not answer" in turn.message
    html = s.render()
    assert "Could not answer" in html and not SETTING_NAME.search(html) and "127.0.0.1" not in html


# --- rendering -------------------------------------------------------------------------------
def test_questions_are_text_never_markup() -> None:
    conv = Conversation(turns=[TurnView(XSS_Q, status="done", text="Réponse [1] <script>x</script>")])
    html = render.transcript(conv)
    assert "<img" not in html and "<script" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "&lt;script&gt;" in html
    assert "![pixel](http://example.invalid/p.png)" in html  # a Markdown image stays letters


def test_citation_markers_become_links_only_when_checked() -> None:
    final = render.answer_html("a [1] b [3] c [1, 2].", {1, 2}, turn=4, final=True)
    assert final.count('class="pqa-ref"') == 3
    assert 'href="#pqa-t4-c1"' in final and 'href="#pqa-t4-c2"' in final and "[3]" in final
    streaming = render.answer_html("a [1] b [42] c [4", {1}, turn=4, final=False)
    assert "[" not in streaming and "42" not in streaming and "pqa-ref" not in streaming


def test_highlight_and_excerpt_escape_everything() -> None:
    text = 'Avant <script>alert(1)</script> la phrase   citée & "ici". Après $x.'
    out = render.highlight(text, 'la phrase citée & "ici".')
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "<mark>la phrase   citée &amp; &quot;ici&quot;.</mark>" in out
    assert render.highlight("rien", "absent") == "rien"
    long = "Mot " * 60 + "La phrase citée ici. " + "Suite " * 60
    ex = render.excerpt(long, "La phrase citée ici.")
    assert ex.startswith("…") and ex.endswith("…") and "<mark>La phrase citée ici.</mark>" in ex
    assert len(ex) < len(long) / 2
    # A quote whose wording is not in the passage is still shown, marked as the answer's.
    assert '<mark class="pqa-own">autre &lt;chose&gt;</mark>' in render.excerpt(long, "autre <chose>")


def test_source_cards_escape_metadata_and_link_only_issued_digests() -> None:
    src = SourceView(
        1,
        "<b>Eve</b>",
        "<img src=x onerror=alert(1)>",
        "Session 2",
        (6,),
        "doc.pdf",
        "Du texte.",
        doc="0123456789abcdef",
    )
    card = render.source_html(src, 1, ())
    assert "<b>Eve" not in card and "<img" not in card and "&lt;b&gt;Eve" in card
    assert 'href="pqa/doc/0123456789abcdef/doc.pdf#page=6"' in card and "Open at page 6" in card
    for doc, source in (("../../etc", "doc.pdf"), ("javascript:alert(1)", "doc.pdf"), ("0123456789abcdef", "../x.pdf")):
        assert "pqa-open" not in render.source_html(replace(src, doc=doc, source=source), 1, ()), doc
    assert "pqa-open" not in render.source_html(replace(src, source="doc.docx"), 1, ())


def test_documents_table(assistant: Assistant) -> None:
    (doc,) = assistant.describe()["documents"]
    assert (doc["pages"], doc["speakers"]) == (10, 21)  # 18 with statements and 3 moderators
    html = render.documents_table([doc])
    assert "diplomatie-des-territoires-2023.pdf" in html
    assert f"10 pages · 21 speakers · {doc['chunks']} passages" in html
    assert "1 indexed document<" in html
    assert "No document is indexed yet" in render.documents_table([])


# --- documents: serving, upload, removal -----------------------------------------------------
def test_only_indexed_unchanged_files_are_served(tmp_path: Path) -> None:
    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    settings = make_settings(tmp_path / "index")
    copy = tmp_path / "docs" / "proceedings.md"
    copy.parent.mkdir()
    copy.write_bytes(MD.read_bytes())
    (tmp_path / "docs" / "secret.md").write_text("not indexed", "utf-8")
    from ingest.pipeline import ingest

    assert ingest([copy], Assistant(settings).index).ok
    assistant = Assistant(settings)
    files = DocumentFiles(assistant)
    turn = ask(Session(assistant, settings, doc_of=files.digest_of), AMBASSADOR_Q)
    digest = turn.sources[0].doc
    assert re.fullmatch(r"[0-9a-f]{16}", digest)
    client = TestClient(Starlette(routes=[files.route()]))
    ok = client.get(f"/pqa/doc/{digest}/proceedings.md")
    assert ok.status_code == 200 and ok.content == MD.read_bytes()
    assert ok.headers["content-type"].startswith("text/plain") and ok.headers["x-content-type-options"] == "nosniff"
    for url in (
        f"/pqa/doc/{digest}/secret.md",
        "/pqa/doc/0000000000000000/proceedings.md",
        f"/pqa/doc/{digest}/..%2Fsecret.md",
    ):
        assert client.get(url).status_code == 404, url
    copy.write_text(copy.read_text("utf-8") + "\nchanged", "utf-8")
    assert client.get(f"/pqa/doc/{digest}/proceedings.md").status_code == 404, "a changed file is not shown"


def test_upload_then_remove(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "index", ui={"allow_upload": True, "max_upload_mb": 1})
    assistant = Assistant(settings)
    bad = tmp_path / "notes.docx"
    bad.write_bytes(b"x")
    big = tmp_path / "big.md"
    big.write_bytes(b"# Big\n" + b"a" * (2 * 1024 * 1024))
    status = ingest_uploads(assistant, settings, [str(MD), str(bad), str(big)])
    assert status.startswith("1 ingested, 0 unchanged, 2 skipped"), status
    assert "skipped notes.docx: unsupported file type '.docx'" in status
    assert "skipped big.md: 2.0 MB is over the 1 MB upload limit" in status and not SETTING_NAME.search(status)
    assert "Anne Louyot" in {s.name for s in assistant.speakers()}
    assert ask(Session(assistant, settings), LOUYOT_Q).sources
    key = assistant.describe()["documents"][0]["path"]
    assert Path(key).is_file() and Path(key).parent == settings.index.dir / "uploads"
    status = remove_document(assistant, settings, key)
    assert status.startswith("Removed diplomatie-des-territoires-2023.md (") and "holds 0 documents" in status
    assert assistant.speakers() == [] and not Path(key).exists()
    assert "is not an indexed document" in remove_document(assistant, settings, key)


# --- login throttle --------------------------------------------------------------------------
class FakeLogin:
    """An ASGI app answering POST /login: 200 for the right password, 400 otherwise."""

    def __init__(self) -> None:
        self.calls = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.calls += 1
        body = (await receive())["body"]
        status = 200 if body == b"right" else 400
        await send({"type": "http.response.start", "status": status, "headers": []})
        await send({"type": "http.response.body", "body": b""})


def post(
    throttle: LoginThrottle, password: bytes, client: str = "10.0.0.1", path: str = "/login"
) -> tuple[int, dict[str, str]]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": password, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": path, "client": (client, 5000), "headers": []}
    asyncio.run(throttle(scope, receive, send))
    start = sent[0]
    return start["status"], {k.decode(): v.decode() for k, v in start["headers"]}


def test_failed_logins_are_slowed_down_per_client() -> None:
    now = [1000.0]
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    app = FakeLogin()
    t = LoginThrottle(
        app, free_tries=3, first_delay_s=2, max_delay_s=8, max_hold_s=3, clock=lambda: now[0], sleep=sleep
    )
    assert [post(t, b"wrong")[0] for _ in range(3)] == [400, 400, 400]
    assert slept == [], "the first three failures cost nothing"
    # Locked 2 s: the next try waits it out (held, not refused), then fails: locked 4 s.
    assert post(t, b"wrong")[0] == 400 and slept == [2]
    # Locked 4 s > 3 s of hold: refused at once, the password not even checked.
    calls = app.calls
    status, headers = post(t, b"right")
    assert status == 429 and headers["retry-after"] == "4" and app.calls == calls
    # Another client is not affected; other paths are not throttled.
    assert post(t, b"right", client="10.0.0.2")[0] == 200
    assert post(t, b"wrong", path="/gradio_api/queue/join")[0] == 400
    # After the lock, the right password works and clears the record.
    now[0] += 4
    assert post(t, b"right")[0] == 200
    assert [post(t, b"wrong")[0] for _ in range(3)] == [400, 400, 400] and slept == [2]
    assert [t.delay_after(n) for n in range(1, 8)] == [0, 0, 2, 4, 8, 8, 8]
    with pytest.raises(ValueError, match="free_tries"):
        LoginThrottle(app, free_tries=0)


# --- through the server ----------------------------------------------------------------------
def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str, cookies: str = "") -> tuple[int, bytes, dict[str, str]]:
    req = urllib.request.Request(url, headers={"Cookie": cookies} if cookies else {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read(), dict(r.headers)
    except urllib.error.HTTPError as e:
        return e.code, e.read(), dict(e.headers)


def login(url: str, user: str, password: str) -> tuple[int, str]:
    data = urllib.parse.urlencode({"username": user, "password": password}).encode()
    try:
        with urllib.request.urlopen(urllib.request.Request(url + "login", data=data), timeout=60) as r:
            cookies = "; ".join(c.split(";")[0] for c in r.headers.get_all("set-cookie") or [])
            return r.status, cookies
    except urllib.error.HTTPError as e:
        return e.code, ""


@pytest.mark.integration
def test_nothing_about_the_index_before_login_and_guessing_is_slowed(bundled_index_dir: Path) -> None:
    settings = make_settings(bundled_index_dir, ui={"auth": "ana:s3cret"})
    assistant = Assistant(settings)
    app = build_app(assistant, settings)
    app.queue()
    # A long first lock, refused at once: the test needs no timing.
    opts = launch_options(settings, assistant, throttle={"first_delay_s": 60, "max_hold_s": 0})
    _, url, _ = app.launch(
        server_name="127.0.0.1", server_port=free_port(), prevent_thread_lock=True, quiet=True, **opts
    )
    try:
        names = {s.name for s in assistant.speakers()}
        status, page, _ = get(url)
        assert status == 200 and b"auth_required" in page
        text = page.decode()
        assert not [n for n in names if n in text], "speaker names in the login page"
        assert "Session 2" not in text and "diplomatie-des-territoires" not in text
        assert get(url + "config")[0] == 401
        digest = DocumentFiles(assistant).digest_of_source(PDF.name)
        doc = f"{url}pqa/doc/{digest}/{PDF.name}"
        assert get(doc)[0] == 401, "documents only after login"

        status, cookies = login(url, "ana", "s3cret")
        assert status == 200 and cookies
        status, body, headers = get(doc, cookies)
        assert status == 200 and body[:5] == b"%PDF-" and headers["content-type"] == "application/pdf"
        status, page, _ = get(url + "config", cookies)
        assert status == 200

        assert [login(url, "ana", "wrong")[0] for _ in range(3)] == [400, 400, 400]
        assert login(url, "ana", "s3cret")[0] == 429, "locked out after three failures, even with the password"
    finally:
        app.close()
