"""Ingest end to end with the hash embedder and the embedded Chroma store: idempotence,
incremental updates, crash safety, bad inputs, the CLI and settings."""

from __future__ import annotations

import hashlib
import json
import random
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ingest.chunking import index_text
from ingest.pipeline import DocumentNotIndexedError, IngestReport, ingest, remove
from ingest.readers import ReadError, read_file
from qa.cli import main
from qa.core.settings import Settings, SettingsError
from tests.conftest import MD, PDF, make_settings
from vectorstore.index import Index

SMALL_BASE = """# Jumelages

Les jumelages entre villes européennes sont nés après la guerre. Ils ont rapproché des habitants.

# Solidarité

Les communes envoient de l'aide lors des catastrophes. Elles financent aussi des projets.
"""
SMALL_OTHER = """# Climat

Les villes partagent leurs plans pour le climat. Les réseaux de maires diffusent ces plans.
"""
EDITED_SENTENCE = "en 1950 dans une volonté de paix"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _ids(index: Index) -> set[str]:
    return {c.id for c in index.chunks()}


def _state(settings: Settings) -> tuple[bytes, int, set[str], set[str]]:
    """(manifest bytes, manifest mtime, ids the manifest names, ids in the store), read afresh."""
    index = Index(settings)
    return (index.manifest_path.read_bytes(), index.manifest_path.stat().st_mtime_ns, _ids(index), index.store.ids())


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    d = tmp_path / "docs"
    d.mkdir()
    (d / "base.md").write_text(SMALL_BASE, "utf-8")
    (d / "other.md").write_text(SMALL_OTHER, "utf-8")
    return d


@pytest.fixture
def proc_md(docs: Path) -> Path:
    """A copy of the bundled Markdown that tests may edit."""
    p = docs / "proceedings.md"
    shutil.copyfile(MD, p)
    return p


# --- idempotence and incremental updates ---------------------------------------------------


def test_ingest_bundled_pdf_then_again_writes_nothing(tmp_path: Path) -> None:
    s = make_settings(tmp_path / "index")
    pdf_sha = _sha(PDF)
    first = ingest([PDF], Index(s))
    assert first.ok and first.added == [str(PDF)]
    index = Index(s)
    named = _ids(index)
    assert first.chunks_written == first.chunks_total == len(named) > 50
    assert index.store.ids() == named and index.store.count() == len(named)
    assert index.orphans() == (set(), set())
    manifest, mtime, _, stored = _state(s)

    again = ingest([PDF], Index(s))
    assert again.ok
    assert again.chunks_written == 0 and again.chunks_deleted == 0
    assert again.unchanged == [str(PDF)] and again.added == []
    assert again.chunks_total == len(named) and again.documents_total == 1
    assert _state(s) == (manifest, mtime, named, stored)
    assert _sha(PDF) == pdf_sha


def test_changed_file_replaces_only_its_chunks(tmp_path: Path, docs: Path, proc_md: Path) -> None:
    s = make_settings(tmp_path / "index")
    other = docs / "other.md"
    assert ingest([proc_md, other], Index(s)).ok
    before = Index(s)
    old_chunks = before.documents[str(proc_md.resolve())].chunks
    other_before = before.documents[str(other.resolve())].to_dict()
    touched = {c.id for c in old_chunks if EDITED_SENTENCE in c.text}
    kept = {c.id for c in old_chunks} - touched
    assert touched and kept

    text = proc_md.read_text("utf-8")
    assert text.count(EDITED_SENTENCE) == 1
    proc_md.write_text(text.replace(EDITED_SENTENCE, "en 1960 dans une volonté de paix"), "utf-8")
    report = ingest([proc_md, other], Index(s))
    assert report.ok and report.added == [str(proc_md)] and report.unchanged == [str(other)]

    after = Index(s)
    new_chunks = after.documents[str(proc_md.resolve())].chunks
    new_ids = {c.id for c in new_chunks}
    stored = after.store.ids()
    assert kept <= new_ids, "unchanged chunks keep their ids"
    assert not touched & new_ids and not touched & stored, "old ids of the edited chunks are gone"
    assert any("en 1960 dans une volonté de paix" in c.text for c in new_chunks)
    assert report.chunks_written == len(new_ids - kept) >= 1
    assert report.chunks_deleted == len(touched)
    assert stored == _ids(after)
    assert after.documents[str(other.resolve())].to_dict() == other_before


