"""The chat UI without a browser: the app builds, the chat handler streams, cites, refuses and
reports user errors as messages; filters and follow-ups reach the Assistant; two gradio_client
sessions at once keep their own conversations."""

from __future__ import annotations

import itertools
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr
import pytest

from qa.assistant import Assistant
from qa.core.settings import Settings
from tests.conftest import MD, make_settings
from ui.app import (
    ALL,
    ELEM,
    Conversation,
    Turn,
    build_app,
    chat_turn,
    highlight,
    ingest_uploads,
    launch_options,
    sources_html,
)

# Questions the extractive answerer answers on the hash-embedded bundled index.
LOUYOT_Q = "Que dit Anne Louyot de la situation en Arménie ?"
AMBASSADOR_Q = "Que dit l'ambassadrice de France en Arménie de la coopération décentralisée ?"
FOLLOW_UP = "Et qu'a-t-elle dit de l'Ukraine ?"
OUT_OF_SCOPE = "Quelle est la recette de la tarte tatin ?"


@pytest.fixture
def assistant(bundled_settings: Settings) -> Assistant:
    return Assistant(bundled_settings)


def run(assistant: Assistant, question: str, conv: Conversation | None = None, **kw: Any) -> list[Turn]:
    turns = list(chat_turn(assistant, question, conv, **kw))
    assert turns and turns[-1].done
    return turns


def cited(turn: Turn) -> dict[int, str]:
    assert turn.answer is not None, turn.error
    return {c.number: c.speaker for c in turn.answer.citations}


def test_app_builds_with_stable_ids_and_filters(assistant: Assistant, bundled_settings: Settings) -> None:
    app = build_app(assistant, bundled_settings)
    assert isinstance(app, gr.Blocks)
    by_id = {b.elem_id: b for b in app.blocks.values() if getattr(b, "elem_id", None)}
    for key in ("chat", "question", "send", "speaker", "part", "sources", "new", "answerer"):
        assert ELEM[key] in by_id, key
    assert isinstance(by_id[ELEM["chat"]], gr.Chatbot)
    speakers = dict((v, k) for k, v in by_id[ELEM["speaker"]].choices)
    assert ALL in speakers and "Anne Louyot" in speakers
    parts = [v for _, v in by_id[ELEM["part"]].choices]
    assert parts[0] == ALL and "Session 2" in parts
    # Extractive only: no LLM choice offered; no upload box unless allowed.
    assert [v for _, v in by_id[ELEM["answerer"]].choices] == ["extractive"]
    assert ELEM["upload"] not in by_id


def test_answer_streams_and_cites_the_speaker(assistant: Assistant) -> None:
    turns = run(assistant, LOUYOT_Q)
    streamed = [t.text for t in turns[:-1] if t.text]
    assert len(streamed) >= 2, "the answer should arrive in several pieces"
    assert all(len(a) < len(b) and b.startswith(a) for a, b in itertools.pairwise(streamed))
    final = turns[-1]
    assert final.error is None and final.answer is not None and not final.answer.refused
    assert "Anne Louyot" in cited(final).values()
    # The chat shows the question, then the answer with its numbered citations.
    assert final.messages[0] == {"role": "user", "content": LOUYOT_Q}
    assert "**Sources**" in final.text and "Anne Louyot" in final.text
    for c in final.answer.citations:
        assert f"[{c.number}]" in final.text
    # The sources panel names speaker, role, part, page, source and marks the quote.
    assert 'data-speaker="Anne Louyot"' in final.sources
    assert "Ambassadrice de France en Arménie" in final.sources
    assert "Session 2" in final.sources and "p. 6" in final.sources
    assert "diplomatie-des-territoires-2023.pdf" in final.sources
    assert final.sources.count("<mark>") >= len(final.answer.citations)
    assert final.conversation.questions == [LOUYOT_Q]


def test_out_of_scope_is_an_answer_not_an_error(assistant: Assistant) -> None:
    final = run(assistant, OUT_OF_SCOPE)[-1]
    assert final.error is None and final.answer is not None
    assert final.answer.refused and not final.answer.citations
    assert "Je ne trouve pas la réponse" in final.text
    assert "Not in the proceedings" in final.sources
    assert "Could not answer" not in final.text


