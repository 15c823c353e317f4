"""ProceedingsRetriever against LangChain's own standard retriever tests, and the arguments
those tests do not cover (invoke-time speaker and part, k validation), over the bundled PDF
indexed with the hash embedder."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from langchain_core.retrievers import BaseRetriever
from langchain_tests.integration_tests import RetrieversIntegrationTests

from qa.assistant import Assistant
from qa.core.errors import QuestionError
from qa.core.settings import Settings
from qa.langchain import ProceedingsRetriever


class TestProceedingsRetrieverStandard(RetrieversIntegrationTests):
    """langchain-tests' suite, unchanged (its own test checks that none is overridden)."""

    _assistant: Assistant | None = None

    @pytest.fixture(autouse=True)
    def _bundled_assistant(self, bundled_settings: Settings) -> None:
        # The suite reads its constructor arguments from a property, not a fixture.
        type(self)._assistant = Assistant(bundled_settings)

    @property
    def retriever_constructor(self) -> type[BaseRetriever]:
        return ProceedingsRetriever

    @property
    def retriever_constructor_params(self) -> dict[str, Any]:
        return {"assistant": self._assistant}

    @property
    def retriever_query_example(self) -> str:
        return "Que dit François Rebsamen du rôle des collectivités ?"


@pytest.fixture
def assistant(bundled_settings: Settings) -> Assistant:
    return Assistant(bundled_settings)


def test_invoke_time_k_overrides_the_constructor(assistant: Assistant) -> None:
    r = ProceedingsRetriever(assistant=assistant, k=6)
    assert len(r.invoke("coopération décentralisée")) == 6
    assert len(r.invoke("coopération décentralisée", k=1)) == 1
    assert len(r.invoke("coopération décentralisée", k=4)) == 4
    assert len(r.invoke("coopération décentralisée")) == 6  # the call did not change the default


def test_invoke_time_speaker_and_part_filter(assistant: Assistant) -> None:
    r = ProceedingsRetriever(assistant=assistant, k=3)
    # Unfiltered, other speakers and parts come up: else the filters would prove nothing.
    assert {d.metadata["speaker"] for d in r.invoke("Ukraine")} - {"Anne Louyot"}
    assert {d.metadata["part"] for d in r.invoke("guerre")} - {"Session 3"}
    by_speaker = r.invoke("Ukraine", speaker="Anne Louyot")
    assert len(by_speaker) == 3 and all(d.metadata["speaker"] == "Anne Louyot" for d in by_speaker)
    by_part = r.invoke("guerre", part="Session 3")
    assert len(by_part) == 3 and all(d.metadata["part"] == "Session 3" for d in by_part)
    # A constructor filter holds unless the call clears it.
    fixed = ProceedingsRetriever(assistant=assistant, k=3, speaker="Anne Louyot")
    assert all(d.metadata["speaker"] == "Anne Louyot" for d in fixed.invoke("crise"))
    assert {d.metadata["speaker"] for d in fixed.invoke("crise", speaker="")} != {"Anne Louyot"}


def test_async_path_honours_the_same_arguments(assistant: Assistant) -> None:
    r = ProceedingsRetriever(assistant=assistant, k=5)
    docs = asyncio.run(r.ainvoke("Arménie", k=2, speaker="Anne Louyot"))
    assert len(docs) == 2 and all(d.metadata["speaker"] == "Anne Louyot" for d in docs)
    assert [d.id for d in docs] == [d.id for d in r.invoke("Arménie", k=2, speaker="Anne Louyot")]


def test_documents_carry_attribution(assistant: Assistant) -> None:
    d = ProceedingsRetriever(assistant=assistant, k=1).invoke("Arménie", speaker="Anne Louyot")[0]
    assert d.metadata["label"].startswith("Anne Louyot (") and d.metadata["rank"] == 1
    assert d.id == d.metadata["id"] and d.metadata["page"] > 0


@pytest.mark.parametrize("k", [0, -1, 101, 2.5, True, "3"])
def test_bad_k_is_refused_clearly(assistant: Assistant, k: object) -> None:
    with pytest.raises(QuestionError, match=r"k must be an integer from 1 to 100"):
        ProceedingsRetriever(assistant=assistant, k=k)
    r = ProceedingsRetriever(assistant=assistant)
    with pytest.raises(QuestionError, match=r"k must be an integer from 1 to 100"):
        r.invoke("Arménie", k=k)


def test_unknown_arguments_and_filters_are_errors_not_ignored(assistant: Assistant) -> None:
    r = ProceedingsRetriever(assistant=assistant)
    with pytest.raises(QuestionError, match=r"unknown argument.*top_k"):
        r.invoke("Arménie", top_k=2)
    with pytest.raises(QuestionError, match="valid speakers"):
        r.invoke("Arménie", speaker="Nobody Here")
    with pytest.raises(QuestionError, match="valid parts"):
        r.invoke("Arménie", part="Session 9")
    with pytest.raises(QuestionError, match=r"qa\.Assistant"):
        ProceedingsRetriever(assistant=None)