def test_prune_drops_a_deleted_files_chunks(tmp_path: Path, docs: Path, proc_md: Path) -> None:
    s = make_settings(tmp_path / "index")
    other = docs / "other.md"
    assert ingest([proc_md, other], Index(s)).ok
    index = Index(s)
    other_ids = {c.id for c in index.documents[str(other.resolve())].chunks}
    proc_ids = {c.id for c in index.documents[str(proc_md.resolve())].chunks}
    assert other_ids and proc_ids and not other_ids & proc_ids

    other.unlink()
    kept = ingest([proc_md], Index(s))
    assert kept.pruned == [] and other_ids <= Index(s).store.ids(), "without prune nothing is dropped"

    report = ingest([proc_md], Index(s), prune=True)
    assert report.pruned == ["other.md"]
    assert report.chunks_deleted == len(other_ids)
    after = Index(s)
    assert str(other.resolve()) not in after.documents
    assert not other_ids & after.store.ids() and not other_ids & _ids(after)
    assert _ids(after) == proc_ids == after.store.ids()


def test_remove_takes_one_document_out(tmp_path: Path, docs: Path, proc_md: Path) -> None:
    s = make_settings(tmp_path / "index")
    other = docs / "other.md"
    assert ingest([proc_md, other], Index(s)).ok
    index = Index(s)
    other_ids = {c.id for c in index.documents[str(other.resolve())].chunks}
    proc_ids = {c.id for c in index.documents[str(proc_md.resolve())].chunks}

    with pytest.raises(DocumentNotIndexedError, match=r"'nothing\.md' is not an indexed document; indexed: other\.md"):
        remove(index, "nothing.md")
    report = remove(index, "other.md")  # by file name; the file itself stays on disk
    assert report.pruned == ["other.md"] and report.chunks_deleted == len(other_ids)
    assert report.documents_total == 1 and report.chunks_total == len(proc_ids)
    assert other.exists()
    after = Index(s)  # read afresh: the removal was committed
    assert list(after.documents) == [str(proc_md.resolve())]
    assert _ids(after) == proc_ids == after.store.ids()
    # By key (what describe() lists as "path"); then nothing is left to remove.
    assert remove(after, str(proc_md.resolve())).pruned == ["proceedings.md"]
    assert Index(s).documents == {} and Index(s).store.ids() == set()
    with pytest.raises(DocumentNotIndexedError, match="indexed: none"):
        remove(Index(s), "proceedings.md")


def test_the_same_content_under_another_name_is_skipped_not_indexed_twice(tmp_path: Path, docs: Path) -> None:
    s = make_settings(tmp_path / "index")
    copy = docs / "copy-of-base.md"
    shutil.copyfile(docs / "base.md", copy)
    report = ingest([docs / "base.md", copy], Index(s))
    assert report.added == [str(docs / "base.md")]
    assert report.skipped == [
        (str(copy), f"has the same content as {(docs / 'base.md').resolve()}, already indexed; not indexed twice")
    ]
    index = Index(s)
    assert list(index.documents) == [str((docs / "base.md").resolve())]
    assert index.dense_shortfall() is None
    # Once the first file is gone, the copy is what holds the content: it is indexed.
    (docs / "base.md").unlink()
    assert ingest([copy], Index(s), prune=True).added == [str(copy)]
    assert list(Index(s).documents) == [str(copy.resolve())]
    assert Index(s).store.ids() == _ids(Index(s))


