"""What the answers read is built at ingest and saved, never rebuilt per process, never used
wrong: the BM25 index saved with bm25s ranks exactly as a fresh one; the corpus tables merged
from each document's share equal those counted from scratch; a stale, missing or damaged
artefact is rebuilt; a question looks chunks up instead of walking them all; an ingest commits
without listing the store."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import bm25s
import numpy as np
import pytest

from ingest.pipeline import ingest, remove
from qa.assistant import Assistant
from qa.core.settings import Settings
from qa.core.text import stem_tokens
from qa.core.types import Chunk, index_text
from tests.conftest import MD, PDF, ROOT, make_settings
from vectorstore.embedders import HashEmbedder
from vectorstore.index import Index
from vectorstore.lexical import LexicalIndex
from vectorstore.tables import (
    CorpusTables,
    TableStore,
    TermRows,
    bm25_from_rows,
    bm25_from_tokens,
    lexical_tokens,
    tables_key,
)
from vectorstore.vocab import FILE as VOCAB_FILE
from vectorstore.vocab import Vocabulary

SUMMIT = ROOT / "tests" / "data" / "summit-en.md"
QUERIES = [
    "Que dit François Rebsamen du rôle des collectivités territoriales ?",
    "coopération décentralisée Ukraine réfugiés",
    "What did the mayor say about the summit?",
    "diplomatie des villes et action extérieure",
    "climat",
    "mot-introuvable-xyz",
]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    d = tmp_path / "docs"
    d.mkdir()
    shutil.copyfile(MD, d / "proceedings.md")
    shutil.copyfile(SUMMIT, d / "summit.md")
    return d


def _fresh_bm25(chunks: list[Chunk]) -> Any:
    """What the index built before it was saved: bm25s over each chunk's tokens."""
    bm25 = bm25s.BM25()
    bm25.index([stem_tokens(index_text(c)) or ["∅"] for c in chunks], show_progress=False)
    return bm25


def _same_tables(a: CorpusTables, b: CorpusTables) -> None:
    assert a.n == b.n
    for name in ("stems", "capital", "lower", "words"):
        assert dict(getattr(a, name)) == dict(getattr(b, name)), name
    assert set(a.vocabulary()) == set(b.vocabulary())  # counted per document: its words matter
    assert a.idf() == b.idf()
    assert a.proper_nouns() == b.proper_nouns()
    assert a.common_words() == b.common_words()


# --- BM25 ------------------------------------------------------------------------------------


def test_saved_bm25_ranks_exactly_as_a_fresh_one(bundled_settings: Settings) -> None:
    index = Index(bundled_settings)
    key = index.tables_key()
    assert key is not None
    saved = index.tables_store.bm25_dir(key)
    assert (saved / "params.index.json").exists(), "the ingest saved the BM25 index of this manifest"
    lexical = index.lexical
    loaded = lexical._bm25
    assert isinstance(loaded.scores["data"], np.memmap), "loaded memory-mapped, not built"
    chunks = index.chunks()
    fresh = _fresh_bm25(chunks)
    built_here = LexicalIndex(chunks, index_text)  # no saved index: built on first search
    for q in QUERIES:
        tokens = stem_tokens(q)
        if tokens:
            # The same float32 scores, bit for bit, so the same order, ties included.
            assert np.array_equal(loaded.get_scores(tokens), fresh.get_scores(tokens)), q
            got = loaded.retrieve([tokens], k=20, show_progress=False, n_threads=0)
            want = fresh.retrieve([tokens], k=20, show_progress=False, n_threads=0)
            assert np.array_equal(got.documents, want.documents) and np.array_equal(got.scores, want.scores), q
        assert lexical.search(q, 10) == built_here.search(q, 10), q
    speaker = next(c.speaker for c in chunks if c.speaker)
    part = next(c.part for c in chunks if c.speaker == speaker)
    where = {"speaker": (speaker,), "part": (part,)}
    for q in QUERIES:
        # The filtered search (looked up by field) is the callable filter's, over the whole index.
        filtered = lexical.search(q, 5, where=where)
        assert filtered == built_here.search(q, 5, keep=lambda c: c.speaker == speaker and c.part == part), q
        assert all(index.chunk(cid).speaker == speaker for cid, _ in filtered)  # type: ignore[union-attr]


