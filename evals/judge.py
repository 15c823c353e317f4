"""Optional LLM-judged faithfulness: does each answer say only what its cited passages say?

Off by default and never needed for a default run. The judge is any LangChain chat model (the
configured LLM endpoint); it sees the answer and the exact text of the passages it cites and
replies with a score between 0 and 1.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from qa.core.types import Answer

logger = logging.getLogger(__name__)

PROMPT = """You check answers about conference proceedings for faithfulness.
Below are the PASSAGES an answer cites, then the ANSWER. Score how much of what the answer
states is supported by the passages: 1 = everything, 0 = nothing. Attributions count: a
statement given to the wrong speaker is not supported. Reply with the number only.

PASSAGES:
{passages}

ANSWER:
{answer}"""


def judge_answer(model: Any, answer: Answer) -> float | None:
    """A 0..1 faithfulness score, or None for refusals and answers without citations."""
    if answer.refused or not answer.citations:
        return None
    passages = "\n\n".join(f"[{c.number}] {c.passage.chunk.label()}:\n{c.text}" for c in answer.citations)
    reply = model.invoke(PROMPT.format(passages=passages, answer=answer.text))
    text = getattr(reply, "content", reply)
    m = re.search(r"\d+(?:[.,]\d+)?", str(text))
    if not m:
        logger.warning("the judge's reply has no score: %r", str(text)[:200])
        return None
    return min(1.0, max(0.0, float(m.group(0).replace(",", "."))))
