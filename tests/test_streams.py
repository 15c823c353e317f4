"""Streams that go wrong, against the scripted LLM server (tests/openai_server.py): a stream
cut without its end marker, tokens trickling slower than the deadline, an invented citation
split across chunks; and the citation gate on its own, over every way of cutting a text."""

from __future__ import annotations

import re
from typing import Any

import pytest

from qa.answerers.base import strip_invalid_markers, validate_citations
from qa.answerers.checked import CitationGate, Reset
from qa.assistant import Assistant
from qa.core.errors import AnswererUnavailableError
from qa.core.settings import Settings
from tests.conftest import GALLET_Q, LOUYOT_Q, LOUYOT_REPLY, bounded
from tests.openai_server import ScriptedLLMServer

integration = pytest.mark.integration


def drain(stream: Any) -> tuple[list[str], Any]:
    """(pieces, answer or the exception raised while iterating), within BOUND_S."""
    pieces: list[str] = []

    def consume() -> Any:
        for piece in stream:
            pieces.append(piece)
        return stream.answer

    out = bounded(consume)
    return pieces, out.get("value", out.get("error"))


def after_last_reset(pieces: list[str]) -> str:
    resets = [i for i, p in enumerate(pieces) if isinstance(p, Reset)]
    return "".join(pieces[resets[-1] + 1 :] if resets else pieces)


# --- a stream cut without its end marker ----------------------------------------------------


@integration
@pytest.mark.parametrize("provider", ["openai", "ollama"])
def test_a_stream_without_its_end_marker_is_an_error(
    llm_settings: Settings, llm_server: ScriptedLLMServer, provider: str
) -> None:
    llm_settings.answer.answerer = provider
    llm_server.cut(LOUYOT_REPLY, after_chunks=8)  # "[1]" has arrived; the body then ends cleanly
    pieces, result = drain(Assistant(llm_settings).stream(LOUYOT_Q))
    assert isinstance(result, AnswererUnavailableError), result
    assert "ended its stream without finishing the answer" in str(result)
    assert (llm_server.base_url if provider == "openai" else llm_server.url) in str(result)
    assert result.retryable
    assert "".join(pieces) and LOUYOT_REPLY.startswith("".join(pieces))


@integration
def test_a_cut_stream_falls_back_and_the_fallback_replaces_what_was_shown(
    llm_settings: Settings, llm_server: ScriptedLLMServer
) -> None:
    llm_settings.answer.fallback_to_extractive = True
    llm_server.cut(LOUYOT_REPLY, after_chunks=8)
    pieces, answer = drain(Assistant(llm_settings).stream(GALLET_Q))
    assert not isinstance(answer, BaseException), answer
    assert answer.fallback is True and answer.answerer == "extractive"
    assert any("ended its stream" in n for n in answer.notes), answer.notes
    resets = [p for p in pieces if isinstance(p, Reset)]
    assert len(resets) == 1 and "ended its stream" in resets[0].reason
    shown_before = "".join(pieces[: pieces.index(resets[0])])
    assert shown_before and LOUYOT_REPLY.startswith(shown_before)  # the half answer the user saw...
    assert after_last_reset(pieces) == answer.text  # ...is replaced, whole, by the fallback
    assert shown_before not in answer.text and answer.citations
    assert "Bertrand Gallet" in {c.speaker for c in answer.citations}


# --- a deadline for the whole answer --------------------------------------------------------


@integration
def test_tokens_trickling_past_the_deadline_are_an_error(llm_settings: Settings, llm_server: ScriptedLLMServer) -> None:
    llm_settings.llm.timeout_s = 1
    llm_server.trickle(LOUYOT_REPLY, interval=0.4)  # each read is quick; the whole takes ~8 s
    pieces, result = drain(Assistant(llm_settings).stream(LOUYOT_Q))
    assert isinstance(result, AnswererUnavailableError), result
    msg = str(result)
    assert "did not answer within 1 s" in msg and "llm.timeout_s" in msg and llm_server.base_url in msg
    assert len("".join(pieces)) < len(LOUYOT_REPLY)  # stopped part-way, not at the end


