"""Eval sets and the eval runner: `evals.run("dev", assistant=...)`.

The shipped sets (`dev`, `test`) are found by name from any folder (`evals.sets.resolve_set`);
a path to a JSONL file of your own works too.
"""

from evals.runner import EvalReport, EvalSetError, load_set, run

__all__ = ["EvalReport", "EvalSetError", "load_set", "run"]
