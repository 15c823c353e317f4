"""One contract for every dense store: MemoryStore, embedded Chroma, and a real Chroma server
started by these tests (`chroma run`, next to the Python running the tests)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.chunking import index_text
from ingest.pipeline import ingest
from qa.core.types import Chunk
from tests.chroma_server import ChromaServer, free_port
from tests.conftest import PDF, make_settings
from vectorstore.embedders import HashEmbedder
from vectorstore.index import Index
from vectorstore.store import ChromaStore, MemoryStore, StoreError, VectorStore

CHUNKS = [
    Chunk(
        "Les jumelages franco-allemands ont commencé après la guerre.",
        "a.md",
        (1,),
        "Session 1",
        speaker="Alice Martin",
        role="Maire",
        kind="speaker",
        block="statement",
    ),
    Chunk(
        "Le port de Beyrouth a explosé et les municipalités libanaises ont réagi.",
        "a.md",
        (2,),
        "Session 1",
        speaker="Bruno Leroy",
        role="Maire de Jezzine",
        kind="speaker",
        block="statement",
    ),
    Chunk(
        "La crise démocratique touche la Tunisie et ses conseils municipaux.",
        "a.md",
        (3,),
        "Session 2",
        speaker="Bruno Leroy",
        role="Avocat",
        kind="grand témoin",
        block="statement",
    ),
    Chunk(
        "Les villes financent des ONG après le tremblement de terre en Turquie.",
        "a.md",
        (4,),
        "Session 2",
        speaker="Chloé Petit",
        role="Présidente",
        kind="speaker",
        block="statement",
    ),
    Chunk("Programme de la journée : accueil, sessions, conclusions.", "a.md", (1,), "Programme", block="programme"),
]
BY_ID = {c.id: c for c in CHUNKS}


def _texts(chunks: list[Chunk]) -> list[str]:
    return [index_text(c) for c in chunks]


# --- the Chroma server -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Chroma server on a free port; fails (never skips) when it cannot start."""
    server = ChromaServer(tmp_path_factory.mktemp("chroma-server"))
    try:
        server.start()
    except RuntimeError as e:
        pytest.fail(str(e))
    try:
        yield server.url
    finally:
        server.stop()


# --- the contract ---------------------------------------------------------------------------


