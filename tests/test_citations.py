"""Citation checks (validate_citations, strip_invalid_markers) on hand-made passages, and the
extractive answerer's citations, refusals and speaker attribution on the bundled proceedings."""

from __future__ import annotations

import re

import pytest

from qa.answerers.base import strip_invalid_markers, validate_citations
from qa.assistant import Assistant
from qa.core.settings import Settings
from qa.core.types import Chunk, Passage


def make_passages(n: int) -> list[Passage]:
    return [
        Passage(
            Chunk(
                text=f"Texte du passage {i}.",
                source="actes.pdf",
                pages=(10 + i,),
                part=f"Session {i}",
                speaker=f"Orateur {i}",
                role=f"Rôle {i}",
                kind="speaker",
                block="statement",
            ),
            score=1.0 / i,
            rank=i,
        )
        for i in range(1, n + 1)
    ]


# --- validate_citations --------------------------------------------------------------------


def test_single_markers_resolve_to_their_passage() -> None:
    passages = make_passages(3)
    citations, dropped = validate_citations("A dit ceci [1]. B dit cela [3].", passages)
    assert dropped == []
    assert [c.number for c in citations] == [1, 3]
    assert citations[0].passage is passages[0] and citations[1].passage is passages[2]
    assert (citations[1].speaker, citations[1].role, citations[1].part, citations[1].page, citations[1].source) == (
        "Orateur 3",
        "Rôle 3",
        "Session 3",
        13,
        "actes.pdf",
    )
    assert citations[1].text == "Texte du passage 3."


@pytest.mark.parametrize("text", ["Les deux [1, 2].", "Les deux [1,2].", "Les deux [1; 2].", "Les deux [1][2]."])
def test_grouped_markers_cite_each_passage(text: str) -> None:
    passages = make_passages(2)
    citations, dropped = validate_citations(text, passages)
    assert [c.number for c in citations] == [1, 2]
    assert [c.passage for c in citations] == passages
    assert dropped == []


@pytest.mark.parametrize(("text", "dropped"), [("Hors champ [3].", [3]), ("Zéro [0].", [0]), ("Loin [42] [1].", [42])])
def test_out_of_range_markers_are_dropped(text: str, dropped: list[int]) -> None:
    citations, out = validate_citations(text, make_passages(2))
    assert out == dropped
    assert all(1 <= c.number <= 2 for c in citations)


def test_repeated_markers_give_one_citation_each_in_order_of_first_use() -> None:
    passages = make_passages(3)
    citations, dropped = validate_citations("X [2]. Y [2]. Z [1, 2]. W [5]. V [5].", passages)
    assert [c.number for c in citations] == [2, 1]
    assert dropped == [5]  # listed once


def test_quotes_are_attached_to_their_citation() -> None:
    citations, _ = validate_citations("A [1] B [2]", make_passages(2), {2: "Texte du passage 2."})
    assert [(c.number, c.quote) for c in citations] == [(1, ""), (2, "Texte du passage 2.")]


def test_text_without_markers_has_no_citations() -> None:
    assert validate_citations("Pas de référence ici, ni [a] ni [1a].", make_passages(2)) == ([], [])


# --- strip_invalid_markers -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dropped", "expected"),
    [
        ("A dit ceci [1] et cela [3].", [3], "A dit ceci [1] et cela."),
        ("A dit ceci [1, 3].", [3], "A dit ceci [1]."),
        ("A dit ceci [3, 1].", [3], "A dit ceci [1]."),
        ("A dit ceci [1] [3].", [3], "A dit ceci [1]."),
        ("A parle de la Lune [3] et de la Terre [1].", [3], "A parle de la Lune et de la Terre [1]."),
        ("[3] A dit ceci [1].", [3], "A dit ceci [1]."),
        ("A [3]. B [3]. C [2].", [3], "A. B. C [2]."),
        ("A dit ceci [1] et cela [2].", [], "A dit ceci [1] et cela [2]."),
    ],
)
def test_strip_invalid_markers(text: str, dropped: list[int], expected: str) -> None:
    out = strip_invalid_markers(text, dropped)
    assert out == expected
    citations, still_dropped = validate_citations(out, make_passages(2))
    assert still_dropped == []  # nothing uncheckable is left
    assert {c.number for c in citations} == {int(n) for n in re.findall(r"\d+", out)}


def test_strip_keeps_line_breaks_between_kept_lines() -> None:
    text = "- première citation [1]\n- deuxième [9]\n- troisième [2]"
    assert strip_invalid_markers(text, [9]) == "- première citation [1]\n- deuxième\n- troisième [2]"


# --- the extractive answerer on the bundled proceedings -------------------------------------


@pytest.fixture
def extractive(bundled_settings: Settings) -> Assistant:
    assert bundled_settings.answer.answerer == "extractive"
    return Assistant(bundled_settings)


@pytest.mark.parametrize(
    "question",
    [
        "Qu'est-ce que la diplomatie des territoires ?",
        "Quel est le rôle des maires face aux crises ?",
        "What did Bertrand Gallet say about humanitarian aid?",
        "Que dit Khalil Harfouche du Liban ?",
    ],
)
def test_extractive_citations_resolve_to_retrieved_passages(extractive: Assistant, question: str) -> None:
    answer = extractive.ask(question)
    assert answer.answerer == "extractive" and not answer.refused
    assert answer.citations and answer.grounded
    assert answer.dropped_citations == []
    for c in answer.citations:
        assert answer.passages[c.number - 1] == c.passage
        # The quoted sentence is in the passage it cites, and is in the answer.
        assert c.quote
        assert " ".join(c.quote.split()) in " ".join(c.text.split())
        assert c.quote in answer.text
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)}
    assert markers == {c.number for c in answer.citations}


@pytest.mark.parametrize(
    ("question", "lang"),
    [("Quelle est la recette de la tarte tatin ?", "fr"), ("What is the capital of Australia?", "en")],
)
def test_extractive_refuses_out_of_scope_in_the_question_language(
    extractive: Assistant, question: str, lang: str
) -> None:
    answer = extractive.ask(question)
    assert answer.refused is True
    assert answer.lang == lang
    # Said in the question's language, generic or naming what is missing.
    assert answer.text.startswith("Je ne trouve" if lang == "fr" else ("I could not find", "I find no"))
    assert answer.citations == []
    # The closest passages are named as such, never quoted as an answer.
    assert "«" not in answer.text.splitlines()[-1] and "[1]" not in answer.text


@pytest.mark.parametrize(
    ("question", "speaker"),
    [
        ("Que dit Khalil Harfouche du Liban ?", "Khalil Harfouche"),
        ("Que dit François Rebsamen du rôle des collectivités ?", "François Rebsamen"),
        ("What did Bertrand Gallet say about humanitarian aid?", "Bertrand Gallet"),
    ],
)
def test_extractive_answer_cites_the_speaker_named(extractive: Assistant, question: str, speaker: str) -> None:
    answer = extractive.ask(question)
    assert not answer.refused
    assert speaker in [c.speaker for c in answer.citations]
    assert answer.passages[0].chunk.speaker == speaker
    assert speaker in answer.text  # attributed by name in the quoted line
