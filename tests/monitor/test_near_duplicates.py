"""Near-duplicate detection on a small generated stream with known copies (a real store)."""

from __future__ import annotations

from pathlib import Path

from lagebild.ids import document_id
from lagebild.model import Document
from lagebild.monitor.near_duplicates import MIN_SIMILARITY, Fingerprint, fingerprint
from lagebild.runner import save_document
from lagebild.store import Store

from .duplicate_stream import generate_stream

REPORT = (
    "Die Bundeswehr hat am Dienstag eine Übung mit rund 3000 Soldatinnen und Soldaten in "
    "Litauen begonnen. Nach Angaben des Heeres werden dafür 120 Fahrzeuge über Kiel verlegt. "
    "Die Übung dauert nach Planung bis Ende Mai."
)


def test_an_agency_copy_is_similar_and_a_different_report_is_not() -> None:
    original = fingerprint(REPORT)
    copy = fingerprint("Kiel (Agentur) – " + REPORT.replace("Fahrzeuge", "Fahrzuege"))
    other = fingerprint(
        "Die Marine hat am Dienstag zwei Fregatten in die Ostsee geschickt. Sie sollen Kabel "
        "am Meeresgrund schützen, teilte ein Sprecher in Rostock mit."
    )
    assert original is not None and copy is not None and other is not None
    assert original.similarity(copy) >= MIN_SIMILARITY
    assert original.similarity(other) < 0.1
    assert Fingerprint.from_bytes(original.to_bytes(), original.size).similarity(original) == 1.0
    assert len(set(original.band_keys()) & set(copy.band_keys())) > 0
    assert fingerprint(" ,.; ") is None


def test_a_stream_with_copies_is_clustered_by_family(tmp_path: Path) -> None:
    stream = generate_stream(400, copy_share=0.3, seed=3)
    family = {document_id(a.text): a.family for a in stream}
    with Store.open(f"sqlite:///{tmp_path / 'dup.db'}") as store:
        for article in stream:
            save_document(store, Document(document_id(article.text), article.text, language="de"))
        links = {m.doc_id: m for m in store.fingerprints.memberships()}

    copies = [document_id(a.text) for a in stream if a.copy_of is not None]
    found = [
        c for c in copies if links[c].duplicate_of and family[links[c].duplicate_of] == family[c]
    ]
    linked = [m for m in links.values() if m.duplicate_of is not None]
    wrong = [m for m in linked if family[m.duplicate_of or ""] != family[m.doc_id]]
    assert len(links) == len(stream)
    assert len(found) >= 0.9 * len(copies)
    assert len(wrong) <= 0.01 * len(linked)
    for m in linked:  # a cluster is named after its first article, which copies nothing
        assert links[m.cluster_id].duplicate_of is None
        assert family[m.cluster_id] == family[m.doc_id] or m in wrong


def test_documents_stored_before_fingerprinting_are_linked_afterwards(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from lagebild.cli import main

    db = f"sqlite:///{tmp_path / 'old.db'}"
    texts = [REPORT, "Kiel (Agentur) – " + REPORT + " Mehr zum Thema im Newsletter.", "Kurz."]
    other = generate_stream(1, copy_share=0.0, seed=9)[0].text
    with Store.open(db) as store:
        for text in [*texts, other]:
            store.save(Document(document_id(text), text, language="de"))  # no fingerprint
        assert store.fingerprints.memberships() == []

    result = CliRunner().invoke(main, ["fingerprint", "--db", db])
    assert result.exit_code == 0, result.output
    assert "4 documents fingerprinted; 1 documents in the database are copies" in result.output
    with Store.open(db) as store:
        links = {m.doc_id: m for m in store.fingerprints.memberships()}
    original, copy = (links[document_id(t)] for t in texts[:2])
    assert original.cluster_id == copy.cluster_id
    assert links[document_id(other)].cluster_id == document_id(other)
    again = CliRunner().invoke(main, ["fingerprint", "--db", db])
    assert "0 documents fingerprinted" in again.output
