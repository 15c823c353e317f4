"""Chroma as a shared store, against real `chroma run` servers: index identity (two index
folders on one server, two app instances on one index), what a third-party client sees, a
hung server (SIGSTOP) and a server that goes away after start-up; and, without a server, the
warning when the dense side is short of what the manifest names."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ingest.pipeline import ingest
from qa.assistant import Assistant
from qa.core.errors import IndexMissingError, StoreUnavailableError
from qa.core.settings import Settings
from tests.chroma_server import ChromaServer
from tests.conftest import PDF, ROOT, bounded, make_settings
from vectorstore.embedders import HashEmbedder
from vectorstore.index import Index

integration = pytest.mark.integration
SUMMIT = ROOT / "tests" / "data" / "summit-en.md"
QUESTION = "Qu'a dit Anne Louyot de l'Ukraine ?"
# Generous bound on a call that must give up after chroma.timeout_s (1 s here): the test fails
# instead of hanging when it does not; no timing is asserted.


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    s = ChromaServer(tmp_path_factory.mktemp("shared-chroma"))
    try:
        s.start()
    except RuntimeError as e:
        pytest.fail(str(e))
    try:
        yield s
    finally:
        s.stop()


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[ChromaServer]:
    """A server of this test's own, to pause or stop."""
    s = ChromaServer(tmp_path / "own-chroma")
    try:
        s.start()
    except RuntimeError as e:
        pytest.fail(str(e))
    try:
        yield s
    finally:
        s.stop()


def shared(folder: Path, url: str, prefix: str, **sections: dict[str, Any]) -> Settings:
    chroma = {"url": url, "collection_prefix": prefix, **sections.pop("chroma", {})}
    return make_settings(folder, chroma=chroma, **sections)


def prefix() -> str:
    return f"t{uuid.uuid4().hex[:8]}"


def client(url: str) -> Any:
    import chromadb

    host, port = url.removeprefix("http://").split(":")
    return chromadb.HttpClient(host=host, port=int(port))


# --- identity --------------------------------------------------------------------------------


@integration
def test_two_index_folders_on_one_server_keep_their_own_vectors(server: ChromaServer, tmp_path: Path) -> None:
    p = prefix()
    a_settings = shared(tmp_path / "a", server.url, p)
    b_settings = shared(tmp_path / "b", server.url, p)
    first = ingest([PDF], Index(a_settings))
    assert first.ok and first.chunks_written == first.chunks_total > 50

    second = ingest([SUMMIT], Index(b_settings))
    assert second.ok and second.chunks_deleted == 0, second.summary()
    assert second.chunks_written == second.chunks_total > 0

    a, b = Index(a_settings), Index(b_settings)
    assert a.index_id != b.index_id and a.name != b.name
    assert a.name.endswith(a.index_id) and b.name.endswith(b.index_id)
    assert a.store.count() == first.chunks_total == len(a.chunks())
    assert b.store.count() == second.chunks_total == len(b.chunks())
    assert a.dense_shortfall() is None and b.dense_shortfall() is None
    # Each folder's index answers from its own documents, dense side included.
    answer = Assistant(a_settings).ask(QUESTION)
    assert answer.citations and not any("dense store" in n for n in answer.notes), answer.notes
    assert any(p.dense_rank for p in answer.passages)
    assert {p.chunk.source for p in answer.passages} == {PDF.name}

    # Ingesting the first folder again finds everything in place: nothing written, nothing deleted.
    again = ingest([PDF], Index(a_settings))
    assert again.chunks_written == 0 and again.chunks_deleted == 0
    assert Index(b_settings).store.count() == second.chunks_total


