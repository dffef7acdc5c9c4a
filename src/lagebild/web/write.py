"""Endpoints that change things: ingest by URL, ingest by upload, knowledge-base edits.

Off unless the server is started with ``--enable-writes`` (the router is then included
by :func:`lagebild.web.app.create_app`), and then every request needs
``Authorization: Bearer <token>``: 401 without a token, 403 with a wrong one. URL ingest
fetches only public addresses (:mod:`lagebild.ingest.addresses`) unless the operator
allowed private ones, within the download limits of :mod:`lagebild.ingest.fetch`.
Documents are analysed in the server process, one request at a time.
"""

from __future__ import annotations

import hmac
import re
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from fastapi import APIRouter, Depends, File, HTTPException, Request, UploadFile
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from lagebild.ingest import IngestError, Limits, read_sources
from lagebild.ingest.addresses import AddressPolicy, make_guarded_client
from lagebild.ingest.fetch import DEFAULT_LIMITS, format_size
from lagebild.ingest.sources import KNOWN_SUFFIXES
from lagebild.kb import KnowledgeBase
from lagebild.kb.entities import KnowledgeBaseError
from lagebild.model import Document
from lagebild.pipeline import Pipeline, Resources
from lagebild.runner import IngestSummary, ingest_items
from lagebild.store import Store

#: A token shorter than this is refused when the server starts: it could be guessed.
MIN_TOKEN_LENGTH = 16
_UPLOAD_CHUNK = 64 * 1024
_KB_ID = re.compile(r"^[a-z_]+:[A-Za-z0-9_.\-]+$")


@dataclass
class WriteSettings:
    """What the write endpoints need; one per server."""

    token: str
    kb_file: Path  # the user knowledge-base file edits go to (created on the first edit)
    policy: AddressPolicy = field(default_factory=AddressPolicy)
    limits: Limits = DEFAULT_LIMITS
    kb_paths: tuple[Path, ...] = ()  # other user KB files the pipeline loads
    _pipeline: Pipeline | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def pipeline(self) -> Pipeline:
        """The pipeline with the current knowledge base (rebuilt after an edit)."""
        if self._pipeline is None:
            paths = [*self.kb_paths, *([self.kb_file] if self.kb_file.exists() else [])]
            self._pipeline = Pipeline.build(resources=Resources(kb_paths=tuple(paths)))
        return self._pipeline


_bearer = HTTPBearer(auto_error=False, description="The token the server was started with.")


def _settings(request: Request) -> WriteSettings:
    settings: WriteSettings = request.app.state.writes
    return settings


def require_token(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> WriteSettings:
    """401 without a bearer token, 403 with a wrong one (compared in constant time)."""
    settings = _settings(request)
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(401, "a bearer token is required", {"WWW-Authenticate": "Bearer"})
    given = credentials.credentials.encode("utf-8", "surrogateescape")
    if not hmac.compare_digest(given, settings.token.encode("utf-8")):
        raise HTTPException(403, "wrong token")
    return settings


Writer = Annotated[WriteSettings, Depends(require_token)]
router = APIRouter(prefix="/api/v1", tags=["write"])


class UrlIngest(BaseModel):
    url: str = Field(min_length=1, max_length=2000, description="An http(s) page or feed.")


class IngestResult(BaseModel):
    stored: int
    unchanged: int
    not_analysed: int = Field(description="Stored, but not in a language the extractors read.")
    documents: list[str] = Field(description="Ids of the documents read.")
    errors: list[str] = Field(description="One line per input that could not be read.")


def _result(summary: IngestSummary) -> IngestResult:
    return IngestResult(
        stored=summary.stored,
        unchanged=summary.unchanged,
        not_analysed=summary.unsupported_language,
        documents=summary.ids,
        errors=[str(e) for e in summary.errors],
    )


def _ingest(settings: WriteSettings, store: Store, items: Iterator[Document | IngestError]) -> Any:
    with settings._lock:
        return _result(ingest_items(items, store, settings.pipeline()))


@router.post("/ingest/url", summary="Fetch a URL (page or feed), analyse and store it")
def ingest_url(request: Request, body: UrlIngest, settings: Writer) -> IngestResult:
    if not body.url.startswith(("http://", "https://")):
        raise HTTPException(422, "url must start with http:// or https://")
    with make_guarded_client(settings.policy, settings.limits) as client:
        items = read_sources(
            [body.url], limits=settings.limits, client=client, guard=settings.policy.check_url
        )
        result: IngestResult = _ingest(settings, request.app.state.store, items)
    return result


@router.post("/ingest/upload", summary="Analyse and store an uploaded file")
def ingest_upload(
    request: Request,
    settings: Writer,
    file: Annotated[UploadFile, File(description="A .txt, .html, .jsonl or feed file.")],
) -> IngestResult:
    name = Path(file.filename or "upload.txt").name or "upload.txt"
    suffix = Path(name).suffix.lower()
    if suffix not in KNOWN_SUFFIXES:
        suffix = ".txt"  # unknown: read as text, which refuses binary content
    data = _read_capped(file, settings.limits.max_bytes)
    with tempfile.TemporaryDirectory(prefix="lagebild-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        items = (_renamed(item, str(path), f"upload:{name}") for item in read_sources(
            [str(path)], limits=settings.limits))  # fmt: skip
        result: IngestResult = _ingest(settings, request.app.state.store, items)
    return result


