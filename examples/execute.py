"""Run a notebook headlessly and save it with its outputs: `python examples/execute.py
examples/quickstart.ipynb` (what refreshes the outputs committed with the example).

Runs in a temporary folder, so the notebook reads nothing of the repository's working
directory; settings come from the environment (`PQA_INDEX_DIR`, `PQA_EMBEDDING_BACKEND`).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import nbclient
import nbformat


def execute(path: Path, timeout: int = 900) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as cwd:
        # record_timing=False: the saved file changes only when outputs do.
        nbclient.NotebookClient(
            nb, timeout=timeout, kernel_name="python3", record_timing=False, resources={"metadata": {"path": cwd}}
        ).execute()
    return nb


if __name__ == "__main__":
    for name in sys.argv[1:] or ["examples/quickstart.ipynb"]:
        notebook = execute(Path(name))
        nbformat.write(notebook, name)
        print(f"executed {name}")
