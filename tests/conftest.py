"""Shared fixtures: settings pointing at temp folders, the hash embedder, the bundled corpus."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from qa.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
PDF = DATA / "diplomatie-des-territoires-2023.pdf"
MD = DATA / "diplomatie-des-territoires-2023.md"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's settings or index, or reaches a model hub."""
    import os

    for key in list(os.environ):
        if key.startswith("PQA_"):
            monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("ANONYMIZED_TELEMETRY", "False")


def make_settings(index_dir: Path, **sections: dict) -> Settings:
    """Settings for tests: hash embedder (no model) unless a section says otherwise."""
    data: dict = {"index": {"dir": index_dir}, "embedding": {"backend": "hash", "model": "hash"}}
    for name, values in sections.items():
        data[name] = {**data.get(name, {}), **values}
    return Settings(**data)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path / "index")


@pytest.fixture(scope="session")
def bundled_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The bundled PDF ingested once (hash embedder, embedded Chroma); read-only for tests."""
    from ingest.pipeline import ingest
    from vectorstore.index import Index

    d = tmp_path_factory.mktemp("bundled-index")
    s = make_settings(d)
    report = ingest([PDF], Index(s))
    assert report.ok and report.chunks_total > 0
    yield d


@pytest.fixture
def bundled_settings(bundled_index_dir: Path) -> Settings:
    return make_settings(bundled_index_dir)


@pytest.fixture
def llm_server() -> Iterator[object]:
    """A real HTTP server on 127.0.0.1 speaking the OpenAI and Ollama protocols, scripted."""
    from tests.openai_server import ScriptedLLMServer

    server = ScriptedLLMServer().start()
    try:
        yield server
    finally:
        server.stop()
