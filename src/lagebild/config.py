"""Settings that come from the environment."""

from __future__ import annotations

import os
from pathlib import Path

#: Default database: an SQLite file in the current directory.
DEFAULT_DATABASE_URL = "sqlite:///lagebild.db"


def database_url(explicit: str | None = None) -> str:
    """The database URL: ``--db`` if given, else ``LAGEBILD_DATABASE_URL``, else the default."""
    return explicit or os.environ.get("LAGEBILD_DATABASE_URL") or DEFAULT_DATABASE_URL


def extra_kb_paths() -> tuple[Path, ...]:
    """User knowledge-base files from ``LAGEBILD_KB`` (paths separated by ``os.pathsep``)."""
    value = os.environ.get("LAGEBILD_KB", "")
    return tuple(Path(p) for p in value.split(os.pathsep) if p)
