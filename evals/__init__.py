"""Eval sets and the eval runner: `evals.run("evals/sets/dev.jsonl", assistant=...)`."""

from evals.runner import EvalReport, EvalSetError, load_set, run

__all__ = ["EvalReport", "EvalSetError", "load_set", "run"]