def test_bm25_assembled_from_rows_is_bm25s_own_index() -> None:
    chunks = [
        Chunk(text=t, source="a.md", speaker=s, position=i)
        for i, (t, s) in enumerate(
            [
                ("Les villes coopèrent avec les villes jumelles.", "A"),
                ("La coopération décentralisée finance des projets, des projets et encore des projets.", "B"),
                ("", ""),
                ("Climat climat climat : les maires partagent leurs plans.", "A"),
                ("Un texte sans rapport avec le reste, qui parle de musique.", "C"),
            ]
        )
    ]
    tokens = [lexical_tokens(c) for c in chunks]
    # Rows stored by document, assembled in another order, one document twice (two files with
    # the same body): the index is bm25s's over the tokens in the assembled order.
    rows = TermRows().append("doc2", tokens[3:]).append("doc1", tokens[:3])
    order = ["doc1", "doc2", "doc1"]
    assembled = bm25_from_rows(rows, order)
    expected = bm25s.BM25()
    expected.index(tokens[:3] + tokens[3:] + tokens[:3], show_progress=False)
    for q in ["villes coopération", "projets", "climat maires plans", "musique", "absent"]:
        t = stem_tokens(q)
        assert np.array_equal(assembled.get_scores(t), expected.get_scores(t)), q
    # Dropping a document drops its tokens too: the vocabulary is the remaining rows' only.
    kept = rows.keep({"doc2"})
    assert kept.bodies == ["doc2"] and set(kept.vocab) == {t for toks in tokens[3:] for t in toks}
    alone = bm25s.BM25()
    alone.index(tokens[3:], show_progress=False)
    assert np.array_equal(bm25_from_rows(kept, ["doc2"]).get_scores(["clim"]), alone.get_scores(["clim"]))
    assert np.array_equal(bm25_from_tokens(tokens).get_scores(["projet"]), _fresh_scores(tokens, ["projet"]))


def _fresh_scores(tokens: list[list[str]], query: list[str]) -> Any:
    bm25 = bm25s.BM25()
    bm25.index(tokens, show_progress=False)
    return bm25.get_scores(query)


# --- corpus tables: merged from each document's share -----------------------------------------


def test_tables_follow_every_change_and_equal_a_count_from_scratch(tmp_path: Path, corpus: Path) -> None:
    s = make_settings(tmp_path / "index")
    proceedings, summit = corpus / "proceedings.md", corpus / "summit.md"
    assert ingest([proceedings], Index(s)).ok
    first = Index(s).tables_key()
    assert ingest([summit], Index(s)).ok  # a document added
    text = proceedings.read_text("utf-8")
    proceedings.write_text(text.replace("coopération", "collaboration", 5), "utf-8")
    assert ingest([proceedings], Index(s)).ok  # a document changed
    index = Index(s)
    assert index.tables_key() != first
    _same_tables(index.tables(), CorpusTables.of(index.chunks()))
    saved = json.loads(index.tables_store.corpus_path.read_text("utf-8"))
    assert saved["key"] == index.tables_key(), "saved for the manifest now committed"
    # Only the current manifest's BM25 index is kept, and the shares of its documents.
    store = index.tables_store
    assert sorted(p.name for p in store.root.glob("bm25-*")) == [f"bm25-{index.tables_key()}"]
    assert {p.name for p in store.parts.glob("*.json")} == {
        Path(d.file).stem + ".json" for d in index.documents.values()
    }

    remove(index, "summit.md")  # a document removed
    index = Index(s)
    _same_tables(index.tables(), CorpusTables.of(index.chunks()))
    assert index.lexical.search("summit mayor", 5) == LexicalIndex(index.chunks(), index_text).search("summit mayor", 5)


