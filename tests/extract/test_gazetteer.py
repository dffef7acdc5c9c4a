"""Knowledge-base names in a sentence, as the NER model reads them."""

from __future__ import annotations

from lagebild.extract.gazetteer import find_names, known_names, known_names_in_words
from lagebild.kb import default_kb
from lagebild.nlp.analyzer import default_analyzer


def test_known_names_give_types_and_adjectives_and_skip_compound_modifiers() -> None:
    words = "Die Nato und russische Diplomaten reagierten auf EU-Sanktionen in Berlin .".split()
    names = known_names_in_words(words, default_kb())
    # "EU-" is only the modifier of EU-Sanktionen: no name of its own
    assert names == [(1, 2, "ORG"), (3, 4, "ADJ"), (9, 10, "GPE")]


def test_known_names_count_tokens_from_the_sentences_first_token() -> None:
    text = "Es regnete. Kanzler Scholz flog nach Paris."
    tokens, sentences = default_analyzer().analyze(text)
    second = sentences[1]
    sentence_tokens = tokens[second.first_token : second.last_token]
    hits = find_names(text, sentence_tokens, second.first_token, default_kb())
    names = known_names(hits, second.first_token, default_kb())
    words = [t.text for t in sentence_tokens]
    assert [(words[a:b], kind) for a, b, kind in names] == [
        (["Scholz"], "PER"),
        (["Paris"], "GPE"),
    ]
    assert names == known_names_in_words(words, default_kb())