def test_remove_with_two_documents_of_one_name_needs_the_path(tmp_path: Path, docs: Path) -> None:
    s = make_settings(tmp_path / "index")
    twin = docs / "twin"
    twin.mkdir()
    (twin / "base.md").write_text(SMALL_BASE.replace("guerre", "paix"), "utf-8")
    assert ingest([docs / "base.md", twin / "base.md"], Index(s)).ok
    with pytest.raises(DocumentNotIndexedError, match="names several indexed documents; give its path"):
        remove(Index(s), "base.md")
    assert remove(Index(s), str((twin / "base.md").resolve())).pruned == ["base.md"]
    assert list(Index(s).documents) == [str((docs / "base.md").resolve())]


def test_remove_killed_before_the_vectors_go_leaves_a_usable_index(
    tmp_path: Path, docs: Path, proc_md: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = make_settings(tmp_path / "index")
    other = docs / "other.md"
    assert ingest([proc_md, other], Index(s)).ok
    index = Index(s)
    other_ids = {c.id for c in index.documents[str(other.resolve())].chunks}

    def crash(ids: object) -> None:
        raise RuntimeError("killed after the manifest commit")

    monkeypatch.setattr(index.store, "delete", crash)
    with pytest.raises(RuntimeError, match="killed"):
        remove(index, "other.md")
    reopened = Index(s)
    assert str(other.resolve()) not in reopened.documents, "the manifest was committed first"
    assert reopened.orphans() == (other_ids, set()), "only vectors nobody names are left"
    ingest([], reopened)  # the next ingest repairs
    assert Index(s).orphans() == (set(), set())


@pytest.mark.parametrize(
    "change",
    [{"chunking": {"max_tokens": 120}}, {"embedding": {"model": "another-hash"}}],
    ids=["chunking", "embedder"],
)
def test_other_settings_use_another_collection(tmp_path: Path, proc_md: Path, change: dict) -> None:
    s_a = make_settings(tmp_path / "index")
    s_b = make_settings(tmp_path / "index", **change)
    assert s_a.collection_name() != s_b.collection_name()
    assert ingest([proc_md], Index(s_a)).ok
    state_a = _state(s_a)

    report = ingest([proc_md], Index(s_b))
    assert report.ok and report.added == [str(proc_md)] and report.chunks_written == report.chunks_total > 0
    b = Index(s_b)
    assert b.name != Index(s_a).name and b.manifest_path != Index(s_a).manifest_path
    assert b.store.ids() == _ids(b)
    assert _state(s_a) == state_a, "the old collection and its manifest are left as they were"
    if "chunking" in change:
        assert _ids(b) != state_a[2]


def test_crash_before_manifest_commit_leaves_a_usable_index(
    tmp_path: Path, proc_md: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = make_settings(tmp_path / "index")
    assert ingest([proc_md], Index(s)).ok
    manifest, _, named, _ = _state(s)
    proc_md.write_text(proc_md.read_text("utf-8").replace(EDITED_SENTENCE, "en 1960 dans une volonté de paix"), "utf-8")

    calls: list[int] = []

    def crash(self: Index) -> None:
        calls.append(self.store.count())
        raise RuntimeError("killed before the manifest was written")

    with monkeypatch.context() as m:
        m.setattr(Index, "save_manifest", crash)
        with pytest.raises(RuntimeError, match="killed"):
            ingest([proc_md], Index(s))
    assert calls and calls[0] > len(named), "the crash happened after the store add"

    index = Index(s)
    # The committed documents are as they were; the manifest only gained the ids it was about
    # to write (its record of what is this index's to remove).
    before, after = json.loads(manifest), json.loads(index.manifest_path.read_text("utf-8"))
    assert after["documents"] == before["documents"] and after["index_id"] == before["index_id"]
    assert _ids(index) == named
    orphans, missing = index.orphans()
    assert missing == set(), "the manifest names only chunks still in the store"
    assert orphans, "the new vectors were written before the crash"
    assert orphans <= set(after["unnamed"]), "vectors were written before the manifest recorded them"
    # The old index answers: a chunk's own text finds it among the chunks the manifest names.
    probe = next(c for c in index.chunks() if c.speaker == "Anne Louyot")
    hits = [cid for cid, _ in index.store.search(index.embedder.embed_query(index_text(probe)), 5) if index.chunk(cid)]
    assert hits[0] == probe.id

    # The user edits again before the next run: the vectors left by the crash are named by
    # nobody, and the next ingest must remove them.
    proc_md.write_text(proc_md.read_text("utf-8").replace("en 1960 dans", "en 1970 dans"), "utf-8")
    report = ingest([proc_md], Index(s))
    assert report.ok and report.added == [str(proc_md)]
    repaired = Index(s)
    assert repaired.orphans() == (set(), set())
    assert not orphans & repaired.store.ids()
    assert any("en 1970 dans une volonté de paix" in c.text for c in repaired.chunks())
    assert not any("en 1960 dans" in c.text or EDITED_SENTENCE in c.text for c in repaired.chunks())


def test_missing_vectors_are_embedded_again(tmp_path: Path, docs: Path) -> None:
    s = make_settings(tmp_path / "index")
    base = docs / "base.md"
    assert ingest([base], Index(s)).ok
    index = Index(s)
    lost = sorted(_ids(index))[:2]
    index.store.delete(lost)
    assert index.orphans() == (set(), set(lost))

    report = ingest([base], Index(s))
    assert report.ok and report.chunks_written == len(lost)
    assert Index(s).orphans() == (set(), set())


def test_changed_role_reaches_the_store(tmp_path: Path, proc_md: Path) -> None:
    s = make_settings(tmp_path / "index")
    assert ingest([proc_md], Index(s)).ok
    old_role, new_role = "Ambassadrice de France en Arménie", "Ambassadrice de France en République d'Arménie"
    text = proc_md.read_text("utf-8")
    assert text.count(old_role) == 2  # the programme and the report
    proc_md.write_text(text.replace(old_role, new_role), "utf-8")
    assert ingest([proc_md], Index(s)).ok
    index = Index(s)
    louyot = [c for c in index.chunks() if c.speaker == "Anne Louyot"]
    assert louyot and all(c.role == new_role for c in louyot)  # the manifest is right
    q = index.embedder.embed_query(index_text(louyot[0]))
    found = {cid for cid, _ in index.store.search(q, 50, where={"role": new_role})}
    assert found == {c.id for c in louyot}


# --- bad inputs ----------------------------------------------------------------------------


def _check_bad_file(tmp_path: Path, docs: Path, bad: Path, expected: list[str], **sections: dict) -> IngestReport:
    """The bad file is skipped with a message naming it and what was expected (`expected`:
    words the message must hold); the index
    stays as it was; another good file in the same run is still ingested."""
    base, other = docs / "base.md", docs / "other.md"
    assert ingest([base], Index(make_settings(tmp_path / "index"))).ok
    s = make_settings(tmp_path / "index", **sections)
    before = _state(s)
    base_entry = Index(s).documents[str(base.resolve())].to_dict()

    # Reading it directly: a ReadError naming the file and what was expected.
    with pytest.raises(ReadError) as e:
        read_file(bad, max_mb=s.ingest.max_file_mb)
    assert str(bad) in str(e.value)
    for word in expected:
        assert word.lower() in str(e.value).lower(), (word, str(e.value))

    # Alone: skipped, nothing written.
    alone = ingest([bad], Index(s))
    assert [f for f, _ in alone.skipped] == [str(bad)]
    reason = alone.skipped[0][1]
    for word in expected:
        assert word.lower() in reason.lower(), (word, reason)
    assert alone.added == [] and alone.chunks_written == 0 and not alone.ok
    assert _state(s) == before

    # With a good file: the good one goes in, the index keeps what it had.
    report = ingest([bad, other], Index(s))
    assert [f for f, _ in report.skipped] == [str(bad)]
    assert report.added == [str(other)] and report.chunks_written > 0
    after = Index(s)
    assert after.documents[str(base.resolve())].to_dict() == base_entry
    assert str(bad.resolve()) not in after.documents
    assert before[2] <= _ids(after) and after.store.ids() == _ids(after)
    assert any("plans pour le climat" in c.text for c in after.chunks())
    return report


def test_corrupt_pdf(tmp_path: Path, docs: Path) -> None:
    bad = docs / "corrupt.pdf"
    bad.write_bytes(random.Random(7).randbytes(4096))
    _check_bad_file(tmp_path, docs, bad, ["not a readable PDF", "expected a valid PDF"])


def test_truncated_pdf(tmp_path: Path, docs: Path) -> None:
    bad = docs / "truncated.pdf"
    bad.write_bytes(PDF.read_bytes()[:3000])
    _check_bad_file(tmp_path, docs, bad, ["PDF", "expected"])


def test_encrypted_pdf(tmp_path: Path, docs: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.add_page(PdfReader(PDF).pages[3])
    writer.encrypt("secret")
    bad = docs / "encrypted.pdf"
    with bad.open("wb") as f:
        writer.write(f)
    assert PdfReader(bad).is_encrypted
    _check_bad_file(tmp_path, docs, bad, ["encrypted", "password", "expected an unencrypted PDF"])


def test_pdf_without_text_layer(tmp_path: Path, docs: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    bad = docs / "scan.pdf"
    with bad.open("wb") as f:
        writer.write(f)
    _check_bad_file(tmp_path, docs, bad, ["no text layer", "expected a PDF with selectable text", "OCR"])


def test_empty_file(tmp_path: Path, docs: Path) -> None:
    bad = docs / "empty.md"
    bad.write_bytes(b"")
    _check_bad_file(tmp_path, docs, bad, ["empty", "expected a document with text"])


def test_whitespace_only_file(tmp_path: Path, docs: Path) -> None:
    bad = docs / "blank.txt"
    bad.write_text("\n   \n\t\n", "utf-8")
    _check_bad_file(tmp_path, docs, bad, ["no text", "expected a document with text"])


def test_unknown_extension(tmp_path: Path, docs: Path) -> None:
    bad = docs / "notes.docx"
    bad.write_bytes(b"PK\x03\x04 not really a docx")
    _check_bad_file(tmp_path, docs, bad, [".docx", "expected one of", ".pdf", ".md", ".txt", ".html", ".htm"])


def test_unknown_extension_in_a_folder(tmp_path: Path, docs: Path) -> None:
    (docs / "notes.docx").write_bytes(b"PK\x03\x04")
    report = ingest([docs], Index(make_settings(tmp_path / "index")))
    assert sorted(report.added) == sorted(str(docs / n) for n in ("base.md", "other.md"))
    assert [f for f, _ in report.skipped] == [str(docs / "notes.docx")]
    reason = report.skipped[0][1]
    assert ".docx" in reason and "expected" in reason and ".pdf" in reason


def test_non_utf8_text(tmp_path: Path, docs: Path) -> None:
    bad = docs / "latin1.txt"
    bad.write_bytes("Les élus de la région ont coopéré avec Jezzine.\n".encode("latin-1"))
    _check_bad_file(tmp_path, docs, bad, ["not UTF-8", "0xe9", "expected UTF-8"])


def test_file_over_the_size_limit(tmp_path: Path, docs: Path) -> None:
    bad = docs / "big.md"
    bad.write_text(SMALL_BASE.replace("# Jumelages", "# Grand") * 8, "utf-8")
    assert bad.stat().st_size > 0.001 * 1024 * 1024 > (docs / "other.md").stat().st_size
    _check_bad_file(
        tmp_path, docs, bad, ["over the 0.001 MB limit", "ingest.max_file_mb"], ingest={"max_file_mb": 0.001}
    )


def test_size_limit_message_states_a_size_over_the_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    big.write_text("Une phrase. " * 200, "utf-8")  # 2.4 KB
    with pytest.raises(ReadError) as e:
        read_file(big, max_mb=0.001)
    m = re.search(r"([\d.,]+)\s*(bytes|B|KB|kB|MB)\b", str(e.value).split(": ", 1)[1])
    assert m, str(e.value)
    value = (
        float(m.group(1).replace(",", "")) / {"bytes": 2**20, "B": 2**20, "KB": 2**10, "kB": 2**10, "MB": 1}[m.group(2)]
    )
    assert value > 0.001, str(e.value)


# --- CLI -----------------------------------------------------------------------------------


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("PQA_EMBEDDING_BACKEND", "hash")
    return CliRunner()


def test_cli_ingest_json(tmp_path: Path, docs: Path, proc_md: Path, cli: CliRunner) -> None:
    index_dir = tmp_path / "cli-index"
    result = cli.invoke(main, ["--index", str(index_dir), "ingest", str(proc_md), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["added"] == [str(proc_md)] and summary["skipped"] == []
    assert summary["documents"] == 1 and summary["chunks"] == summary["chunks_written"] > 50
    # It went where --index said, with the hash embedder from the environment.
    s = Settings.load(overrides={"index.dir": index_dir})
    assert s.embedding.backend == "hash"
    assert len(Index(s).chunks()) == summary["chunks"]

    again = cli.invoke(main, ["--index", str(index_dir), "ingest", str(proc_md), "--json"])
    assert again.exit_code == 0, again.output
    summary2 = json.loads(again.stdout)
    assert summary2["chunks_written"] == 0 and summary2["unchanged"] == [str(proc_md)]


def test_cli_ingest_bad_file_exits_1_with_a_message(tmp_path: Path, docs: Path, cli: CliRunner) -> None:
    bad = docs / "corrupt.pdf"
    bad.write_bytes(random.Random(1).randbytes(2048))
    good = docs / "other.md"
    result = cli.invoke(main, ["--index", str(tmp_path / "cli-index"), "ingest", str(bad), str(good)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert str(bad) in result.stderr and "expected a valid PDF" in result.stderr
    assert "1 ingested" in result.stdout and "1 skipped" in result.stdout


def test_cli_bad_settings_file_exits_1(tmp_path: Path, cli: CliRunner) -> None:
    cfg = tmp_path / "pqa.toml"
    cfg.write_text("[chunking]\nmax_tokenz = 100\n", "utf-8")
    result = cli.invoke(main, ["--config", str(cfg), "--index", str(tmp_path / "i"), "inspect"])
    assert result.exit_code == 1
    assert "max_tokenz" in result.output and "Traceback" not in result.output


def test_cli_inspect_json(bundled_index_dir: Path, cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PQA_EMBEDDING_MODEL", "hash")  # the bundled index was built with make_settings
    monkeypatch.setenv("PQA_INDEX_DIR", str(bundled_index_dir))
    result = cli.invoke(main, ["inspect", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"documents", "parts", "chunks", "speakers"} <= set(data)
    assert isinstance(data["chunks"], int) and data["chunks"] > 50
    assert [d["source"] for d in data["documents"]] == [PDF.name]
    labels = [p["label"] for p in data["parts"]]
    assert [p for p in labels if p != "Introduction" and p != "Programme"] == [
        "Ouverture",
        "Session 1",
        "Session 2",
        "Session 3",
        "Conclusions",
    ]
    speakers = data["speakers"]
    assert isinstance(speakers, list) and speakers
    for sp in speakers:
        assert {"name", "role", "part", "kind", "chunks"} <= set(sp)
        assert isinstance(sp["chunks"], int)
    rebsamen = [sp for sp in speakers if sp["name"] == "François Rebsamen"]
    assert len(rebsamen) == 1
    assert rebsamen[0]["part"] == "Ouverture" and rebsamen[0]["kind"] == "speaker" and rebsamen[0]["chunks"] > 0
    assert rebsamen[0]["role"].startswith("Président de Cités Unies France")
    hollande = next(sp for sp in speakers if sp["name"] == "François Hollande")
    assert hollande["kind"] == "grand témoin"
    mods = {(sp["name"], sp["part"]) for sp in speakers if sp["kind"] == "moderator"}
    assert mods == {
        ("Virginie Rouquette", "Session 1"),
        ("Virginie Rouquette", "Conclusions"),
        ("Simoné Giovetti", "Session 2"),
        ("François Grünwald", "Session 3"),
    }
    assert sum(sp["chunks"] for sp in speakers) < data["chunks"]


def test_cli_inspect_plain_output(bundled_index_dir: Path, cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PQA_EMBEDDING_MODEL", "hash")
    result = cli.invoke(main, ["--index", str(bundled_index_dir), "inspect"])
    assert result.exit_code == 0, result.output
    assert "Anne Louyot" in result.stdout and "Session 2" in result.stdout


def test_cli_inspect_empty_index(tmp_path: Path, cli: CliRunner) -> None:
    result = cli.invoke(main, ["--index", str(tmp_path / "nothing-here"), "inspect", "--json"])
    assert result.exit_code == 1
    assert "proceedings-qa ingest" in result.output
    assert "Traceback" not in result.output


# --- settings ------------------------------------------------------------------------------


def test_settings_read_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PQA_INDEX_DIR", str(tmp_path / "from-env"))
    monkeypatch.setenv("PQA_CHROMA_URL", "http://chroma.example:8123")
    monkeypatch.setenv("PQA_CHUNKING_MAX_TOKENS", "150")
    s = Settings.load()
    assert s.index.dir == tmp_path / "from-env"
    assert s.chroma.url == "http://chroma.example:8123"
    assert s.chunking.max_tokens == 150


def test_settings_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "pqa.toml"
    cfg.write_text('[chroma]\nurl = "http://toml:1"\ncollection_prefix = "fromtoml"\n', "utf-8")
    assert Settings.load(config=cfg).chroma.url == "http://toml:1"
    monkeypatch.setenv("PQA_CHROMA_URL", "http://env:2")
    s = Settings.load(config=cfg)
    assert s.chroma.url == "http://env:2" and s.chroma.collection_prefix == "fromtoml"
    assert Settings.load(config=cfg, overrides={"chroma.url": "http://cli:3"}).chroma.url == "http://cli:3"


@pytest.mark.parametrize(
    ("toml", "key"),
    [
        ("[chunking]\nmax_tokenz = 100\n", "max_tokenz"),
        ("[retreival]\nk = 3\n", "retreival"),
        ('[embedding]\nbackend = "hash"\nmodle = "x"\n', "modle"),
    ],
)
def test_settings_reject_unknown_keys(tmp_path: Path, toml: str, key: str) -> None:
    cfg = tmp_path / "pqa.toml"
    cfg.write_text(toml, "utf-8")
    with pytest.raises(SettingsError, match=key):
        Settings.load(config=cfg)


def test_settings_reject_bad_values_with_the_field(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match=r"chunking\.max_tokens"):
        Settings.load(overrides={"chunking.max_tokens": 3})
    cfg = tmp_path / "pqa.toml"
    cfg.write_text('[chunking]\nmax_tokens = "lots"\n', "utf-8")
    with pytest.raises(SettingsError, match=r"chunking\.max_tokens"):
        Settings.load(config=cfg)


def test_collection_name_follows_what_changes_the_vectors(tmp_path: Path) -> None:
    base = make_settings(tmp_path / "a")
    name = base.collection_name()
    assert make_settings(tmp_path / "a").collection_name() == name
    for changed in (
        {"chunking": {"max_tokens": 150}},
        {"chunking": {"overlap_sentences": 0}},
        {"embedding": {"model": "other"}},
        {"embedding": {"backend": "sentence-transformers"}},
    ):
        assert make_settings(tmp_path / "a", **changed).collection_name() != name, changed
    for same in (
        {"retrieval": {"k": 3}},
        {"ingest": {"max_file_mb": 1.0}},
        {"answer": {"max_sentences": 2}},
    ):
        assert make_settings(tmp_path / "a", **same).collection_name() == name, same
    assert make_settings(tmp_path / "elsewhere").collection_name() == name


def test_collection_is_named_after_the_embedder_in_use(tmp_path: Path) -> None:
    from vectorstore.embedders import HashEmbedder

    s = make_settings(tmp_path / "index")
    small, large = Index(s, embedder=HashEmbedder(64)), Index(s, embedder=HashEmbedder(128))
    assert small.name != large.name != Index(s).name
    ingest([PDF], small)
    assert not Index(s, embedder=HashEmbedder(128)).documents  # the other model's index stays empty
    assert Index(s, embedder=HashEmbedder(64)).documents