def _read_capped(file: UploadFile, max_bytes: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while chunk := file.file.read(_UPLOAD_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise HTTPException(413, f"upload too large (more than {format_size(max_bytes)})")
        chunks.append(chunk)
    return b"".join(chunks)


def _renamed(item: Document | IngestError, path: str, name: str) -> Document | IngestError:
    """Name an upload by its file name, not by the temporary file it was read from."""
    if isinstance(item, IngestError):
        return IngestError(item.source.replace(path, name), item.reason)
    return replace(item, source=(item.source or path).replace(path, name))


class ActorEdit(BaseModel):
    id: str = Field(
        min_length=3, max_length=120, pattern=_KB_ID.pattern,
        description="Entity id, 'kind:key' (an existing id adds names to that entity).",
    )  # fmt: skip
    name: str | None = Field(default=None, min_length=1, max_length=200)
    type: Literal["PER", "ORG", "GPE", "LOC", "OTH"] | None = None
    aliases: list[Annotated[str, Field(min_length=1, max_length=200)]] = Field(
        default_factory=list, max_length=50
    )


class ActorEdited(BaseModel):
    id: str
    name: str
    type: str
    kb_file: str


@router.post("/kb/actors", status_code=201, summary="Add an actor or a name to the user KB")
def add_actor(edit: ActorEdit, settings: Writer) -> ActorEdited:
    entry: dict[str, Any] = {"id": edit.id}
    if edit.name is not None:
        entry["name"] = " ".join(edit.name.split())
    if edit.type is not None:
        entry["type"] = edit.type
    names = [" ".join(a.split()) for a in edit.aliases if a.strip()]
    if names:
        entry["names"] = names
    with settings._lock:
        kb = _write_checked(settings.kb_file, entry, settings.kb_paths)
        settings._pipeline = None  # the next ingest reads the new names
    entity = kb.get(edit.id)
    assert entity is not None  # the edit was just merged into this knowledge base
    return ActorEdited(id=entity.id, name=entity.name, type=entity.type,
                       kb_file=str(settings.kb_file))  # fmt: skip


def _write_checked(kb_file: Path, entry: dict[str, Any], others: tuple[Path, ...]) -> KnowledgeBase:
    """Append ``entry`` to the user file if the knowledge base still loads with it (else 422);
    the file is replaced atomically, so a failed edit leaves it as it was."""
    document: dict[str, Any] = {"version": 1, "entities": []}
    if kb_file.exists():
        try:
            document = yaml.safe_load(kb_file.read_text(encoding="utf-8")) or document
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise HTTPException(409, f"{kb_file}: cannot read the user KB: {exc}") from None
    if not isinstance(document, dict) or not isinstance(document.get("entities"), list):
        raise HTTPException(409, f"{kb_file}: not a knowledge-base file")
    document["entities"].append(entry)
    partial = kb_file.with_name(kb_file.name + ".partial")
    try:
        kb_file.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False),
                           encoding="utf-8")  # fmt: skip
        kb = KnowledgeBase.load(extra=(*others, partial))
    except KnowledgeBaseError as exc:
        partial.unlink(missing_ok=True)
        raise HTTPException(422, str(exc).replace(str(partial), str(kb_file))) from None
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise HTTPException(503, f"{kb_file}: cannot write: {exc.strerror or exc}") from None
    partial.replace(kb_file)
    return kb
