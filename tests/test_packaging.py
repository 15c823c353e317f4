"""What an installed package needs: the bundled proceedings and the eval sets as package data
found from any folder, the CLI's conventions (--version, env vars in --help, -v/-vv, progress
only on a terminal, NO_COLOR), a wheel with its data, LICENSE and py.typed, and no POSIX-only
import."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import ingest
from evals.runner import load_set
from evals.sets import resolve_set, sets_dir, shipped_sets
from ingest.data import bundled_file, bundled_markdown, bundled_pdf
from qa.cli import main
from qa.core.errors import EvalSetError, ReadError
from tests.conftest import MD, PDF, ROOT

PACKAGES = ("qa", "ingest", "vectorstore", "ui", "evals")


# --- package data -------------------------------------------------------------------------


def test_bundled_proceedings_are_package_data() -> None:
    data = Path(ingest.__file__).parent / "data"
    assert bundled_pdf() == data / PDF.name and bundled_pdf().samefile(PDF)
    assert bundled_markdown().samefile(MD) and bundled_pdf().read_bytes().startswith(b"%PDF")
    with pytest.raises(ReadError, match=r"nope\.pdf is missing from the installed package.*reinstall"):
        bundled_file("nope.pdf")


def test_bundled_file_from_a_zip_import_is_extracted_once_to_a_stable_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ingest.data

    archive = tmp_path / "site.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(PDF, f"ingest/data/{PDF.name}")
    monkeypatch.setattr(ingest.data, "files", lambda _name: zipfile.Path(archive, "ingest/data/"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    first = bundled_pdf()
    assert first.is_file() and first.is_relative_to(tmp_path / "cache") and first.read_bytes() == PDF.read_bytes()
    assert bundled_pdf() == first  # the index keys the same path on every run


def _lines(path: Path) -> int:
    return sum(1 for line in path.read_text("utf-8").splitlines() if line.strip())


def test_shipped_sets_are_found_by_name_from_any_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # not the repository: relative paths to evals/sets/ resolve to nothing
    assert {"dev", "test"} <= set(shipped_sets())
    dev = sets_dir() / "dev.jsonl"
    assert resolve_set("dev") == resolve_set("dev.jsonl") == resolve_set("evals/sets/dev.jsonl") == dev
    assert resolve_set(Path("test")) == sets_dir() / "test.jsonl"
    assert len(load_set("dev")) == _lines(dev)  # evals.run("dev") goes through load_set


def test_a_file_of_ones_own_wins_and_a_wrong_path_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    mine = tmp_path / "dev.jsonl"
    mine.write_text(
        '{"id": "m1", "question": "q?", "lang": "fr", "speakers": [], "evidence": [], '
        '"answer_keywords": [], "answerable": false}\n',
        "utf-8",
    )
    assert resolve_set("dev.jsonl") == Path("dev.jsonl") and [i.id for i in load_set("dev.jsonl")] == ["m1"]
    # A mistyped path of one's own never silently becomes the shipped set of the same name.
    with pytest.raises(EvalSetError, match=r"'mine/dev\.jsonl' is not a file.*shipped sets: dev, .*test"):
        resolve_set("mine/dev.jsonl")
    with pytest.raises(EvalSetError, match="is a folder"):
        resolve_set(tmp_path)


# --- the CLI's conventions --------------------------------------------------------------------


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    # The bundled index of conftest: hash embedder with the model name "hash".
    monkeypatch.setenv("PQA_EMBEDDING_BACKEND", "hash")
    monkeypatch.setenv("PQA_EMBEDDING_MODEL", "hash")
    return CliRunner()


def test_version(cli: CliRunner) -> None:
    from importlib.metadata import version

    result = cli.invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"proceedings-qa {version('proceedings-qa')} (Python {sys.version.split()[0]})\n"


def _commands() -> list[tuple[list[str], click.Command, str]]:
    assert isinstance(main, click.Group)
    out: list[tuple[list[str], click.Command, str]] = [([], main, "PQA")]
    out += [([name], cmd, f"PQA_{name.upper()}") for name, cmd in main.commands.items()]
    return out


@pytest.mark.parametrize(("args", "command", "prefix"), _commands(), ids=lambda v: getattr(v, "name", None))
def test_help_shows_the_environment_variable_of_every_option(
    cli: CliRunner, args: list[str], command: click.Command, prefix: str
) -> None:
    result = cli.invoke(main, [*args, "--help"], terminal_width=200)
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    options = [p for p in command.params if isinstance(p, click.Option) and p.name not in {"help", "version"}]
    assert options
    for opt in options:
        envvar = opt.envvar or f"{prefix}_{opt.name}".upper()
        assert f"env var: {envvar}" in text, f"{opt.name}: {envvar} not shown"


def test_main_help_names_the_settings_variables_and_no_color(cli: CliRunner) -> None:
    text = cli.invoke(main, ["--help"]).output
    assert "PQA_<SECTION>_<FIELD>" in text and "PQA_EMBEDDING_BACKEND" in text and "NO_COLOR" in text


def test_an_option_really_reads_the_variable_help_shows(cli: CliRunner, bundled_index_dir: Path) -> None:
    # An explicit variable (--index, --speaker) and an automatic one (PQA_ASK_K for ask --k).
    env = {"PQA_INDEX_DIR": str(bundled_index_dir), "PQA_ASK_SPEAKER": "Anne Louyot", "PQA_ASK_K": "2"}
    result = cli.invoke(main, ["ask", "Ukraine", "--json"], env=env)
    assert result.exit_code == 0, result.output
    passages = json.loads(result.stdout)["passages"]
    assert len(passages) == 2 and {p["speaker"] for p in passages} == {"Anne Louyot"}


def test_verbose_shows_files_timings_and_retrieval_decisions(cli: CliRunner, tmp_path: Path) -> None:
    index = ["--index", str(tmp_path / "index")]
    quiet = cli.invoke(main, [*index, "ingest"])
    assert quiet.exit_code == 0, quiet.output
    assert quiet.stderr == ""  # nothing without -v (and no progress frames: not a terminal)

    again = cli.invoke(main, [*index, "-v", "ingest"])
    assert again.exit_code == 0, again.output
    assert f"{bundled_pdf()}: unchanged" in again.stderr and "ingest done:" in again.stderr

    fresh = cli.invoke(main, ["--index", str(tmp_path / "other"), "-v", "ingest"])
    assert re.search(r"parsed in [\d.]+ s: \d+ chunks, \d+ speakers", fresh.stderr), fresh.stderr
    assert re.search(r"embedded and stored \d+ chunks in [\d.]+ s", fresh.stderr)
    assert "DEBUG" not in fresh.stderr

    q = "Que dit François Rebsamen du rôle des collectivités ?"
    ask_v = cli.invoke(main, [*index, "-v", "ask", q])
    assert ask_v.exit_code == 0, ask_v.output
    assert "question about speakers François Rebsamen" in ask_v.stderr
    assert re.search(r"\d+ passages retrieved, extractive answerer: answered, \d+ citations", ask_v.stderr)
    assert re.search(r"timings: .*retrieve_dense [\d.]+ ms.*total [\d.]+ ms", ask_v.stderr)
    assert "dense rank" not in ask_v.stderr

    ask_vv = cli.invoke(main, [*index, "-vv", "ask", q])
    assert re.search(r"#1 score [\d.]+ \(dense rank [\d-]+, BM25 rank [\d-]+\) François Rebsamen", ask_vv.stderr)

    follow = cli.invoke(
        main, [*index, "-v", "ask", "Et qu'a-t-elle dit de l'Ukraine ?", "--history", "Que dit Anne Louyot ?"]
    )
    assert "about speakers Anne Louyot (carried from the conversation)" in follow.stderr


def test_no_progress_frames_into_pipes(cli: CliRunner, tmp_path: Path) -> None:
    index = ["--index", str(tmp_path / "index")]
    ingested = cli.invoke(main, [*index, "ingest"])
    assert ingested.exit_code == 0 and "1 ingested" in ingested.stdout
    evaluated = cli.invoke(main, [*index, "eval", "test"])
    assert evaluated.exit_code == 0, evaluated.output
    assert "hit_at_k" in evaluated.stdout
    for out in (ingested.stdout, ingested.stderr, evaluated.stdout, evaluated.stderr):
        assert "\r" not in out


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    import pty
    import termios

    primary, secondary = pty.openpty()
    termios.tcsetwinsize(secondary, (24, 100))  # a new pty is 0 columns wide: tqdm would draw nothing
    env = {**os.environ, "PQA_EMBEDDING_BACKEND": "hash", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "qa.cli", "--index", str(tmp_path / "index"), "ingest"],
        stdout=subprocess.PIPE,
        stderr=secondary,
        env=env,
        cwd=tmp_path,
    )
    os.close(secondary)
    terminal = b""
    while True:
        try:
            chunk = os.read(primary, 4096)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        terminal += chunk
    stdout, _ = proc.communicate(timeout=120)
    os.close(primary)
    assert proc.returncode == 0 and b"1 ingested" in stdout
    assert b"\r" in terminal and b"chunk" in terminal  # tqdm drew its bar on the terminal


def test_no_color_turns_colour_off() -> None:
    assert isinstance(main, click.Group)
    assert main.make_context("proceedings-qa", ["inspect"]).color is None  # click decides (terminal or not)
    os.environ["NO_COLOR"] = "1"
    try:
        ctx = main.make_context("proceedings-qa", ["inspect"])
        assert ctx.color is False
        with ctx:  # sub-commands inherit it, and click.echo strips styles under it
            sub = main.commands["inspect"].make_context("inspect", [], parent=ctx)
            assert sub.color is False
    finally:
        del os.environ["NO_COLOR"]


def test_eval_by_name_and_compare_from_another_folder(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    index = ["--index", str(tmp_path / "index")]
    assert cli.invoke(main, [*index, "ingest"]).exit_code == 0
    result = cli.invoke(main, [*index, "eval", "test", "--compare", "--json", "--report", "rep"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    n = _lines(sets_dir() / "test.jsonl")
    assert out["product"]["n"] == out["baseline"]["n"] == n
    assert (tmp_path / "rep" / "report.md").read_text("utf-8").startswith("# Evaluation on `test.jsonl`")

    missing = cli.invoke(main, [*index, "eval", "evals/sets/nope.jsonl"])
    assert missing.exit_code == 1 and missing.output.count("\n") == 1
    assert re.search(r"names no shipped set; shipped sets: dev, .*test \(in ", missing.output)


def test_bundled_file_missing_is_one_line_not_a_traceback(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ingest.data

    monkeypatch.setattr(ingest.data, "PDF_NAME", "gone.pdf")
    result = cli.invoke(main, ["--index", str(tmp_path / "i"), "ingest"])
    assert result.exit_code == 1 and result.output.startswith("Error: the bundled file gone.pdf is missing")
    assert result.output.count("\n") == 1


# --- the wheel --------------------------------------------------------------------------------


def test_project_metadata() -> None:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert meta["project"]["license"] == "MIT" and meta["project"]["license-files"] == ["LICENSE"]
    assert "proceedings-qa contributors" in (ROOT / "LICENSE").read_text("utf-8")
    assert all((ROOT / p / "py.typed").exists() for p in PACKAGES)


@pytest.mark.integration
def test_the_wheel_carries_data_license_and_types(tmp_path: Path) -> None:
    """Built as a user's pip would (isolated: setuptools comes from the registry)."""
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(tmp_path), "-v", str(ROOT)],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    log = build.stdout + build.stderr
    assert "SetuptoolsDeprecationWarning" not in log
    (wheel,) = tmp_path.glob("proceedings_qa-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"{p}/py.typed" for p in PACKAGES}
    expected |= {f"ingest/data/{f.name}" for f in (ROOT / "ingest" / "data").iterdir() if f.suffix in {".pdf", ".md"}}
    expected |= {f"evals/sets/{f.name}" for f in (ROOT / "evals" / "sets").glob("*.jsonl")}
    expected |= {f"evals/documents/{f.name}" for f in (ROOT / "evals" / "documents").glob("*") if f.is_file()}
    assert expected <= names, expected - names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
    assert "License-Expression: MIT" in zipfile.ZipFile(wheel).read(metadata).decode()
    assert not any(n.startswith(("tests/", "benchmarks/", "examples/")) for n in names)


# --- cross-platform -----------------------------------------------------------------------------


def test_no_posix_only_module_at_import() -> None:
    """Every module of the package imports with the POSIX-only standard modules gone (as on
    Windows); filelock and platformdirs pick their Windows side there."""
    code = (
        "import sys, pkgutil, importlib\n"
        "for m in ('fcntl', 'pwd', 'grp', 'resource'): sys.modules[m] = None\n"
        f"for pkg in {PACKAGES!r}:\n"
        "    importlib.import_module(pkg)\n"
        "    for info in pkgutil.walk_packages(sys.modules[pkg].__path__, pkg + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "print('imported')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert out.returncode == 0 and out.stdout.strip() == "imported", out.stderr[-2000:]
