"""The tokenizer gives SoMaJo's own tokens, with offsets, despite skipping scans."""

from __future__ import annotations

from somajo import SoMaJo

from lagebild.nlp.tokenizer import _REQUIRED_TEXT, SoMaJoTokenizer, pattern_hash

#: Text in which every pattern the tokenizer may skip has something to split.
SPECIAL = [
    "AT&T und C++ sowie H&M melden am 12.03.2024 Zahlen, Nr. 5 folgt am 3/4/2025.",
    "Bestellungen: ISBN 978-3-16-148410-0 oder 3-16-148410-X, Mail an info@beispiel.de.",
    "Mehr unter https://www.beispiel.org/seite, www.nachrichten.de und bericht.pdf!",
    "Die Lehrer*innen und Schüler:innen kamen am 1. Mai, <b>fett</b> gedruckt.",
    '<?xml version="1.0"?> Das Kfz.-Nr. 7 stand im Art. 5 des Vertrags vom 2024-11-05.',
    "Die Frist endet am 24.12. um Mitternacht, sagte die Sprecherin.",
    "Ohne jede Besonderheit sagte die Sprecherin, man prüfe die Lage weiter.",
]


def somajo_tokens(text: str) -> list[tuple[str, bool]]:
    plain = SoMaJo("de_CMC", split_camel_case=False, split_sentences=True)
    return [(t.text, t.space_after) for s in plain.tokenize_text([text]) for t in s]


def test_every_skipped_pattern_is_the_one_its_test_was_read_from() -> None:
    tokenizer = SoMaJo("de_CMC", split_camel_case=False, split_sentences=True)._tokenizer
    changed = [
        name
        for name, (expected, _test) in _REQUIRED_TEXT.items()
        if pattern_hash(getattr(tokenizer, name)) != expected
    ]
    assert changed == []  # a SoMaJo update changed these patterns: read their tests again


def test_tokens_equal_somajos_on_text_that_every_skipped_pattern_splits() -> None:
    ours = SoMaJoTokenizer()
    for text in SPECIAL:
        tokens = [t for sentence in ours.sentences(text) for t in sentence]
        assert [(t.text, t.space_after) for t in tokens] == somajo_tokens(text)
        assert all(text[t.start : t.end] == t.text for t in tokens)


def test_the_required_text_is_in_every_match_of_its_pattern() -> None:
    tokenizer = SoMaJo("de_CMC", split_camel_case=False, split_sentences=True)._tokenizer
    matched = set()
    for name, (_hash, test) in _REQUIRED_TEXT.items():
        for text in SPECIAL:
            for match in getattr(tokenizer, name).finditer(text):
                assert test.search(match.group()), (name, match.group())
                matched.add(name)
    assert matched == set(_REQUIRED_TEXT)


def test_a_country_at_the_end_of_a_sentence_is_a_name_and_ends_the_sentence() -> None:
    text = (
        "Die Drohnen kamen aus dem Iran. Danach reiste sie nach Japan. Indien ist Mitglied "
        "der SOZ. Das war z. B. neu, sagte Dr. Meier usw."
    )
    sentences = [[t.text for t in s] for s in SoMaJoTokenizer().sentences(text)]
    assert sentences == [
        ["Die", "Drohnen", "kamen", "aus", "dem", "Iran", "."],
        ["Danach", "reiste", "sie", "nach", "Japan", "."],
        ["Indien", "ist", "Mitglied", "der", "SOZ", "."],
        ["Das", "war", "z.", "B.", "neu", ",", "sagte", "Dr.", "Meier", "usw."],
    ]
    # SoMaJo alone reads "Iran." as the abbreviation of "iranisch"
    assert ("Iran.", True) in somajo_tokens(text)


def test_an_english_possessive_of_a_name_is_two_tokens() -> None:
    text = "Russia's war goes on, NATO’s summit ends. Wie geht's?"
    tokens = [t for s in SoMaJoTokenizer().sentences(text) for t in s]
    assert [t.text for t in tokens][:6] == ["Russia", "'s", "war", "goes", "on", ","]
    assert [t.text for t in tokens][6:8] == ["NATO", "’s"]
    assert "geht's" in [t.text for t in tokens]  # a German clitic stays
    assert all(text[t.start : t.end] == t.text for t in tokens)
    assert not tokens[0].space_after and tokens[1].space_after
