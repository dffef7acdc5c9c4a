"""Models bundled with the package, loadable when lagebild is imported from a zip.

``spark-submit --py-files lagebild.whl`` puts the wheel itself on ``sys.path``: its
data files are then members of a zip archive, not files. Python 3.11's
``importlib.resources.as_file`` extracts single files but not directories, and the
NER model is loaded from its directory, so the directory's files are copied to a
temporary directory first (once per process; the model is in memory afterwards).
"""

from __future__ import annotations

import tempfile
from functools import lru_cache
from importlib import resources
from pathlib import Path

from lagebild.nlp.ner import BilstmNerTagger, NerTagger, default_ner


def bundled_ner() -> NerTagger:
    """The shipped NER model, from the installed package or from a zip on the path."""
    directory = resources.files("lagebild") / "models"
    if isinstance(directory, Path):
        return default_ner()
    return _ner_from_archive()


@lru_cache(maxsize=1)
def _ner_from_archive() -> BilstmNerTagger:
    directory = resources.files("lagebild") / "models"
    with tempfile.TemporaryDirectory(prefix="lagebild-models-") as tmp:
        for member in directory.iterdir():
            if member.is_file():
                (Path(tmp) / member.name).write_bytes(member.read_bytes())
        return BilstmNerTagger.from_directory(Path(tmp))
