"""A synthetic corpus N times the bundled proceedings, every file distinct.

Each file is the bundled Markdown with a deterministic, file-specific variation (seeded by the
file number), so content-hash chunk ids differ and nothing deduplicates:

- every speaker's last name gets the file number as a suffix ("Rebsamen" -> "Rebsamen7"),
  wherever it appears (programme, statement headings, mentions);
- the paragraphs of each statement of the report are shuffled;
- a file-specific sentence is added to every prose paragraph;
- the title line names the synthetic edition.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from benchmarks.common import BUNDLED_MD

# "- **Grand témoin : M. François Hollande, Ancien Président ...**", "Animatrice : Mme X, ..."
_SPEAKER = re.compile(
    r"^\s*(?:[-*+]\s+)?\**\s*(?:[^:*\n]{0,40}:\s*)?(?:S\.\s?E\.\s+)?(?:M\.|Mme|Mlle|Dr\.?|Pr\.?)\s+"
    r"(?P<name>[^,*\n]{3,80}?)\s*,",
    re.M,
)
_SEPARATOR = re.compile(r"(\n[ \t]*\n(?:[ \t]*\n)*)")  # blank lines (3+ = page break), kept as is
_REPORT_START = re.compile(r"^\s*compte[- ]rendu\s*$", re.I)
_SENTENCES = [
    "Dans l'édition synthétique n° {n}, ce passage porte le repère {n}-{j}.",
    "Cette remarque figure au paragraphe {j} de la version {n} des actes.",
    "Le rapporteur de la version {n} a relevé ce point sous la référence {n}.{j}.",
    "Ce propos est repris dans le recueil d'essai numéro {n}, note {j}.",
]
_MIN_PROSE_CHARS = 120
# Part headings and programme slots can be long; they stay where they are, untouched.
_NOT_PROSE = re.compile(
    r"^\W*(?:\d{1,2}\s?h|session|séance|table[- ]ronde|panel|atelier|plénière|conclusions?|ouverture|"
    r"clôture|perspectives|regards|programme|compte[- ]rendu|synthèse|introduction)\b",
    re.I,
)


def speaker_last_names(text: str) -> list[str]:
    """Last names of the speakers named in speaker lines, longest first."""
    names = {m.group("name").split()[-1] for m in _SPEAKER.finditer(text)}
    return sorted((n for n in names if len(n) >= 3 and n[0].isupper()), key=lambda n: (-len(n), n))


def _is_prose(paragraph: str) -> bool:
    p = paragraph.strip()
    if len(p) < _MIN_PROSE_CHARS or p[0] in "-*+#|>" or re.match(r"\d+[.)]\s", p) or _NOT_PROSE.match(p):
        return False
    return _SPEAKER.match(p) is None


def variant(text: str, n: int, last_names: list[str]) -> str:
    """File number `n` of the synthetic corpus, made from the bundled Markdown `text`."""
    rng = random.Random(n)
    for name in last_names:
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", f"{name}{n}", text)
    pieces = _SEPARATOR.split(text)  # paragraph, separator, paragraph, ...
    paragraphs = pieces[0::2]
    in_report = False
    run: list[int] = []  # indexes of a run of consecutive prose paragraphs of the report

    def flush() -> None:
        if len(run) > 1:
            shuffled = [paragraphs[i] for i in run]
            rng.shuffle(shuffled)
            for i, p in zip(run, shuffled, strict=True):
                paragraphs[i] = p
        run.clear()

    for i, p in enumerate(paragraphs):
        if _REPORT_START.match(p):
            in_report = True
        if in_report and _is_prose(p):
            run.append(i)
        elif p.strip():
            flush()
    flush()
    j = 0
    for i, p in enumerate(paragraphs):
        if _is_prose(p):
            j += 1
            paragraphs[i] = f"{p.rstrip()} {rng.choice(_SENTENCES).format(n=n, j=j)}"
    for i, p in enumerate(paragraphs):
        if p.strip():
            paragraphs[i] = f"{p}\n\nÉdition synthétique n° {n} des actes (corpus de mesure)."
            break
    pieces[0::2] = paragraphs
    return "".join(pieces)


def write_corpus(folder: Path, n_files: int, source: Path = BUNDLED_MD) -> list[Path]:
    """Write `n_files` distinct Markdown files into `folder` (created); returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    text = source.read_text("utf-8")
    last_names = speaker_last_names(text)
    paths: list[Path] = []
    for n in range(1, n_files + 1):
        path = folder / f"synthetic-{n:04d}.md"
        path.write_text(variant(text, n, last_names), "utf-8")
        paths.append(path)
    return paths
