"""The shipped BiLSTM-CRF NER tagger, run in numpy."""

from __future__ import annotations

from pathlib import Path

import pytest

from lagebild.evaluate.germeval import entity_spans
from lagebild.nlp.ner import (
    LABELS,
    MODEL_FILE,
    BilstmNerTagger,
    NerModelError,
    Vocabulary,
    default_ner,
    spelling_flags,
)

TEXTS = [
    "Bundeskanzlerin Angela Merkel traf am Montag in Paris den Präsidenten Emmanuel Macron .",
    "Die Vereinten Nationen und die Europäische Union forderten eine Waffenruhe .",
    "Der Konzern Siemens baut in München ein neues Werk .",
]
SENTENCES = [text.split(" ") for text in TEXTS]


def test_default_ner_is_loaded_once() -> None:
    assert default_ner() is default_ner()


def test_names_are_found_with_their_types() -> None:
    labels = default_ner().tag_many(SENTENCES)
    found = [
        {(kind, " ".join(sentence[a:b])) for kind, a, b in entity_spans(sentence_labels)}
        for sentence, sentence_labels in zip(SENTENCES, labels, strict=True)
    ]
    assert {("PER", "Angela Merkel"), ("LOC", "Paris"), ("PER", "Emmanuel Macron")} <= found[0]
    assert {("ORG", "Vereinten Nationen"), ("ORG", "Die Vereinten Nationen")} & found[1]
    assert ("LOC", "München") in found[2]


def test_one_sentence_alone_is_tagged_as_in_a_batch() -> None:
    tagger = default_ner()
    batch = tagger.tag_many(SENTENCES)
    assert [tagger.tag(s) for s in SENTENCES] == batch
    assert tagger.tag([]) == [] and tagger.tag_many([[], SENTENCES[2]])[0] == []
    assert all(label in LABELS for labels in batch for label in labels)


def test_unseen_words_get_labels_too() -> None:
    labels = default_ner().tag(["Der", "Minister", "Xalvoronski", "besuchte", "Qartebunga", "."])
    assert len(labels) == 6 and labels[0] == "O"


def test_spelling_flags() -> None:
    assert spelling_flags("Nato-Chef", False) == [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    assert spelling_flags("EU", True) == [1.0, 1.0, 0.0, 0.0, 0.0, 1.0]
    assert spelling_flags("2025", False)[2] == 1.0


def test_vocabulary_normalises_digits_and_case() -> None:
    vocabulary = Vocabulary(words=["0000", "nato"], chars=["a"])  # stored normalised
    assert vocabulary.word_id("1984") == vocabulary.word_id("2000") == 2
    assert vocabulary.word_id("NATO") == 3 and vocabulary.word_id("Ukraine") == 1
    assert vocabulary.char_id("a") == 2 and vocabulary.char_id("ü") == 1


def test_missing_or_broken_model_files_give_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(NerModelError, match="cannot load the NER model"):
        BilstmNerTagger.from_directory(tmp_path)
    (tmp_path / MODEL_FILE).write_bytes(b"not a model")
    with pytest.raises(NerModelError, match=str(tmp_path)):
        BilstmNerTagger.from_directory(tmp_path)


def test_a_long_document_is_tagged_in_bounded_batches_with_the_same_labels() -> None:
    from lagebild.nlp.ner import MAX_BATCH_TOKENS

    tagger = default_ner()
    sentences = [SENTENCES[i % 3] * (1 + i % 7) for i in range(500)]
    assert sum(len(s) for s in sentences) > 2 * MAX_BATCH_TOKENS

    assert tagger.tag_many(sentences) == [tagger.tag(s) for s in sentences]


def test_tags_from_the_pipeline_give_the_labels_the_model_finds_alone() -> None:
    from lagebild.nlp.analyzer import default_analyzer

    tagger, hanta = default_ner(), default_analyzer().tagger
    tags = [hanta.tag_words(s) for s in SENTENCES]
    assert tagger.tag_many(SENTENCES, tags) == tagger.tag_many(SENTENCES)
    assert tagger.tag(SENTENCES[0], tags[0]) == tagger.tag(SENTENCES[0])
    with pytest.raises(ValueError, match="one tag per token"):
        tagger.tag_many(SENTENCES, [tags[0][:-1], tags[1], tags[2]])