def test_a_missing_or_damaged_artefact_is_rebuilt(tmp_path: Path, corpus: Path) -> None:
    s = make_settings(tmp_path / "index")
    assert ingest(sorted(corpus.iterdir()), Index(s)).ok
    index = Index(s)
    key = index.tables_key()
    assert key is not None
    expected = LexicalIndex(index.chunks(), index_text).search(QUERIES[0], 8)
    store = index.tables_store

    shutil.rmtree(store.root)  # lost: rebuilt from the bodies, and saved again
    again = Index(s)
    assert again.lexical.search(QUERIES[0], 8) == expected
    _same_tables(again.tables(), CorpusTables.of(again.chunks()))
    assert (store.bm25_dir(key) / "params.index.json").exists() and store.corpus_path.exists()

    store.corpus_path.write_text("{not json", "utf-8")  # damaged: rebuilt, never misread
    (store.root / "terms.npz").write_bytes(b"garbage")
    shutil.rmtree(store.bm25_dir(key))
    again = Index(s)
    _same_tables(again.tables(), CorpusTables.of(again.chunks()))
    assert again.lexical.search(QUERIES[0], 8) == expected


def test_tables_of_another_manifest_are_never_used(tmp_path: Path, corpus: Path) -> None:
    s = make_settings(tmp_path / "index")
    proceedings, summit = corpus / "proceedings.md", corpus / "summit.md"
    assert ingest([proceedings], Index(s)).ok
    one = Index(s)
    store = one.tables_store
    stale_corpus = store.corpus_path.read_text("utf-8")
    stale_bm25 = store.bm25_dir(one.tables_key() or "")
    keep = tmp_path / "stale-bm25"
    shutil.copytree(stale_bm25, keep)

    reader = Assistant(s)  # a long-lived reader (the UI) with the one-document index loaded
    assert reader.search("summit", k=3)
    assert ingest([summit], Index(s)).ok  # another process adds a document
    # Someone restores the old files: they are for another manifest, so they are not used.
    store.corpus_path.write_text(stale_corpus, "utf-8")
    shutil.copytree(keep, stale_bm25, dirs_exist_ok=True)
    reader.reload()
    index = reader.index
    assert index.tables_key() != json.loads(stale_corpus)["key"]
    _same_tables(index.tables(), CorpusTables.of(index.chunks()))
    fresh = LexicalIndex(index.chunks(), index_text)
    for q in QUERIES:
        assert index.lexical.search(q, 8) == fresh.search(q, 8), q
    assert any(index.chunk(cid).source == "summit.md" for cid, _ in index.lexical.search("summit", 8))  # type: ignore[union-attr]


