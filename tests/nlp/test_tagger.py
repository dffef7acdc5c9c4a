"""The tagger lexicon: HanTa's answers stored and looked up give HanTa's tags and lemmas."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest

from lagebild.model import Token
from lagebild.nlp.tagger import HanTaTagger, Lexicon, read_lexicon, shipped_lexicon, write_lexicon
from lagebild.train.lexicon import build_lexicon, column_words

SENTENCES = [
    "Die Ministerin warnte am Montag vor neuen Angriffen auf die Hafenstadt .",
    "Er sagte , die Verhandlungen seien gescheitert und Truppen würden verlegt .",
    "Zahlreiche Demonstranten forderten den Rücktritt des Bürgermeisters .",
]


def tokens(sentence: str) -> list[Token]:
    return [Token(word, 0, len(word)) for word in sentence.split()]


def tagged(tagger: HanTaTagger, sentence: str) -> list[tuple[str, str, str]]:
    toks = tokens(sentence)
    tagger.tag(toks)
    return [(t.text, t.pos, t.lemma) for t in toks]


@pytest.fixture(scope="module")
def live() -> HanTaTagger:
    return HanTaTagger(use_lexicon=False)


def test_a_lexicon_of_hantas_answers_gives_the_same_tags_and_lemmas(live: HanTaTagger) -> None:
    words = sorted({w for s in SENTENCES for w in s.split()})
    entries = [entry for word in words for entry in live.analyse_for_lexicon(word)]
    buffer = io.StringIO()
    write_lexicon(entries, buffer)
    lexicon = read_lexicon(io.StringIO(buffer.getvalue()).readlines())
    assert len(lexicon.emissions) == len(entries)

    looked_up = HanTaTagger(use_lexicon=False)
    looked_up._lexicon = lexicon
    # Without HanTa's analyser the lookup must still answer every word of the sentences.
    looked_up._hanta._analyze = None  # type: ignore[assignment]
    looked_up._analysed_emissions = None  # type: ignore[assignment,method-assign]
    for sentence in SENTENCES:
        assert tagged(looked_up, sentence) == tagged(live, sentence)


def test_long_compounds_take_the_analysis_of_their_known_last_part() -> None:
    tagger = HanTaTagger()
    tagger._hanta._analyze = None  # type: ignore[assignment]
    toks = tokens("Die Verteidigungsbudgetplanungen wurden vertagt .")
    tagger.tag(toks)
    assert (toks[1].pos, toks[1].lemma) == ("NN", "Verteidigungsbudgetplanung")


def test_the_shipped_lexicon_agrees_with_hanta(live: HanTaTagger) -> None:
    lexicon = shipped_lexicon()
    assert len(lexicon.emissions) > 50_000, "build it with `lagebild train lexicon`"
    shipped = HanTaTagger()
    for sentence in SENTENCES:
        assert tagged(shipped, sentence) == tagged(live, sentence)


def test_build_lexicon_reads_germeval_and_conllu_words(tmp_path: Path) -> None:
    germeval = tmp_path / "ner.tsv"
    germeval.write_text("# comment\n1\tNato\tB-ORG\tO\n2\twarnt\tO\tO\n\n", encoding="utf-8")
    conllu = tmp_path / "ud.conllu"
    conllu.write_text(
        "# text = Sie kam.\n1-2\tzum\t_\n1\tSie\tsie\tPRON\n2\tkam\tkommen\tVERB\n"
        "3\t.\t.\tPUNCT\n\n",
        encoding="utf-8",
    )
    assert list(column_words(germeval)) == ["Nato", "warnt"]
    assert list(column_words(conllu)) == ["Sie", "kam", "."]
    output = tmp_path / "lexicon.tsv.gz"
    size = build_lexicon(output, [germeval, conllu], log=lambda _: None, with_our_words=False)
    with gzip.open(output, "rt", encoding="utf-8") as handle:
        lexicon: Lexicon = read_lexicon(handle)
    # capitalised words are stored twice (they may open a sentence); "." has no letter
    assert size == 6
    assert ("warnt", True) in lexicon.emissions and ("Sie", False) in lexicon.emissions


def test_build_lexicon_names_a_missing_source(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"missing\.tsv"):
        build_lexicon(tmp_path / "x.gz", [tmp_path / "missing.tsv"], with_our_words=False)


def test_tag_words_gives_the_tags_tag_assigns() -> None:
    tagger = HanTaTagger()
    for sentence in SENTENCES:
        assert tagger.tag_words(sentence.split()) == [pos for _, pos, _ in tagged(tagger, sentence)]
    assert tagger.tag_words([]) == []
    assert {"NE", "NN", "VVFIN", "$."} <= set(tagger.tags())
    assert tagger.tags() == sorted(tagger.tags())


def test_tag_shares_tell_names_from_common_nouns_and_unknown_words() -> None:
    tagger = HanTaTagger()
    berlin, truppen = tagger.tag_shares("Berlin", True), tagger.tag_shares("Truppen", True)
    assert berlin is not None and truppen is not None
    assert berlin.get("NE", 0) > berlin.get("NN", 0)
    assert truppen.get("NN", 0) > truppen.get("NE", 0)
    assert sum(truppen.values()) == pytest.approx(1.0)
    guessed = tagger.tag_shares("Qxvrtlbrmpf", True)  # never seen: guessed from its ending
    assert guessed is not None and sum(guessed.values()) == pytest.approx(1.0)