@pytest.mark.parametrize(
    ("question", "kw", "expected"),
    [
        ("", {}, "empty"),
        ("   ", {}, "empty"),
        ("x" * 5000, {}, "limit"),
        (LOUYOT_Q, {"speaker": "Nobody Atall"}, "not a speaker"),
        (LOUYOT_Q, {"part": "Session 99"}, "not a part"),
    ],
)
def test_user_errors_become_messages(assistant: Assistant, question: str, kw: dict[str, str], expected: str) -> None:
    turns = run(assistant, question, Conversation(questions=["earlier"]), **kw)
    final = turns[-1]
    assert final.error is not None and expected in final.error
    assert final.answer is None
    assert final.text.startswith("⚠️ Could not answer:") and expected in final.text
    assert "Traceback" not in final.text
    # A failed question does not become context for follow-ups.
    assert final.conversation.questions == ["earlier"]


def test_llm_endpoint_down_is_a_message(bundled_index_dir: Path) -> None:
    settings = make_settings(
        bundled_index_dir,
        answer={"answerer": "openai"},
        llm={"base_url": "http://127.0.0.1:9/v1", "timeout_s": 2, "api_key": "test"},
    )
    assistant = Assistant(settings)
    app = build_app(assistant, settings)
    radio = next(b for b in app.blocks.values() if getattr(b, "elem_id", None) == ELEM["answerer"])
    assert [v for _, v in radio.choices] == ["extractive", "openai"]
    final = run(assistant, LOUYOT_Q, answerer="openai")[-1]
    assert final.error is not None and "openai" in final.error
    assert "Could not answer" in final.text
    # The same question with the extractive choice answers.
    final = run(assistant, LOUYOT_Q, answerer="extractive")[-1]
    assert final.error is None and "Anne Louyot" in cited(final).values()


def test_speaker_filter_is_respected(assistant: Assistant) -> None:
    q = "Que dit-on de la coopération décentralisée ?"
    unfiltered = set(cited(run(assistant, q)[-1]).values())
    assert unfiltered - {"François Rebsamen"}, "the test needs an unfiltered answer citing others"
    final = run(assistant, q, speaker="François Rebsamen", part=ALL)[-1]
    speakers = set(cited(final).values())
    assert speakers == {"François Rebsamen"}
    assert final.sources.count('data-speaker="François Rebsamen"') == len(final.answer.citations)  # type: ignore[union-attr]


def test_part_filter_is_respected(assistant: Assistant) -> None:
    final = run(assistant, "Que dit-on de la coopération décentralisée ?", part="Session 3")[-1]
    assert final.answer is not None and final.answer.citations
    assert {c.part for c in final.answer.citations} == {"Session 3"}


def test_follow_up_uses_the_conversation(assistant: Assistant) -> None:
    alone = run(assistant, FOLLOW_UP)[-1]
    assert cited(alone).get(1) != "Anne Louyot", "without context the follow-up should not find her first"
    first = run(assistant, AMBASSADOR_Q)[-1]
    follow = run(assistant, FOLLOW_UP, first.conversation)[-1]
    assert cited(follow)[1] == "Anne Louyot"
    assert follow.conversation.questions == [AMBASSADOR_Q, FOLLOW_UP]
    assert [m["role"] for m in follow.messages] == ["user", "assistant", "user", "assistant"]
    # The earlier turn's state is untouched (sessions hold their own copies).
    assert first.conversation.questions == [AMBASSADOR_Q]


def test_highlight_escapes_everything() -> None:
    text = 'Avant <script>alert(1)</script> la phrase   citée & "ici". Après $x.'
    out = highlight(text, 'la phrase citée & "ici".')
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "<mark>la phrase   citée &amp; &quot;ici&quot;.</mark>" in out
    assert "&#36;x" in out
    assert highlight("rien", "absent") == "rien"


def test_sources_html_escapes_metadata(assistant: Assistant) -> None:
    from dataclasses import replace

    from qa.core.types import Citation, Passage

    answer = run(assistant, LOUYOT_Q)[-1].answer
    assert answer is not None
    c = answer.citations[0]
    evil = replace(c.passage.chunk, speaker="<b>Eve</b>", role="<img src=x onerror=alert(1)>", id="x")
    answer.citations = [Citation(1, Passage(evil, 1.0, 1), quote="")]
    out = sources_html(answer)
    assert "<b>Eve" not in out and "<img" not in out and "&lt;b&gt;Eve" in out