@pytest.fixture(params=["memory", "chroma-embedded", pytest.param("chroma-server", marks=pytest.mark.integration)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[VectorStore]:
    embedder = HashEmbedder()
    name = f"contract-{uuid.uuid4().hex[:12]}"
    s: VectorStore
    if request.param == "memory":
        s = MemoryStore(embedder, name)
    elif request.param == "chroma-embedded":
        s = ChromaStore(embedder, name, persist_dir=tmp_path / "chroma")
    else:
        s = ChromaStore(embedder, name, url=request.getfixturevalue("chroma_server"))
    yield s
    s.drop()


class StoreContract:
    def test_empty(self, store: VectorStore) -> None:
        assert store.ids() == set()
        assert store.count() == 0
        assert store.search(HashEmbedder().embed_query("jumelages"), 5) == []

    def test_add_then_ids_and_count(self, store: VectorStore) -> None:
        store.add(CHUNKS[:3], _texts(CHUNKS[:3]))
        assert store.ids() == {c.id for c in CHUNKS[:3]}
        assert store.count() == 3
        store.add(CHUNKS[3:], _texts(CHUNKS[3:]))
        assert store.ids() == set(BY_ID) and store.count() == len(CHUNKS)

    def test_search_returns_the_nearest_first(self, store: VectorStore) -> None:
        store.add(CHUNKS, _texts(CHUNKS))
        emb = HashEmbedder()
        for target in CHUNKS:
            hits = store.search(emb.embed_query(index_text(target)), 3)
            assert len(hits) == 3
            assert hits[0][0] == target.id
            assert hits[0][1] == pytest.approx(1.0, abs=1e-3)
            scores = [score for _, score in hits]
            assert all(-1.0 - 1e-6 <= x <= 1.0 + 1e-6 for x in scores)
            assert scores == sorted(scores, reverse=True)
            assert len({cid for cid, _ in hits}) == 3
        # k larger than the store: everything, once.
        every = store.search(emb.embed_query("crise"), 50)
        assert sorted(cid for cid, _ in every) == sorted(BY_ID)

    def test_where_on_speaker(self, store: VectorStore) -> None:
        store.add(CHUNKS, _texts(CHUNKS))
        q = HashEmbedder().embed_query("les municipalités face aux crises")
        bruno = {c.id for c in CHUNKS if c.speaker == "Bruno Leroy"}
        assert {cid for cid, _ in store.search(q, 10, where={"speaker": "Bruno Leroy"})} == bruno
        both = store.search(q, 10, where={"$and": [{"speaker": "Bruno Leroy"}, {"part": "Session 2"}]})
        assert [cid for cid, _ in both] == [CHUNKS[2].id]
        assert store.search(q, 10, where={"speaker": "Personne"}) == []
        kinds = store.search(q, 10, where={"$and": [{"kind": "speaker"}, {"part": "Session 1"}]})
        assert {cid for cid, _ in kinds} == {CHUNKS[0].id, CHUNKS[1].id}

    def test_delete_removes(self, store: VectorStore) -> None:
        store.add(CHUNKS, _texts(CHUNKS))
        gone = CHUNKS[1]
        store.delete([gone.id])
        assert gone.id not in store.ids() and store.count() == len(CHUNKS) - 1
        hits = store.search(HashEmbedder().embed_query(index_text(gone)), 10)
        assert gone.id not in {cid for cid, _ in hits}
        store.delete([])  # nothing to do
        store.delete(["no-such-id"])  # unknown ids are ignored
        assert store.count() == len(CHUNKS) - 1

    def test_adding_the_same_id_again_does_not_duplicate(self, store: VectorStore) -> None:
        store.add(CHUNKS, _texts(CHUNKS))
        store.add(CHUNKS[:2], _texts(CHUNKS[:2]))
        assert store.count() == len(CHUNKS) and store.ids() == set(BY_ID)
        hits = store.search(HashEmbedder().embed_query(index_text(CHUNKS[0])), 10)
        assert [cid for cid, _ in hits].count(CHUNKS[0].id) == 1

    def test_adding_the_same_id_again_replaces_it(self, store: VectorStore) -> None:
        """Upsert: the second add of an id wins (text, vector and metadata)."""
        store.add(CHUNKS, _texts(CHUNKS))
        first = CHUNKS[0]
        replaced = Chunk(
            "Un texte tout à fait différent sur la pêche en mer du Nord.",
            first.source,
            first.pages,
            first.part,
            speaker="Zoé Durand",
            block="statement",
            id=first.id,
        )
        store.add([replaced], _texts([replaced]))
        assert store.count() == len(CHUNKS)
        hits = store.search(HashEmbedder().embed_query(index_text(replaced)), 1)
        assert hits[0][0] == first.id and hits[0][1] == pytest.approx(1.0, abs=1e-3)
        q = HashEmbedder().embed_query("pêche")
        assert [cid for cid, _ in store.search(q, 10, where={"speaker": "Zoé Durand"})] == [first.id]
        assert store.search(q, 10, where={"speaker": "Alice Martin"}) == []

    def test_drop(self, store: VectorStore) -> None:
        store.add(CHUNKS, _texts(CHUNKS))
        store.drop()
        assert store.count() == 0 and store.ids() == set()


class TestStores(StoreContract):
    """The contract, run once per backend (the `store` fixture's params)."""


def test_embedded_chroma_persists_across_clients(tmp_path: Path) -> None:
    name = f"persist-{uuid.uuid4().hex[:8]}"
    a = ChromaStore(HashEmbedder(), name, persist_dir=tmp_path / "chroma")
    a.add(CHUNKS, _texts(CHUNKS))
    b = ChromaStore(HashEmbedder(), name, persist_dir=tmp_path / "chroma")
    assert b.ids() == set(BY_ID)


def test_unreachable_chroma_server_is_a_store_error(tmp_path: Path) -> None:
    s = ChromaStore(HashEmbedder(), "x", url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(StoreError, match="cannot reach the Chroma server"):
        s.ids()
    with pytest.raises(StoreError, match="expected http://host:port"):
        ChromaStore(HashEmbedder(), "x", url="ftp://nowhere").ids()


# --- ingest through the server ---------------------------------------------------------------


@pytest.mark.integration
def test_ingest_through_the_chroma_server(chroma_server: str, tmp_path: Path) -> None:
    import chromadb

    prefix = f"t{uuid.uuid4().hex[:8]}"
    s = make_settings(tmp_path / "index", chroma={"url": chroma_server, "collection_prefix": prefix})
    report = ingest([PDF], Index(s))
    assert report.ok and report.chunks_written == report.chunks_total > 50

    index = Index(s)
    named = {c.id for c in index.chunks()}
    host, port = chroma_server.removeprefix("http://").split(":")
    client = chromadb.HttpClient(host=host, port=int(port))
    collection = client.get_collection(index.name)
    assert collection.count() == len(named) == report.chunks_total
    assert set(collection.get(include=[])["ids"]) == named
    assert not (tmp_path / "index" / "chroma").exists(), "the embedded store was not used"

    again = ingest([PDF], Index(s))
    assert again.ok and again.chunks_written == 0 and again.chunks_deleted == 0
    assert client.get_collection(index.name).count() == len(named)
