"""Content-hash identifiers.

Ids depend only on content, never on run order or process, so separate runs and
batches (several workers, Spark partitions) produce the same ids and merge
without duplicates.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SPACE = re.compile(r"\s+")
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def _digest(*parts: object, length: int = 16) -> str:
    h = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:length]


def normalise_text(text: str) -> str:
    """Text normalised for hashing: NFC, unified line ends, trimmed, collapsed blanks."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(_SPACE.sub(" ", line).strip() for line in text.strip().split("\n"))


def document_id(text: str) -> str:
    """Id of a document: hash of its normalised text, so the same article is one document."""
    return "doc_" + _digest(normalise_text(text))


def annotation_id(doc_id: str, kind: str, start: int, end: int, *extra: object) -> str:
    return f"{kind[:3]}_" + _digest(doc_id, kind, start, end, *extra)


def slugify(name: str) -> str:
    """ASCII slug of a name: "Wladimir Putin" -> "wladimir-putin"."""
    decomposed = unicodedata.normalize("NFKD", name.replace("ß", "ss"))
    ascii_name = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    return _NON_SLUG.sub("-", ascii_name).strip("-") or _digest(name, length=8)


def provisional_entity_id(entity_type: str, name: str) -> str:
    """Id of an entity not in the knowledge base, derived from its normalised name and type."""
    return f"x-{entity_type.lower()}:{slugify(name)}"