def test_upload_ingests_and_reports_like_the_cli(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "index", ui={"allow_upload": True, "max_upload_mb": 1})
    assistant = Assistant(settings)
    assert assistant.speakers() == []
    bad = tmp_path / "notes.docx"
    bad.write_bytes(b"x")
    big = tmp_path / "big.md"
    big.write_bytes(b"# Big\n" + b"a" * (2 * 1024 * 1024))
    status = ingest_uploads(assistant, settings, [str(MD), str(bad), str(big)])
    assert status.startswith("1 ingested, 0 unchanged, 2 skipped"), status
    assert "skipped notes.docx: unsupported file type '.docx'" in status
    assert "skipped big.md: 2.0 MB is over the 1 MB upload limit" in status
    assert "Anne Louyot" in {s.name for s in assistant.speakers()}
    final = run(assistant, LOUYOT_Q)[-1]
    assert "Anne Louyot" in cited(final).values()
    app = build_app(assistant, settings)
    assert any(getattr(b, "elem_id", None) == ELEM["upload"] for b in app.blocks.values())


def test_launch_options(bundled_index_dir: Path) -> None:
    opts = launch_options(make_settings(bundled_index_dir, ui={"auth": "ana:s3cr:et", "max_upload_mb": 2}))
    assert opts["auth"] == ("ana", "s3cr:et") and opts["share"] is False
    assert "api" not in opts["footer_links"] and opts["max_file_size"] == 2 * 1024 * 1024
    assert launch_options(make_settings(bundled_index_dir))["auth"] is None


def test_serve_without_index_is_a_readable_error(tmp_path: Path) -> None:
    from ui.app import serve
    from vectorstore.index import IndexMissingError

    with pytest.raises(IndexMissingError, match="proceedings-qa ingest"):
        serve(make_settings(tmp_path / "none"))


# --- through the server ------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(bundled_settings: Settings) -> Iterator[str]:
    assistant = Assistant(bundled_settings)
    app = build_app(assistant, bundled_settings)
    app.queue(default_concurrency_limit=4)
    opts = launch_options(bundled_settings)
    _, url, _ = app.launch(
        server_name="127.0.0.1", server_port=free_port(), prevent_thread_lock=True, quiet=True, **opts
    )
    try:
        yield url
    finally:
        app.close()


def message_text(m: dict[str, Any]) -> str:
    content = m["content"]
    if isinstance(content, list):
        return "".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    return str(content)


@pytest.mark.integration
def test_two_conversations_at_once_do_not_mix(served: str) -> None:
    from gradio_client import Client

    # A follows up on the ambassador; B on Grégory Doucet, who said nothing of Ukraine. If B
    # saw A's history its follow-up would be answered; if A saw B's, it would be refused.
    plans = {
        "A": [AMBASSADOR_Q, FOLLOW_UP],
        "B": ["Que dit Grégory Doucet de la ville de Lyon ?", "Et qu'a-t-il dit de l'Ukraine ?"],
    }
    barrier = threading.Barrier(2, timeout=60)
    results: dict[str, list[tuple[list[dict[str, Any]], str]]] = {}
    errors: list[BaseException] = []

    def converse(name: str) -> None:
        try:
            client = Client(served, verbose=False)
            out = []
            for q in plans[name]:
                barrier.wait()  # both sessions ask at the same moment
                chat, sources, box = client.predict(q, ALL, ALL, "extractive", api_name="/ask")
                assert box == ""
                out.append((chat, sources))
            results[name] = out
        except BaseException as e:  # noqa: BLE001 - re-raised in the main thread
            errors.append(e)
            barrier.abort()

    threads = [threading.Thread(target=converse, args=(n,)) for n in plans]
    for t in threads:
        t.start()
    for t in threads:
        t.join(90)
    assert not errors, errors
    for name, plan in plans.items():
        chat, _ = results[name][-1]
        users = [message_text(m) for m in chat if m["role"] == "user"]
        assert users == plan, f"{name} sees another conversation: {users}"
    a_sources = results["A"][-1][1]
    assert 'data-number="1" data-speaker="Anne Louyot"' in a_sources
    b_chat, b_sources = results["B"][-1]
    assert "Not in the proceedings" in b_sources, "B's follow-up should carry Grégory Doucet"
    assert "Je ne trouve" in message_text(b_chat[-1])
    first_b = results["B"][0][1]
    assert 'data-speaker="Grégory Doucet"' in first_b
