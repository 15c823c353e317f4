"""Hostile sizes and types through the Python API, 20 concurrent first questions on a fresh
process (embedded store, and a real Chroma server), and what `ingest` says and returns: exit
statuses, each skipped file's reason once, waiting for another ingest."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ingest.pipeline import ingest
from qa.assistant import Assistant
from qa.core.errors import QuestionError
from qa.core.settings import Settings
from tests.chroma_server import ChromaServer
from tests.conftest import PDF, ROOT, make_settings
from vectorstore.index import Index

QUESTION = "Qu'a dit Anne Louyot de l'Ukraine ?"


# --- sizes and types through the API --------------------------------------------------------


@pytest.mark.parametrize("k", [-1, 0, 101, "3", 2.5, True, None])
def test_k_is_checked_through_the_api(bundled_settings: Settings, k: Any) -> None:
    a = Assistant(bundled_settings)
    if k is None:  # the default is fine: a control that the others fail for their k alone
        assert a.ask(QUESTION, k=k).passages and len(a.search(QUESTION)) == 8
        return
    for call in (lambda: a.ask(QUESTION, k=k), lambda: a.search(QUESTION, k=k)):
        with pytest.raises(QuestionError, match="k must be an integer from 1 to 100"):
            call()


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"question": 42}, "question must be a string"),
        ({"question": None}, "question must be a string"),
        ({"question": QUESTION, "speaker": 5}, "speaker must be a string"),
        ({"question": QUESTION, "part": ["Session 2"]}, "part must be a string"),
        ({"question": QUESTION, "source": b"x.pdf"}, "source must be a string"),
        ({"question": QUESTION, "answerer": 1}, "answerer must be a string"),
        ({"question": QUESTION, "history": "Que dit-il ?"}, "history must be a list"),
        ({"question": QUESTION, "history": [42]}, r"history\[0\] must be a string"),
        ({"question": QUESTION, "speaker": "x" * 5000}, "speaker is 5000 characters long; the limit is 1000"),
        ({"question": "x" * 1001}, "the limit is 1000"),
    ],
)
def test_bad_arguments_are_question_errors(bundled_settings: Settings, kwargs: dict[str, Any], named: str) -> None:
    with pytest.raises(QuestionError, match=named):
        Assistant(bundled_settings).ask(**kwargs)


def test_history_is_bounded_in_length_and_size(bundled_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    a = Assistant(bundled_settings)
    seen: list[list[str]] = []
    analyzer = a.analyzer()
    real = analyzer.analyze

    def spy(question: str, history: Any = (), *args: Any) -> Any:
        seen.append(list(history))
        return real(question, history, *args)

    monkeypatch.setattr(analyzer, "analyze", spy)
    # A long conversation: only the latest answer.max_history questions are used, and an
    # oversized question far back (never looked at) does no harm.
    history: list[Any] = ["x" * 100_000]
    for i in range(5000):
        history += [{"role": "user", "content": f"question {i}"}, {"role": "assistant", "content": "y" * 1000}]
    assert a.ask(QUESTION, history=history).passages
    assert seen[-1] == [f"question {i}" for i in range(4990, 5000)]

    bundled_settings.answer.max_history = 2
    a.ask(QUESTION, history=[("q1", "a1"), ["q2", "a2"], "q3"])
    assert seen[-1] == ["q2", "q3"]
    with pytest.raises(QuestionError, match=r"history\[2\] is 5000 characters long; the limit is 1000"):
        a.ask(QUESTION, history=["q1", "q2", "z" * 5000])


# --- 20 concurrent first questions on a fresh process ---------------------------------------

FIRST_QUESTIONS = textwrap.dedent(
    """
    import json, sys, threading
    from qa.assistant import Assistant
    from qa.core.settings import Settings

    settings = Settings.model_validate_json(sys.argv[1])
    assistant = Assistant(settings)
    barrier = threading.Barrier(20)
    results = []

    def ask(i):
        barrier.wait()
        try:
            answer = assistant.ask("Qu'a dit Anne Louyot de l'Ukraine ?")
            results.append(["ok", len(answer.citations), [p.chunk.id for p in answer.passages]])
        except Exception as e:
            results.append(["error", f"{type(e).__name__}: {e}", []])

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(json.dumps(results))
    """
)


def first_questions(settings: Settings) -> list[list[Any]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PQA_")}
    env["PYTHONPATH"] = str(ROOT)
    out = subprocess.run(
        [sys.executable, "-c", FIRST_QUESTIONS, settings.model_dump_json()],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return list(json.loads(out.stdout.strip().splitlines()[-1]))


def assert_all_answered(results: list[list[Any]]) -> None:
    errors = [r[1] for r in results if r[0] != "ok"]
    assert not errors, errors
    assert len(results) == 20 and all(r[1] > 0 for r in results)
    assert len({tuple(r[2]) for r in results}) == 1  # the same passages for the same question


def test_twenty_concurrent_first_questions_embedded(tmp_path: Path) -> None:
    s = make_settings(tmp_path / "index")
    assert ingest([PDF], Index(s)).ok
    for _ in range(2):  # two fresh processes: the race it guards against is a matter of luck
        assert_all_answered(first_questions(s))


@pytest.mark.integration
def test_twenty_concurrent_first_questions_on_a_chroma_server(tmp_path: Path) -> None:
    server = ChromaServer(tmp_path / "chroma")
    try:
        server.start()
    except RuntimeError as e:
        pytest.fail(str(e))
    try:
        writer = make_settings(tmp_path / "a", chroma={"url": server.url})
        assert ingest([PDF], Index(writer)).ok
        # One instance on the writer's folder, one on an empty folder (loads from the server).
        assert_all_answered(first_questions(writer))
        assert_all_answered(first_questions(make_settings(tmp_path / "b", chroma={"url": server.url})))
    finally:
        server.stop()


# --- ingest: exit statuses and messages -------------------------------------------------------


def cli(*args: str, index: Path) -> subprocess.CompletedProcess[str]:
    """The real command in a process of its own (its logging set up as a user gets it)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PQA_")}
    env.update({"PYTHONPATH": str(ROOT), "PQA_EMBEDDING_BACKEND": "hash", "PQA_EMBEDDING_MODEL": "hash"})
    return subprocess.run(
        [sys.executable, "-m", "qa.cli", "--index", str(index), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


def test_ingest_exit_statuses(tmp_path: Path) -> None:
    nothing = tmp_path / "nothing"
    nothing.mkdir()
    (nothing / "notes.docx").write_bytes(b"PK\x03\x04")
    (nothing / ".hidden.md").write_text("# Caché\n\nTexte.\n", "utf-8")
    result = cli("ingest", str(nothing), index=tmp_path / "i")
    assert result.returncode == 3, result.stderr
    assert "nothing to ingest" in result.stderr and str(nothing) in result.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    assert cli("ingest", str(empty), index=tmp_path / "i").returncode == 3

    missing = cli("ingest", str(tmp_path / "no-such-folder"), index=tmp_path / "i")
    assert missing.returncode == 1 and "no such file or folder" in missing.stderr

    good = tmp_path / "good"
    good.mkdir()
    (good / "a.md").write_text(
        "# Session 1\n\nM. Jean Dupont, Maire\n\nLes jardins partagés accueillent des familles.\n"
    )
    ok = cli("ingest", str(good), index=tmp_path / "i")
    assert ok.returncode == 0, ok.stderr
    again = cli("ingest", str(good), index=tmp_path / "i")
    assert again.returncode == 0 and "1 unchanged" in again.stdout


def test_each_skipped_file_is_reported_once(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "corrupt.pdf").write_bytes(b"%PDF-1.4 not really a pdf" * 10)
    (docs / "ok.md").write_text("# Session 1\n\nMme Anne Martin, Maire\n\nLa coopération décentralisée avance.\n")
    result = cli("ingest", str(docs), index=tmp_path / "i")
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert output.count(str(docs / "corrupt.pdf")) == 1, output
    assert "1 ingested" in result.stdout and "1 skipped" in result.stdout


@pytest.fixture
def held_lock(tmp_path: Path) -> Iterator[tuple[Path, Any]]:
    """The index folder's ingest lock, held as another ingest would hold it."""
    from filelock import FileLock

    index_dir = tmp_path / "i"
    settings = Settings(index={"dir": index_dir}, embedding={"backend": "hash", "model": "hash"})
    folder = Index(settings).dir
    folder.mkdir(parents=True)
    lock = FileLock(folder / ".lock")
    lock.acquire()
    try:
        yield index_dir, lock
    finally:
        if lock.is_locked:
            lock.release()


def test_ingest_says_when_it_waits_for_another(tmp_path: Path, held_lock: tuple[Path, Any]) -> None:
    index_dir, lock = held_lock
    doc = tmp_path / "a.md"
    doc.write_text("# Session 1\n\nM. Jean Dupont, Maire\n\nLes jardins partagés accueillent des familles.\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PQA_")}
    env.update({"PYTHONPATH": str(ROOT), "PQA_EMBEDDING_BACKEND": "hash", "PQA_EMBEDDING_MODEL": "hash"})
    proc = subprocess.Popen(
        [sys.executable, "-m", "qa.cli", "--index", str(index_dir), "ingest", str(doc), "--no-progress"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    lines: list[str] = []
    said = threading.Event()

    def read() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.append(line)
            if "waiting for it to finish" in line:
                said.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert said.wait(120), "".join(lines)
        assert proc.poll() is None, "it must wait while the other ingest holds the lock"
        waiting = [line for line in lines if "waiting for it to finish" in line]
        assert len(waiting) == 1 and "another ingest is writing to" in waiting[0]
    finally:
        lock.release()
    assert proc.wait(timeout=120) == 0
    reader.join(10)
    assert proc.stdout is not None and "1 ingested" in proc.stdout.read()