@integration
def test_an_app_with_an_empty_folder_serves_the_index_from_the_server(server: ChromaServer, tmp_path: Path) -> None:
    p = prefix()
    writer = shared(tmp_path / "machine-a", server.url, p)
    assert ingest([PDF], Index(writer)).ok

    reader_settings = shared(tmp_path / "machine-b", server.url, p)  # an empty folder: nothing shared but the URL
    reader = Assistant(reader_settings)
    local = Assistant(writer)
    assert reader.index.index_id == local.index.index_id
    ours, theirs = local.ask(QUESTION), reader.ask(QUESTION)
    assert [x.chunk.id for x in theirs.passages] == [x.chunk.id for x in ours.passages]
    assert theirs.text == ours.text and theirs.citations
    assert reader.speakers() == local.speakers() and reader.parts() == local.parts()
    assert not (tmp_path / "machine-b").exists() or not any((tmp_path / "machine-b").rglob("manifest.json"))

    # The writer adds a document; the other instance picks it up on reload, dense side included.
    assert ingest([SUMMIT], Index(writer)).ok
    assert len(reader.index.documents) == 1
    reader.reload()
    assert sorted(reader.index.sources()) == sorted([PDF.name, SUMMIT.name])
    assert reader.index.dense_shortfall() is None
    hits = reader.search("summit", k=20)
    assert any(h.chunk.source == SUMMIT.name and h.dense_rank for h in hits)


@integration
def test_several_indexes_on_a_server_need_index_id(server: ChromaServer, tmp_path: Path) -> None:
    p = prefix()
    a = Index(shared(tmp_path / "a", server.url, p))
    assert ingest([PDF], a).ok
    b = Index(shared(tmp_path / "b", server.url, p))
    assert ingest([SUMMIT], b).ok

    with pytest.raises(IndexMissingError) as info:
        Assistant(shared(tmp_path / "empty", server.url, p)).ask(QUESTION)
    msg = str(info.value)
    assert a.index_id in msg and b.index_id in msg and "PQA_INDEX_ID" in msg

    chosen = Index(shared(tmp_path / "empty", server.url, p, index={"id": b.index_id}))
    assert chosen.sources() == [SUMMIT.name]


@integration
def test_an_ingest_from_an_empty_folder_never_writes_into_a_found_index(server: ChromaServer, tmp_path: Path) -> None:
    p = prefix()
    assert ingest([PDF], Index(shared(tmp_path / "a", server.url, p))).ok
    found = Index(shared(tmp_path / "b", server.url, p))
    assert found.identity.source == "discovered" and found.sources() == [PDF.name]
    report = ingest([SUMMIT], found)
    assert report.ok and report.chunks_deleted == 0
    a = Index(shared(tmp_path / "a", server.url, p))
    assert a.sources() == [PDF.name] and a.dense_shortfall() is None
    b = Index(shared(tmp_path / "b", server.url, p))
    assert b.index_id != a.index_id and b.sources() == [SUMMIT.name]


# --- what a third party sees ----------------------------------------------------------------


@integration
def test_a_plain_chromadb_client_reads_the_documents_and_the_embedder(server: ChromaServer, tmp_path: Path) -> None:
    p = prefix()
    index = Index(shared(tmp_path / "a", server.url, p))
    assert ingest([PDF], index).ok

    c = client(server.url)
    ours = [col for col in c.list_collections() if (col.metadata or {}).get("producer") == "proceedings-qa"]
    col = next(col for col in ours if col.name.startswith(p))
    meta = col.metadata
    assert meta["index_id"] == index.index_id and col.name == index.name
    assert meta["embedder"] == HashEmbedder().id and meta["dimension"] == 256 and meta["normalizer"] == "l2"
    assert meta["embedder_version"].startswith("proceedings-qa ")
    assert meta["manifest_collection"] == f"{index.name}-docs"

    got = c.get_collection(index.name).get(include=["documents", "metadatas"])
    by_speaker = [
        (m, d) for m, d in zip(got["metadatas"], got["documents"], strict=True) if m["speaker"] == "Anne Louyot"
    ]
    assert by_speaker
    m, doc = by_speaker[0]
    assert m["role"] == "Ambassadrice de France en Arménie" and m["part"] == "Session 2" and m["page"] > 0
    assert doc.startswith("Anne Louyot, Ambassadrice de France en Arménie (Session 2)\n")
    # Queried with the recorded embedder, the collection finds a passage by its own text.
    vec = HashEmbedder(meta["dimension"]).embed_query(doc)
    res = c.get_collection(index.name).query(query_embeddings=[vec], n_results=1, include=["metadatas"])
    assert res["metadatas"][0][0]["speaker"] == "Anne Louyot"

    manifest = c.get_collection(meta["manifest_collection"]).get(where={"key": "manifest"}, include=["documents"])
    data = json.loads("".join(manifest["documents"]))
    assert data["index_id"] == index.index_id and [d["source"] for d in data["documents"].values()] == [PDF.name]


