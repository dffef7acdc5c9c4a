"""Measure near-duplicate detection on a generated stream with known copies.

    .venv/bin/python bench/near_duplicates.py [--size 5000] [--copies 0.3] [--seed 7]

Every article goes through the same path as ``lagebild ingest`` stores it
(``runner.save_document`` into a real SQLite file: fingerprint, LSH lookup,
cluster link, one transaction); the pipeline is skipped because duplicate
detection reads only the text. Prints recall (copies linked to an article of
their own family), false merges (links to another family), the similarity
distributions and the time per article.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.monitor.duplicate_stream import generate_stream

from lagebild.ids import document_id
from lagebild.model import Document
from lagebild.monitor.near_duplicates import fingerprint, shingles
from lagebild.runner import save_document
from lagebild.store import Store


def jaccard(a: str, b: str) -> float:
    x, y = shingles(a), shingles(b)
    return len(x & y) / len(x | y)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=5000)
    parser.add_argument("--copies", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--show", action="store_true", help="Print three false merges.")
    args = parser.parse_args()
    stream = generate_stream(args.size, args.copies, args.seed)
    family = {document_id(a.text): a.family for a in stream}
    with tempfile.TemporaryDirectory() as tmp, Store.open(f"sqlite:///{tmp}/dup.db") as store:
        began = time.perf_counter()
        for article in stream:
            doc = Document(id=document_id(article.text), text=article.text, language="de")
            save_document(store, doc)
        seconds = time.perf_counter() - began
        links = {m.doc_id: m for m in store.fingerprints.memberships()}
    copies = [a for a in stream if a.copy_of is not None]
    found = sum(
        1
        for a in copies
        if (m := links[document_id(a.text)]).duplicate_of is not None
        and family[m.duplicate_of] == a.family
    )
    linked = [m for m in links.values() if m.duplicate_of is not None]
    false = [m for m in linked if family[m.duplicate_of] != family[m.doc_id]]
    if args.show:
        texts = {document_id(a.text): a.text for a in stream}
        for m in false[:3]:
            print("FALSE", m.similarity, jaccard(texts[m.doc_id], texts[m.duplicate_of]))
            print(f"{texts[m.doc_id]}\n--- linked to\n{texts[m.duplicate_of]}\n=====")
    print(f"articles {len(stream)}, copies {len(copies)}, stored {len(links)}")
    print(f"copies found {found}/{len(copies)} = {found / len(copies):.2%}")
    print(f"false merges {len(false)}/{len(linked)} links = {len(false) / max(len(linked), 1):.2%}"
          f" ({len(false) / len(stream):.2%} of all articles)")  # fmt: skip
    print(f"{seconds:.1f} s, {1000 * seconds / len(stream):.1f} ms per article")
    rng = np.random.default_rng(args.seed)
    copy_sims = [jaccard(a.text, stream[a.copy_of].text) for a in copies]  # type: ignore[index]
    by_topic: dict[str, list[str]] = {}
    for a in stream:
        if a.copy_of is None:
            by_topic.setdefault(a.topic, []).append(a.text)
    same_topic = []
    topics = sorted(by_topic)
    for _ in range(20000):
        texts = by_topic[topics[rng.integers(len(topics))]]
        i, j = rng.choice(len(texts), 2, replace=False)
        same_topic.append(jaccard(texts[i], texts[j]))
    for label, values in (("copy vs its source", copy_sims), ("originals, same topic", same_topic)):
        q = np.percentile(values, [0, 1, 5, 50, 95, 99, 100])
        shown = " ".join(f"{v:.2f}" for v in q)
        print(f"Jaccard {label:<22}{shown}  (percentiles min 1 5 50 95 99 max)")
    began = time.perf_counter()
    for a in stream[:1000]:
        fingerprint(a.text)
    seconds = time.perf_counter() - began
    print(f"fingerprint alone: {seconds:.2f} ms per article (1,000 articles)")
    estimate_error = [
        abs(fingerprint(a.text).similarity(fingerprint(stream[a.copy_of].text)) - s)  # type: ignore
        for a, s in zip(copies[:500], copy_sims[:500], strict=False)
    ]
    print(f"MinHash estimate error on copies: mean {np.mean(estimate_error):.3f}, "
          f"95th percentile {np.percentile(estimate_error, 95):.3f}")  # fmt: skip


if __name__ == "__main__":
    main()