@integration
def test_the_answer_deadline_caps_the_llm_call(llm_settings: Settings, llm_server: ScriptedLLMServer) -> None:
    llm_settings.llm.timeout_s = 600
    llm_settings.answer.deadline_s = 1
    llm_settings.answer.fallback_to_extractive = True
    llm_server.trickle(LOUYOT_REPLY, interval=0.4)
    pieces, answer = drain(Assistant(llm_settings).stream(GALLET_Q))
    assert not isinstance(answer, BaseException), answer
    assert answer.fallback and any("did not answer within" in n for n in answer.notes), answer.notes
    assert after_last_reset(pieces) == answer.text


# --- citations checked as they stream -------------------------------------------------------


@integration
def test_an_invented_citation_never_reaches_the_stream(llm_settings: Settings, llm_server: ScriptedLLMServer) -> None:
    text = "Anne Louyot parle de l'Arménie [1]. Elle cite la Lune [42] et l'Ukraine [2, 43]."
    chunks = [
        "Anne Louyot parle ",
        "de l'Arménie [",
        "1]. Elle cite la Lune ",
        "[4",
        "2] et l'Ukraine [2",
        ", 4",
        "3].",
    ]
    llm_server.reply(text, chunks=chunks)
    pieces, answer = drain(Assistant(llm_settings).stream(LOUYOT_Q))
    assert not isinstance(answer, BaseException), answer
    shown = ""
    for piece in pieces:
        shown += piece
        assert "4" not in re.sub(r"[^\[\d]", "", shown).replace("[1", "").replace("[2", ""), shown
    assert shown == answer.text == "Anne Louyot parle de l'Arménie [1]. Elle cite la Lune et l'Ukraine [2]."
    assert answer.dropped_citations == [42, 43]
    assert [c.number for c in answer.citations] == [1, 2]


# --- the gate, over every cut ---------------------------------------------------------------

GATE_TEXTS = [
    "Il parle de la paix [1] et de la Lune [42]. Puis [2; 9] enfin [3].",
    "  Un [12] début [1,2] ; [x] pas une citation, [ 1] non plus, [7",
    "Fin sans point [2]",
    "[5] au début, [1]\n- puis une ligne [99]\n",
]


def _reading_order(text: str) -> str:
    """Reference renumbering: markers numbered 1..n in the order they are first met."""
    order: list[int] = []

    def fix(m: re.Match[str]) -> str:
        nums = [int(x) for x in re.split(r"\s*[,;]\s*", m.group(1))]
        order.extend(n for n in nums if n not in order)
        return "[" + ", ".join(str(order.index(n) + 1) for n in dict.fromkeys(nums)) + "]"

    return re.sub(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]", fix, text)


def test_the_gate_numbers_citations_in_reading_order() -> None:
    gate = CitationGate(5)
    shown = gate.feed("B [3], A [1] et [3, 5]") + gate.flush()
    assert shown == "B [1], A [2] et [1, 3]" and gate.order == [3, 1, 5]


@pytest.mark.parametrize("text", GATE_TEXTS)
def test_the_gate_shows_the_checked_text_however_the_stream_is_cut(text: str) -> None:
    passages = 3
    dropped = sorted(
        {n for n in map(int, re.findall(r"\d+", " ".join(re.findall(r"\[([\d ,;]+)\]", text)))) if n > passages}
    )
    expected = _reading_order(strip_invalid_markers(text, dropped).strip())
    cuts = [(i, j) for i in range(len(text) + 1) for j in range(i, len(text) + 1)]
    for i, j in cuts:
        gate = CitationGate(passages)
        shown = ""
        for piece in (text[:i], text[i:j], text[j:]):
            shown += gate.feed(piece)
            # Nothing shown names a passage that does not exist, even for a moment.
            assert not any(
                int(n) > passages for m in re.findall(r"\[([\d ,;]+)\]", shown) for n in re.split(r"[ ,;]+", m) if n
            ), (i, j, shown)
        shown += gate.flush()
        assert shown == gate.text == expected, (i, j)
        assert sorted(gate.dropped) == dropped
        _, left = validate_citations(shown, [object()] * passages)  # type: ignore[list-item]
        assert left == []


def test_a_reset_is_a_paragraph_break_for_consumers_that_only_concatenate() -> None:
    r = Reset("the endpoint failed")
    assert isinstance(r, str) and r == "\n\n" and r.reason == "the endpoint failed"
