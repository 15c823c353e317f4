"""Structure eval: the speaker table the parser finds, scored against hand-written gold.

For every `<slug>.gold.json` in a folder (format in evals/documents/README.md) the document
next to it is read, parsed and chunked exactly as ingest does (no embedding; the hash
embedder's token counter), and compared with the gold:

- **speaker precision / recall**: a detected speaker is one with at least one statement chunk;
  it matches a gold speaker when their names agree (below). Precision = matched detected /
  detected, recall = matched gold / gold. A document whose gold has no speaker has precision 1
  when nothing is detected, 0 otherwise.
- **names agree** when, folded and without honorifics, titles and parenthesised remarks, the
  detected name equals the gold name, one of its aliases or one of its labels; or when both
  have the same surname and compatible first names (the same, an initial of it, or one of the
  two has none).
- **role accuracy**, over matched gold speakers with a gold role: the detected role is right
  when it is not empty and at least half of its content words occur in the gold role
  (words compared folded, on their first five letters). A shorter role taken from the document
  ("Chair, Senate Finance Committee" for a gold role that adds "(listed under PRESIDING)")
  counts as right; an empty or unrelated role does not.
- **part accuracy**, over matched gold speakers with gold parts: right when every non-empty
  part of the speaker's rows matches a gold part (folded, the detected label a prefix of the
  gold heading or the reverse) and at least one row has a part.
- **passages**: every gold sample of a speaker must lie in a chunk attributed to that speaker
  ("wrong" when it lies in another speaker's chunk, "lost" when only in chunks with no
  speaker or in no chunk); every unattributed sample must not lie in a chunk with a speaker
  ("wrong" otherwise; text dropped as layout debris is fine). Samples are compared with
  whitespace collapsed; a sample cut by a chunk boundary is looked up in two consecutive chunks.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qa.core.errors import ProceedingsQAError
from qa.core.text import fold

TITLE_TOKENS = frozenset(
    """m mme mmes mlle mr mrs ms messrs dr pr prof me mgr rre s.e monsieur madame mademoiselle sir dame
    senator sen hon rep assemblyman assemblywoman councillor cllr chairman chairwoman chairperson chair
    chancellor mayor the le la""".split()
)
PARTICLES = frozenset("de du des d da di del van von der den la le al el ben bin y e fils".split())


class GoldError(ProceedingsQAError):
    """A gold file is missing, unreadable or malformed."""


@dataclass
class DocScore:
    """The scores of one document."""

    file: str
    gold: int
    detected: int
    matched_gold: int
    matched_detected: int
    roles_right: int
    roles_total: int
    parts_right: int
    parts_total: int
    samples: int
    wrong: int
    lost: int
    turns: int
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        if self.detected == 0:
            return 1.0 if self.gold == 0 else 0.0
        return self.matched_detected / self.detected

    @property
    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 1.0

    @property
    def role_accuracy(self) -> float | None:
        return self.roles_right / self.roles_total if self.roles_total else None

    @property
    def part_accuracy(self) -> float | None:
        return self.parts_right / self.parts_total if self.parts_total else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "gold_speakers": self.gold,
            "detected_speakers": self.detected,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "role_accuracy": None if self.role_accuracy is None else round(self.role_accuracy, 4),
            "part_accuracy": None if self.part_accuracy is None else round(self.part_accuracy, 4),
            "samples": self.samples,
            "wrong_speaker": self.wrong,
            "lost": self.lost,
            "turns": self.turns,
            "misses": self.misses,
        }


def _norm_tokens(name: str) -> list[str]:
    t = re.sub(r"\([^()]*\)|\{[^{}]*\}", " ", name)
    t = re.sub(r"[:;,.\[\]\\*]+", " ", fold(t).replace("’", "'"))
    toks = [x for x in t.split() if x]
    while toks and toks[0].strip(".") in TITLE_TOKENS:
        toks.pop(0)
    return toks


def _core(name: str) -> str:
    return " ".join(t for t in _norm_tokens(name) if t not in PARTICLES)


_ADDRESS = frozenset("the mr mrs ms madam madame m mme le la l hon honourable honorable".split())


def _office(name: str) -> str:
    """A name made of titles only ("Mr Chairman", "The Chairman") as the office it names."""
    toks = re.sub(r"[:;,.\[\]\\*'’]+", " ", fold(name)).split()
    return " ".join(t for t in toks if t not in _ADDRESS)


def names_agree(detected: str, gold: dict[str, Any]) -> bool:
    """The matching rule of the module docstring; a name of titles only ("Mr Chairman") agrees
    with the same office however addressed ("The Chairman")."""
    d = _core(detected)
    if not d:
        office = _office(detected)
        keys = [gold.get("name", ""), *gold.get("aliases", []), *gold.get("labels", [])]
        return bool(office) and any(office == _office(k) for k in keys if k and not _core(k))
    keys = [gold.get("name", ""), *gold.get("aliases", []), *gold.get("labels", [])]
    if any(d == _core(k) for k in keys if k):
        return True
    dt = d.split()
    for k in [gold.get("name", ""), *gold.get("aliases", [])]:
        gt = _core(k).split()
        if not gt or not dt or dt[-1] != gt[-1]:
            continue
        fd, fg = dt[:-1], gt[:-1]
        if not fd or not fg:
            return True
        a, b = fd[0], fg[0]
        if a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)):
            return True
    return False


def _content(text: str) -> list[str]:
    words = re.findall(r"[\w]+", fold(text))
    stop = {
        "de",
        "du",
        "des",
        "la",
        "le",
        "les",
        "l",
        "d",
        "of",
        "the",
        "and",
        "et",
        "a",
        "an",
        "in",
        "en",
        "for",
        "pour",
        "au",
        "aux",
        "on",
    }
    return [w[:5] for w in words if len(w) > 1 and w not in stop]


def role_right(detected: str, gold: str) -> bool:
    """Right when not empty and at least half of its content words are in the gold role."""
    d = _content(detected)
    if not d:
        return False
    g = set(_content(gold))
    return sum(1 for w in d if w in g) * 2 >= len(d)


_ITEM_NUMBER = re.compile(r"^[ivxl\d]{1,4}[.)]?\s+(?=\S)")


def part_matches(detected: str, gold: str) -> bool:
    """Whether a detected part label names the gold part: one a prefix of the other, folded,
    an agenda item's number ("1 PROCÈS-VERBAL", "1. Ms Jane Runeckles") on either side or not."""
    d = _ITEM_NUMBER.sub("", fold(detected).rstrip("….").strip())  # "…" shortens a label
    g = _ITEM_NUMBER.sub("", fold(gold).strip())
    return bool(d) and (g.startswith(d) or d.startswith(g) or d == g)


