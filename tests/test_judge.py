"""The optional LLM-judged faithfulness, against the scripted OpenAI-compatible llm_server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from evals.runner import run
from qa.assistant import Assistant
from qa.cli import main
from qa.core.settings import Settings
from tests.openai_server import ScriptedLLMServer

ROWS = [
    {
        "id": "a",
        "question": "Que dit Anne Louyot de la situation en Arménie ?",
        "lang": "fr",
        "speakers": ["Anne Louyot"],
        "evidence": ["Haut-Karabagh"],
        "answer_keywords": ["Arménie"],
        "answerable": True,
    },
    {
        "id": "b",
        "question": "Que dit Bertrand Gallet des crises ?",
        "lang": "fr",
        "speakers": ["Bertrand Gallet"],
        "evidence": ["crises par an"],
        "answer_keywords": ["crise"],
        "answerable": True,
    },
]


@pytest.mark.integration
def test_faithfulness_is_judged_from_the_cited_passages(
    bundled_settings: Settings, llm_server: ScriptedLLMServer
) -> None:
    from qa.answerers.llm import make_chat_model

    bundled_settings.llm.base_url = llm_server.base_url
    bundled_settings.llm.timeout_s = 5
    llm_server.reply("0.9")
    llm_server.reply("Score: 0,5")
    judge = make_chat_model("openai", bundled_settings.llm)
    report = run(ROWS, assistant=Assistant(bundled_settings), judge=judge)
    scores = [r["faithfulness"] for r in report.rows]
    assert scores == [0.9, 0.5]
    assert report.metrics["faithfulness"] == 0.7
    prompt = llm_server.chat_requests()[0].content("user")
    assert "Anne Louyot" in prompt and "PASSAGES" in prompt  # the judge sees the cited passages


def test_no_judge_no_faithfulness_key(bundled_settings: Settings) -> None:
    report = run(ROWS, assistant=Assistant(bundled_settings))
    assert "faithfulness" not in report.metrics and "faithfulness" not in report.rows[0]


@pytest.mark.integration
def test_cli_judge(
    bundled_index_dir: Path, llm_server: ScriptedLLMServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PQA_EMBEDDING_BACKEND", "hash")
    monkeypatch.setenv("PQA_EMBEDDING_MODEL", "hash")
    monkeypatch.setenv("PQA_LLM_BASE_URL", llm_server.base_url)
    f = tmp_path / "set.jsonl"
    f.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in ROWS), "utf-8")
    llm_server.reply("1")
    llm_server.reply("0")
    result = CliRunner().invoke(main, ["--index", str(bundled_index_dir), "eval", str(f), "--json", "--judge"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["faithfulness"] == 0.5
