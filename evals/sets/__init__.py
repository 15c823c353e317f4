"""The eval sets shipped with the package, found by name: `resolve_set("dev")`.

The JSONL files live beside this module (package data, read through `importlib.resources`),
so `proceedings-qa eval dev` and `evals.run("dev")` work from an installed wheel as well as
from the repository. The format is documented in README.md in this folder.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from qa.core.errors import EvalSetError

SUFFIX = ".jsonl"


def sets_dir() -> Path:
    """The folder holding the shipped sets (inside the installed package)."""
    return Path(str(files(__name__)))


def shipped_sets() -> dict[str, Path]:
    """Name (`dev`, `test`, ...) → path of every shipped set, sorted by name."""
    found = {p.name.removesuffix(SUFFIX): p for p in sets_dir().iterdir() if p.name.endswith(SUFFIX)}
    return dict(sorted(found.items()))


def resolve_set(name_or_path: str | Path) -> Path:
    """The JSONL file an eval set argument names.

    An existing file wins; otherwise a shipped set's name (`dev`, `test.jsonl`), or the form the
    README used to give, `evals/sets/dev.jsonl`, which then works from any folder.

    :param name_or_path: a file path or the name of a shipped set.
    :raises EvalSetError: neither a file nor a shipped set; the message lists the shipped sets.
    """
    path = Path(name_or_path)
    if path.is_file():
        return path
    shipped = shipped_sets()
    name = path.name.removesuffix(SUFFIX)
    # Only a bare name or the repository-relative spelling: a mistyped path of the user's own
    # must not silently become a shipped set.
    if name in shipped and path.parent in (Path(), Path("evals", "sets")):
        return shipped[name]
    what = "is a folder" if path.is_dir() else "is not a file"
    raise EvalSetError(
        f"eval set {str(name_or_path)!r} {what} and names no shipped set",
        hint=f"shipped sets: {', '.join(shipped) or 'none'} (in {sets_dir()}); or give the path of a JSONL file",
    )