# --- a hung or vanished server --------------------------------------------------------------


@integration
def test_a_stopped_chroma_server_is_a_one_line_error_then_recovers(own_server: ChromaServer, tmp_path: Path) -> None:
    s = shared(tmp_path / "a", own_server.url, prefix(), chroma={"timeout_s": 1})
    assert ingest([SUMMIT], Index(s)).ok
    assistant = Assistant(s)
    assert assistant.ask("What did they say about the summit?").passages

    own_server.pause()
    try:
        out = bounded(lambda: assistant.ask("What did they say about the summit?"))
        err = out.get("error")
        assert isinstance(err, StoreUnavailableError), out
        msg = str(err)
        assert own_server.url in msg and "did not answer within 1 s" in msg and "\n" not in msg
        assert err.retryable
        # The CLI says the same in one line, exit status 1.
        from qa.cli import main

        env = {"PQA_EMBEDDING_BACKEND": "hash", "PQA_EMBEDDING_MODEL": "hash", "PQA_CHROMA_TIMEOUT_S": "1"}
        args = ["--index", str(tmp_path / "a"), "--chroma-url", own_server.url, "ask", "summit ?"]
        env["PQA_CHROMA_COLLECTION_PREFIX"] = s.chroma.collection_prefix
        result = bounded(lambda: CliRunner().invoke(main, args, env=env))["value"]
        assert result.exit_code == 1
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("Error:") and own_server.url in lines[0], result.output
    finally:
        own_server.resume()
    # Back: the same assistant answers again.
    assert bounded(lambda: assistant.ask("What did they say about the summit?"))["value"].passages


@integration
def test_a_server_that_goes_away_after_start_up_is_a_store_unavailable_error(
    own_server: ChromaServer, tmp_path: Path
) -> None:
    s = shared(tmp_path / "a", own_server.url, prefix(), chroma={"timeout_s": 2})
    assert ingest([SUMMIT], Index(s)).ok
    assistant = Assistant(s)
    assert assistant.ask("What did they say about the summit?").passages
    own_server.stop()
    out = bounded(lambda: assistant.ask("What did they say about the summit?"))
    assert isinstance(out.get("error"), StoreUnavailableError), out
    assert f"cannot reach the Chroma server at {own_server.url}" in str(out["error"])
    own_server.start()  # same port, same data
    assert bounded(lambda: assistant.ask("What did they say about the summit?"))["value"].passages


# --- the dense side short of the manifest (no server needed) --------------------------------


def test_answers_say_when_the_dense_side_is_short(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    s = make_settings(tmp_path / "index")
    assert ingest([PDF], Index(s)).ok
    index = Index(s)
    whole = Assistant(s).ask(QUESTION)
    assert not any("dense store" in n for n in whole.notes)

    index.store.delete(sorted(c.id for c in index.chunks())[:40])  # vectors lost behind its back
    with caplog.at_level(logging.WARNING):
        answer = Assistant(s).ask(QUESTION)
    note = next((n for n in answer.notes if "dense store" in n), None)
    assert note is not None, answer.notes
    named = len(index.chunks())
    assert f"holds {named - 40} vectors but this index names {named} passages" in note
    assert "proceedings-qa ingest" in note
    assert any("dense store" in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)
