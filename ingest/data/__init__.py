"""The bundled proceedings, shipped inside the package and read through `importlib.resources`.

`bundled_pdf()` is what `proceedings-qa ingest` indexes when no file is named and what the
eval baseline indexes by default; `bundled_markdown()` is the text the PDF was made from (the
eval sets' evidence strings are checked against it).
"""

from __future__ import annotations

import logging
import shutil
from importlib.resources import as_file, files
from pathlib import Path

from qa.core.errors import ReadError

logger = logging.getLogger(__name__)

PDF_NAME = "diplomatie-des-territoires-2023.pdf"
MD_NAME = "diplomatie-des-territoires-2023.md"


def bundled_file(name: str) -> Path:
    """The path of one bundled file.

    An installed wheel or a checkout gives a real file; a zip import (rare) is extracted once to
    the user cache, so that the index keys the same path from run to run.

    :param name: a file name of this folder (`PDF_NAME`, `MD_NAME`).
    :raises ReadError: the file is not in the installed package.
    """
    resource = files(__name__).joinpath(name)
    if not resource.is_file():
        raise ReadError(
            f"the bundled file {name} is missing from the installed package ({files(__name__)})",
            hint="reinstall proceedings-qa, or name the files to ingest",
        )
    if isinstance(resource, Path):
        return resource
    from platformdirs import user_cache_path

    target = user_cache_path("proceedings-qa", appauthor=False) / "bundled" / name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        with as_file(resource) as extracted:
            shutil.copyfile(extracted, target)
        logger.info("extracted %s to %s", name, target)
    return target


def bundled_pdf() -> Path:
    """The bundled proceedings as a PDF (what `proceedings-qa ingest` indexes by default).

    :raises ReadError: the file is not in the installed package.
    """
    return bundled_file(PDF_NAME)


def bundled_markdown() -> Path:
    """The Markdown the bundled PDF was made from.

    :raises ReadError: the file is not in the installed package.
    """
    return bundled_file(MD_NAME)
