"""lagebild imported from a zip archive (as ``spark-submit --py-files`` ships a wheel)
reads its knowledge base and models from the archive and gives the same results."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import lagebild
from lagebild.corpus import sample_corpus_path
from lagebild.ingest import read_sources
from lagebild.model import Document
from lagebild.pipeline import Pipeline
from lagebild.serialize import document_to_json

#: Runs in a fresh interpreter with the archive first on the path.
SCRIPT = """
import json, sys
sys.path.insert(0, sys.argv[1])
import lagebild
from lagebild.corpus import sample_corpus_path
from lagebild.ingest import read_sources
from lagebild.pipeline import Pipeline
from lagebild.serialize import document_to_json
with sample_corpus_path() as path:
    items = list(read_sources([str(path)]))[:3]
pipeline = Pipeline.build()
docs = [document_to_json(pipeline(doc)) for doc in items]
print(json.dumps({"package": lagebild.__file__, "documents": docs}))
"""


def package_zip(target: Path) -> Path:
    """The package with its data files, laid out as in the wheel, in one zip archive."""
    package = Path(lagebild.__file__).parent
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(package.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                archive.write(path, Path("lagebild") / path.relative_to(package))
    return target


def test_the_pipeline_runs_from_a_zip_of_the_package(tmp_path: Path) -> None:
    archive = package_zip(tmp_path / "lagebild.zip")
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(archive)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["package"].startswith(str(archive))
    with sample_corpus_path() as path:
        items = list(read_sources([str(path)]))[:3]
    assert all(isinstance(item, Document) for item in items)
    pipeline = Pipeline.build()
    expected = [document_to_json(pipeline(doc)) for doc in items if isinstance(doc, Document)]
    assert result["documents"] == expected
    assert all(doc["entities"] for doc in expected)