def _ws(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def score_document(path: Path, gold: dict[str, Any], count: Callable[[str], int], budget: int = 200) -> DocScore:
    """Parse and chunk one document as ingest does and score it against its gold."""
    from ingest.chunking import chunk_document
    from ingest.readers import read_file
    from ingest.structure import parse

    doc = parse(read_file(path), path.name)
    chunks = [c for c in chunk_document(doc, path.name, budget, 1, count) if c.block != "intro"]
    speakers = gold.get("speakers", [])
    detected_names = sorted({c.speaker for c in chunks if c.speaker and c.block == "statement"})
    misses: list[str] = []

    matched_detected = 0
    for name in detected_names:
        if any(names_agree(name, g) for g in speakers):
            matched_detected += 1
        else:
            misses.append(f"extra speaker {name!r}")
    rows = doc.speakers
    matched_gold = roles_right = roles_total = parts_right = parts_total = 0
    for g in speakers:
        mine = [r for r in rows if names_agree(r.name, g) and r.name in detected_names]
        if not mine:
            misses.append(f"missed speaker {g['name']!r}")
            continue
        matched_gold += 1
        if g.get("role"):
            roles_total += 1
            role = next((r.role for r in mine if r.role), "")
            if role_right(role, g["role"]):
                roles_right += 1
            else:
                misses.append(f"role of {g['name']!r}: {role!r}")
        if g.get("parts"):
            parts_total += 1
            parts = [r.part for r in mine if r.part]
            if parts and all(any(part_matches(p, gp) for gp in g["parts"]) for p in parts):
                parts_right += 1
            else:
                misses.append(f"parts of {g['name']!r}: {sorted(set(parts))}")

    texts = [_ws(c.text) for c in chunks]
    pairs = [f"{texts[i]} {texts[i + 1]}" for i in range(len(texts) - 1)]
    wrong = lost = samples = 0

    def where(sample: str) -> list[str]:
        s = _ws(sample)
        found = [chunks[i].speaker for i, t in enumerate(texts) if s in t]
        if not found:
            found = [
                chunks[i].speaker if chunks[i].speaker == chunks[i + 1].speaker else ""
                for i, t in enumerate(pairs)
                if s in t
            ]
        return found

    for g in speakers:
        for sample in g.get("samples", []):
            samples += 1
            found = where(sample)
            if any(sp and names_agree(sp, g) for sp in found):
                continue
            if any(sp for sp in found):
                wrong += 1
                misses.append(f"wrong speaker {sorted({sp for sp in found if sp})} for {g['name']!r}: {sample[:60]!r}")
            else:
                lost += 1
                misses.append(f"lost ({'no speaker' if found else 'not found'}) {g['name']!r}: {sample[:60]!r}")
    for sample in gold.get("unattributed_samples", []):
        samples += 1
        found = where(sample)
        if any(found):
            wrong += 1
            misses.append(f"unattributed sample given to {sorted({sp for sp in found if sp})}: {sample[:60]!r}")
    return DocScore(
        path.name,
        len(speakers),
        len(detected_names),
        matched_gold,
        matched_detected,
        roles_right,
        roles_total,
        parts_right,
        parts_total,
        samples,
        wrong,
        lost,
        doc.turns,
        misses,
    )


def load_gold(folder: Path) -> list[tuple[Path, dict[str, Any]]]:
    """(document, gold) pairs of a folder, or GoldError naming the file at fault."""
    if not folder.is_dir():
        raise GoldError(f"{folder}: no such folder; expected a folder of documents with <name>.gold.json files")
    out = []
    for g in sorted(folder.glob("*.gold.json")):
        try:
            data = json.loads(g.read_text("utf-8"))
        except (OSError, ValueError) as e:
            raise GoldError(f"{g}: not readable JSON ({e}); expected a gold speaker table") from None
        if not isinstance(data, dict) or "file" not in data or not isinstance(data.get("speakers", []), list):
            raise GoldError(f"{g}: expected an object with 'file' and a list 'speakers'")
        doc = folder / str(data["file"])
        if not doc.is_file():
            raise GoldError(f"{g}: names {data['file']!r}, which is not in {folder}")
        out.append((doc, data))
    if not out:
        raise GoldError(f"{folder}: no *.gold.json files; expected gold speaker tables next to the documents")
    return out


def evaluate_structure(folder: Path, count: Callable[[str], int] | None = None) -> list[DocScore]:
    """Scores of every gold document of `folder` (hash embedder's token counter by default).

    :raises GoldError: the folder has no gold, or a gold file is malformed.
    """
    if count is None:
        from vectorstore.embedders import HashEmbedder

        count = HashEmbedder().count_tokens
    return [score_document(doc, gold, count) for doc, gold in load_gold(folder)]


def totals(scores: list[DocScore]) -> dict[str, float | int | None]:
    """Micro-averaged figures over all documents, and the worst document's precision/recall."""
    det = sum(s.detected for s in scores)
    gold = sum(s.gold for s in scores)
    rt = sum(s.roles_total for s in scores)
    pt = sum(s.parts_total for s in scores)
    return {
        "documents": len(scores),
        "precision": round(sum(s.matched_detected for s in scores) / det, 4) if det else 1.0,
        "recall": round(sum(s.matched_gold for s in scores) / gold, 4) if gold else 1.0,
        "role_accuracy": round(sum(s.roles_right for s in scores) / rt, 4) if rt else None,
        "part_accuracy": round(sum(s.parts_right for s in scores) / pt, 4) if pt else None,
        "samples": sum(s.samples for s in scores),
        "wrong_speaker": sum(s.wrong for s in scores),
        "lost": sum(s.lost for s in scores),
        "min_precision": round(min((s.precision for s in scores), default=1.0), 4),
        "min_recall": round(min((s.recall for s in scores), default=1.0), 4),
    }


def format_table(scores: list[DocScore], show_misses: bool = False) -> str:
    """A per-document table and the totals, for people."""

    def pct(x: float | None) -> str:
        return "   -" if x is None else f"{x:4.2f}"

    width = max((len(s.file) for s in scores), default=8)
    lines = [f"{'document':<{width}}  gold  det  prec  rec  role  part  samples wrong lost"]
    for s in scores:
        lines.append(
            f"{s.file:<{width}}  {s.gold:>4} {s.detected:>4}  {pct(s.precision)} {pct(s.recall)} "
            f"{pct(s.role_accuracy)}  {pct(s.part_accuracy)}  {s.samples:>7} {s.wrong:>5} {s.lost:>4}"
        )
        if show_misses:
            lines.extend(f"    - {m}" for m in s.misses)
    t = totals(scores)
    lines.append(
        f"{'all':<{width}}  {sum(s.gold for s in scores):>4} {sum(s.detected for s in scores):>4}  "
        f"{pct(t['precision'])} {pct(t['recall'])} {pct(t['role_accuracy'])}  {pct(t['part_accuracy'])}  "  # type: ignore[arg-type]
        f"{t['samples']:>7} {t['wrong_speaker']:>5} {t['lost']:>4}"
    )
    return "\n".join(lines)


def documents_dir() -> Path:
    """The shipped corpus of real transcripts with their gold tables (package data)."""
    from importlib.resources import files

    return Path(str(files("evals") / "documents"))
