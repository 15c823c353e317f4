"""Shared fixtures: settings pointing at temp folders, the hash embedder, the bundled corpus.

Isolation is set up in `pytest_configure`, before any fixture runs: no test reads the
developer's `PQA_*` settings or index, or reaches a model hub. Tests not marked `integration`
cannot open network connections (`_request_blocker`, after Haystack's `request_blocker`).
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from qa.core.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "ingest" / "data"  # the bundled proceedings (package data of `ingest.data`)
PDF = DATA / "diplomatie-des-territoires-2023.pdf"
MD = DATA / "diplomatie-des-territoires-2023.md"

_SESSION_HOME: Path | None = None


def pytest_configure(config: pytest.Config) -> None:
    """Clear the developer's settings for the whole session, before any fixture is built."""
    global _SESSION_HOME
    for key in list(os.environ):
        if key.startswith("PQA_"):
            del os.environ[key]
    _SESSION_HOME = Path(tempfile.mkdtemp(prefix="pqa-tests-"))
    os.environ["XDG_DATA_HOME"] = str(_SESSION_HOME / "xdg")
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ["ANONYMIZED_TELEMETRY"] = "False"


def pytest_unconfigure(config: pytest.Config) -> None:
    if _SESSION_HOME is not None:
        shutil.rmtree(_SESSION_HOME, ignore_errors=True)


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A data folder of its own for every test (nothing leaks from one test to the next)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))


_NETWORK_MARKERS = ("integration", "browser")


@pytest.fixture(autouse=True)
def _request_blocker(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Unit tests fail on any network connection, loopback included: only tests marked
    integration (which start the real service they need) may open one."""
    if any(request.node.get_closest_marker(m) for m in _NETWORK_MARKERS):
        return
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            raise RuntimeError(
                f"{request.node.nodeid} tried to connect to {address}; "
                "mark it @pytest.mark.integration if it needs a real service"
            )
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded)


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


# --- LLM answerers against the scripted server (test_llm_answerers.py, test_streams.py) ----------
LOUYOT_Q = "Qu'a dit Anne Louyot de l'Ukraine ?"
LOUYOT_REPLY = (
    "Anne Louyot souligne que la situation en Arménie demeure complexe [1]. "
    "Elle évoque aussi l'invasion de l'Ukraine par la Russie voisine [2]."
)
# Answered extractively (used where the LLM fails and the extractive answer stands in).
GALLET_Q = "What did Bertrand Gallet say about humanitarian aid?"


@pytest.fixture
def llm_settings(bundled_settings: Settings, llm_server: Any) -> Settings:
    """The bundled index answered by the scripted OpenAI-compatible server."""
    s = bundled_settings
    s.llm.base_url = llm_server.base_url
    s.llm.ollama_url = llm_server.url
    s.llm.timeout_s = 10  # the scripted server answers at once; a loaded CI machine is slow
    s.llm.api_key = "sk-test"  # type: ignore[assignment]  # validated into a SecretStr
    s.answer.answerer = "openai"
    return s


BOUND_S = 60  # a call that must give up within seconds fails the test instead of hanging it


def bounded(fn: Callable[[], Any]) -> dict[str, Any]:
    """Run `fn` in a thread: {"value": its result} or {"error": its exception}; a test failure
    if it is still running after BOUND_S."""
    out: dict[str, Any] = {}

    def run() -> None:
        try:
            out["value"] = fn()
        except BaseException as e:  # noqa: BLE001 - handed to the test
            out["error"] = e

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(BOUND_S)
    if t.is_alive():
        pytest.fail(f"still running after {BOUND_S} s")
    return out