def test_an_ingest_killed_before_its_tables_leaves_them_rebuilt_on_use(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = make_settings(tmp_path / "index")
    assert ingest([corpus / "proceedings.md"], Index(s)).ok

    def killed(self: Index) -> None:
        raise RuntimeError("killed after the commits, before the tables")

    with monkeypatch.context() as m:
        m.setattr(Index, "refresh_tables", killed)
        with pytest.raises(RuntimeError, match="killed"):
            ingest([corpus / "summit.md"], Index(s))
    index = Index(s)
    assert len(index.documents) == 2, "the commit happened"
    key = index.tables_key()
    assert key is not None and not index.tables_store.bm25_dir(key).exists()
    _same_tables(index.tables(), CorpusTables.of(index.chunks()))
    assert index.lexical.search(QUERIES[2], 8) == LexicalIndex(index.chunks(), index_text).search(QUERIES[2], 8)


def test_tables_key_is_the_manifest_bodies_in_order() -> None:
    assert tables_key(["a.json", "b.json"]) != tables_key(["b.json", "a.json"])
    assert tables_key(["a.json", "a.json"]) != tables_key(["a.json"])
    assert tables_key([]) == tables_key([])


def test_an_unreadable_share_is_counted_again(tmp_path: Path) -> None:
    store = TableStore(tmp_path)
    store.parts.mkdir(parents=True)
    store.part_path("x.json").write_text('{"version": -1}', "utf-8")
    assert store.read_part("x.json") is None
    assert store.read_part("missing.json") is None


# --- per question: lookups, not walks ----------------------------------------------------------


class _Counting(list):  # type: ignore[type-arg]
    """A list that counts how often it is walked from end to end."""

    def __init__(self, items: list[Any]) -> None:
        super().__init__(items)
        self.walks = 0

    def __iter__(self) -> Iterator[Any]:
        self.walks += 1
        return super().__iter__()


def test_a_question_never_walks_every_chunk_or_speaker(bundled_settings: Settings) -> None:
    assistant = Assistant(bundled_settings)
    assistant.warm_up()
    index = assistant.index
    chunks, speakers = _Counting(index.chunks()), _Counting(index.speakers())
    index.chunks = lambda: chunks  # type: ignore[method-assign]
    index.speakers = lambda: speakers  # type: ignore[method-assign]
    list(index.chunks())
    assert chunks.walks == 1, "the counter counts"
    chunks.walks = 0
    questions = [
        "Que dit Anne Louyot de l'Ukraine ?",  # a speaker and a topic: their statements judged
        "Résumez l'intervention de François Rebsamen.",  # a summary: all their statements
        "Qui est Bertrand Gallet ?",  # who is: intro lines and programme
        "Qui animait la session 2 ?",  # a role
        "Que dit Jean Dupont de la paix ?",  # an unknown person: the nearest names
        "Qu'ont dit les intervenants sur le climat ?",  # who spoke
        "What did the speakers say about refugees?",  # another language
    ]
    for q in questions:
        assistant.ask(q)
    assistant.ask("la paix", speaker="Anne Louyot", part=index.parts()[1])
    assistant.search("coopération", speaker="Anne Louyot")
    assert chunks.walks == 0, "a question walked every chunk"
    assert speakers.walks == 0, "a question walked the whole speaker table"


def test_lookups_by_speaker_are_the_walks_they_replace(bundled_settings: Settings) -> None:
    index = Index(bundled_settings)
    chunks = index.chunks()
    names = sorted({c.speaker for c in chunks if c.speaker})[:3]
    assert index.chunks_where("speaker", names) == [c for c in chunks if c.speaker in names]
    assert index.chunks_where("block", ["programme"]) == [c for c in chunks if c.block == "programme"]
    assert index.speaker_rows(names) == [r for r in index.speakers() if r.name in names]
    assert index.chunks_where("speaker", ["nobody"]) == []


# --- ingest: commits without listing the store ----------------------------------------------


def test_commits_do_not_list_the_store(tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    s = make_settings(tmp_path / "index")
    index = Index(s)
    listed: list[int] = []
    real_ids = index.store.ids

    def ids() -> set[str]:
        listed.append(1)
        return real_ids()

    monkeypatch.setattr(index.store, "ids", ids)
    extra = corpus / "third.md"
    extra.write_text("# Eau\n\nLes villes partagent leurs réseaux d'eau potable et leurs savoir-faire.\n", "utf-8")
    report = ingest(sorted(corpus.iterdir()), index)
    assert report.ok and len(report.added) == 3
    assert listed == [], "the store was listed"
    # Changed and unchanged files: still nothing listed; the store holds exactly the named ids.
    extra.write_text("# Eau\n\nLes villes partagent leurs réseaux d'eau.\n", "utf-8")
    report = ingest(sorted(corpus.iterdir()), index)
    assert report.added == [str(extra)] and listed == []
    assert real_ids() == set(index.documents.refs())


# --- the embedded vocabulary is built at ingest ---------------------------------------------------


class _WordVectors(HashEmbedder):
    """Hash vectors, declared usable as word vectors (the vocabulary is then built)."""

    word_vectors = True

    def __init__(self) -> None:
        super().__init__()
        self.embedded: list[str] = []

    def embed_documents(self, texts: Any) -> list[list[float]]:
        self.embedded.extend(texts)
        return super().embed_documents(texts)


def test_the_vocabulary_is_embedded_at_ingest_not_at_the_first_question(tmp_path: Path, corpus: Path) -> None:
    s = make_settings(tmp_path / "index")
    embedder = _WordVectors()
    index = Index(s, embedder=embedder)
    assert ingest([corpus / "proceedings.md"], index).ok
    vocab = Vocabulary(index.dir, embedder)
    vocab.load()
    assert (index.dir / VOCAB_FILE).exists()
    assert set(index.tables().vocabulary()) <= set(vocab.words)
    assert ingest([corpus / "summit.md"], index).ok  # only the new words are embedded
    vocab.load()
    assert set(index.tables().vocabulary()) <= set(vocab.words)
    assert len(vocab.words) == len(set(vocab.words))

    reader = Index(s, embedder=embedder)
    assistant = Assistant(s, index=reader)
    embedder.embedded.clear()
    assistant.ask("What did they say about refugees?")
    # (the quotes' candidate sentences may be embedded to choose among them; the words are not)
    assert not set(embedder.embedded) & set(vocab.words), "a question embedded the corpus's words"
    assert all(len(t.split()) > 1 for t in embedder.embedded)


def test_pdf_index_answers_from_its_saved_tables(tmp_path: Path) -> None:
    s = make_settings(tmp_path / "index")
    assert ingest([PDF], Index(s)).ok
    index = Index(s)
    done = index._refresh(lexical=True)
    assert done.rebuilt == [], f"nothing should be rebuilt after an ingest: {done.rebuilt}"


def test_documents_not_committed_are_indexed_once_per_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import vectorstore.index as index_module
    from vectorstore.index import DocumentEntry
    from vectorstore.store import MemoryStore

    index = Index(make_settings(tmp_path / "index"), store=MemoryStore(HashEmbedder()))
    texts = ["Les villes coopèrent.", "Le climat change.", "La paix se construit entre communes."]
    chunks = [Chunk(text=t, source="a.md", speaker="A", block="statement", position=i) for i, t in enumerate(texts)]
    index.documents = {"a": DocumentEntry("a", "a.md", "", "A", chunks, [], [])}
    built: list[int] = []
    real = index_module.refresh

    def counted(*args: Any, **kwargs: Any) -> Any:
        built.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(index_module, "refresh", counted)
    assert index.lexical.search("villes", 3)[0][0] == chunks[0].id
    index.lexical.search("climat", 3)
    index.tables()
    assert len(built) == 1, "built once for these documents, not per search"
    more = [Chunk(text="Le climat des villes.", source="b.md", speaker="B", block="statement")]
    index.documents["b"] = DocumentEntry("b", "b.md", "", "B", more, [], [])
    assert any(cid == more[0].id for cid, _ in index.lexical.search("climat", 3))
    assert len(built) == 2, "built again when the documents changed"


@pytest.mark.integration
def test_a_shared_index_read_by_another_folder_builds_its_tables_from_the_bodies(tmp_path: Path) -> None:
    from tests.chroma_server import ChromaServer

    server = ChromaServer(tmp_path / "chroma-server")
    try:
        server.start()
    except RuntimeError as e:
        pytest.fail(str(e))
    try:
        chroma = {"url": server.url, "collection_prefix": "tables"}
        writer = make_settings(tmp_path / "writer", chroma=chroma)
        assert ingest([MD, SUMMIT], Index(writer)).ok
        written = Index(writer)
        reader = Index(make_settings(tmp_path / "reader", chroma=chroma))  # an empty folder: from the server
        assert reader.identity.source == "discovered" and reader.tables_key() == written.tables_key()
        assert not reader.tables_store.root.exists(), "nothing local yet"
        for q in QUERIES:
            assert reader.lexical.search(q, 8) == written.lexical.search(q, 8), q
        _same_tables(reader.tables(), written.tables())
        key = reader.tables_key() or ""
        assert (reader.tables_store.bm25_dir(key) / "params.index.json").exists(), "built once, then kept"
    finally:
        server.stop()
