"""proceedings-qa: answers about conference proceedings, cited by speaker.

`from qa import Assistant` is lazy so that importing the package loads no model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qa.assistant import Assistant
    from qa.core.settings import Settings

__all__ = ["Assistant", "Settings"]


def __getattr__(name: str) -> Any:
    if name == "Assistant":
        from qa.assistant import Assistant

        return Assistant
    if name == "Settings":
        from qa.core.settings import Settings

        return Settings
    raise AttributeError(name)
