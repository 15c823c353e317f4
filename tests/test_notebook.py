"""The example notebook: committed with its outputs, and run headlessly (a real Jupyter kernel
through nbclient) over the bundled PDF with the hash embedder: tables render, nothing is
written to stderr, and writing a report leaves the notebook's plots working."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest

from tests.conftest import ROOT

NOTEBOOK = ROOT / "examples" / "quickstart.ipynb"


def _code_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [c for c in nb.cells if c.cell_type == "code"]


def _cell(nb: nbformat.NotebookNode, starts: str) -> nbformat.NotebookNode:
    (cell,) = [c for c in _code_cells(nb) if c.source.startswith(starts)]
    return cell


def _stderr_and_errors(nb: nbformat.NotebookNode) -> list[str]:
    return [
        o.get("text", "") or o.get("evalue", "")
        for c in _code_cells(nb)
        for o in c.outputs
        if o.output_type == "error" or (o.output_type == "stream" and o.name == "stderr")
    ]


def _html(cell: nbformat.NotebookNode) -> str:
    return "".join(o.data.get("text/html", "") for o in cell.outputs if "data" in o)


def test_the_committed_notebook_is_executed_and_clean() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    counts = [c.execution_count for c in _code_cells(nb)]
    assert counts == list(range(1, len(counts) + 1)), "run examples/execute.py to refresh the outputs"
    assert all(c.outputs for c in _code_cells(nb))
    assert not _stderr_and_errors(nb)
    assert "<table" in _html(_cell(nb, 'assistant.search("coopération'))


@pytest.mark.integration
def test_notebook_runs_headless(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import nbclient

    # The kernel inherits this environment: the hash embedder and an index of its own.
    monkeypatch.setenv("PQA_EMBEDDING_BACKEND", "hash")
    monkeypatch.setenv("PQA_INDEX_DIR", str(tmp_path / "index"))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    for c in _code_cells(nb):
        c.outputs = []
    client = nbclient.NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()

    assert not _stderr_and_errors(nb)  # no TqdmWarning, no other stray warning
    search = _html(_cell(nb, 'assistant.search("coopération'))
    assert search.count("<tr>") == 1 + 5 and "5 passages" in search  # header + k rows
    filtered = _html(_cell(nb, 'assistant.search("Ukraine"'))
    assert filtered.count("Anne Louyot") == 3
    assert "<table" in _html(_cell(nb, "answer.citations")) and "Rebsamen" in _html(_cell(nb, "answer = "))
    backend = "".join(o.get("text", "") for o in _cell(nb, "import tempfile").outputs)
    assert "report.md written; backend unchanged: True" in backend
    assert any("image/png" in o.get("data", {}) for o in _cell(nb, "latency = ").outputs)


_FAKE_KERNEL = """
import sys, types, warnings
# What tqdm.autonotebook looks for: a Jupyter kernel's shell, and no ipywidgets.
class ZMQInteractiveShell: ...
sys.modules["ipykernel.zmqshell"] = types.ModuleType("ipykernel.zmqshell")
sys.modules["IPython"] = types.SimpleNamespace(get_ipython=ZMQInteractiveShell)
sys.modules["ipywidgets"] = None
warnings.simplefilter("always")
with warnings.catch_warnings(record=True) as seen:
    warnings.simplefilter("always")
    {imports}
print([w.category.__name__ for w in seen if "IProgress" in str(w.message)])
"""


@pytest.mark.parametrize(
    ("imports", "expected"),
    [
        ("import tqdm.auto", "['TqdmWarning']"),  # the fake kernel reproduces the warning...
        ("from qa.assistant import Assistant; import qa.core.text, vectorstore.lexical", "[]"),  # ...we silence it
    ],
)
def test_no_tqdm_warning_in_a_kernel_without_ipywidgets(imports: str, expected: str) -> None:
    code = textwrap.dedent(_FAKE_KERNEL).replace("{imports}", imports)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip().splitlines()[-1] == expected, out.stderr
