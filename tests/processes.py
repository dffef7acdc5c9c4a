"""Running the real `lagebild` command in a subprocess, bounded in time, measured in memory."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from lagebild.model import Document
from lagebild.serialize import document_to_json
from lagebild.store import Store

#: A run that hangs fails its test instead of hanging CI.
RUN_LIMIT_SECONDS = 300
LAGEBILD = str(Path(sys.executable).with_name("lagebild"))


@dataclass(frozen=True)
class Finished:
    returncode: int
    stdout: str
    stderr: str
    peak_rss_kb: int  # of the lagebild process itself, from wait4


def run_measured(args: list[str], limit: float = RUN_LIMIT_SECONDS) -> Finished:
    """Run ``lagebild ARGS`` to its end; kill it and fail the test after ``limit`` seconds."""
    with (
        open(os.devnull, "rb") as nothing,
        tempfile.TemporaryFile("w+", encoding="utf-8") as out,
        tempfile.TemporaryFile("w+", encoding="utf-8") as err,
    ):
        proc = subprocess.Popen([LAGEBILD, *args], stdin=nothing, stdout=out, stderr=err)
        deadline = time.monotonic() + limit
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                os.kill(proc.pid, signal.SIGKILL)
                os.wait4(proc.pid, 0)
                pytest.fail(f"lagebild {' '.join(args)} ran longer than {limit} s")
            time.sleep(0.05)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Finished(proc.returncode, out.read(), err.read(), usage.ru_maxrss)


def stored_documents(url: str, *, aliases: bool = True) -> dict[str, dict[str, object]]:
    """Every stored document with all its annotations (as JSON), by id, minus its source name.

    An entity's aliases are collected from every document naming it, so they depend on which
    other documents are stored; ``aliases=False`` leaves them out to compare documents alone.
    """
    with Store.open(url) as store:
        ids = [row.id for row in store.documents(limit=100_000)]
        return {doc_id: _comparable(store.document(doc_id), aliases) for doc_id in ids}


def _comparable(doc: Document | None, aliases: bool) -> dict[str, object]:
    assert doc is not None
    stored = document_to_json(doc)
    stored.pop("source", None)  # the same article read from another path
    if not aliases:
        stored["entities"] = [
            {k: v for k, v in entity.items() if k != "aliases"} for entity in stored["entities"]
        ]
    return {**stored, "text": doc.text}
