from lagebild.nlp.analyzer import default_analyzer

TEXT = (
    "Berlin (dpa) – Die Außenministerin reiste am Montag nach Brüssel.\n"
    "Dort sagte sie: „Wir stehen an der Seite der Ukraine.“ Die Nato-Staaten berieten."
)


def test_offsets_point_at_the_token_text() -> None:
    tokens, sentences = default_analyzer().analyze(TEXT)
    assert tokens and sentences
    for token in tokens:
        assert TEXT[token.start : token.end] == token.text
    for sent in sentences:
        assert TEXT[sent.start : sent.end].startswith(tokens[sent.first_token].text)


def test_lines_and_sentence_ends_split_sentences() -> None:
    tokens, sentences = default_analyzer().analyze(TEXT)
    firsts = [tokens[s.first_token].text for s in sentences]
    assert firsts[0] == "Berlin"
    assert "Dort" in firsts and "Die" in firsts[1:]


def test_tags_and_lemmas() -> None:
    tokens, _ = default_analyzer().analyze(TEXT)
    by_text = {t.text: t for t in tokens}
    assert by_text["reiste"].pos == "VVFIN" and by_text["reiste"].lemma == "reisen"
    assert by_text["Außenministerin"].pos == "NN"
    assert by_text["Nato-Staaten"].lemma == "Nato-Staat"
    assert by_text["."].pos.startswith("$")


def test_very_long_line_is_tokenised_in_chunks() -> None:
    text = "Wort " * 3000
    tokens, _ = default_analyzer().analyze(text)
    assert len(tokens) == 3000
    assert all(text[t.start : t.end] == "Wort" for t in tokens)


def test_hard_wrapped_text_keeps_sentences_across_lines() -> None:
    text = (
        "Die Regierung in Berlin hat am Montag ein neues Paket beschlossen, das\n"
        "die Verteidigungsausgaben in den kommenden Jahren deutlich erhöhen soll.\n"
        "Der Minister sagte, man werde die Beschaffung von Munition beschleunigen\n"
        "und dafür eigene Fabriken im Land aufbauen lassen.\n"
    )
    tokens, sentences = default_analyzer().analyze(text)
    assert len(sentences) == 2
    assert all(text[t.start : t.end] == t.text for t in tokens)


def test_text_somajo_cannot_align_keeps_every_offset() -> None:
    # U+0F93 is a composition exclusion: NFC decomposes it, which SoMaJo's aligner rejects
    text = "Die Nato \u0f93\u0f93 tagte in Brüssel"
    tokens, _ = default_analyzer().analyze(text)
    assert [t.text for t in tokens][-2:] == ["in", "Brüssel"]
    for token in tokens:
        assert text[token.start : token.end] == token.text
