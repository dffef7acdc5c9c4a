"""Building the tagger lexicon: ``lagebild train lexicon``.

HanTa analyses every unseen word form morphologically, which costs about a
millisecond a word and made tagging three quarters of the pipeline's time on
fresh news text. The lexicon stores HanTa's own answers (tag log-probabilities
and the lemma for each tag) for the word forms of openly licensed German text, so
the runtime tagger (:mod:`lagebild.nlp.tagger`) looks them up instead; words
outside it are analysed live as before. The tags and lemmas are exactly HanTa's,
so the lexicon changes speed, not output.

Vocabulary: GermEval 2014 (CC BY 4.0) and UD German GSD (CC BY-SA 4.0) tokens,
the knowledge base's names and the bundled sample corpus (our own).
"""

from __future__ import annotations

import gzip
import io
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from lagebild.corpus import sample_corpus_path
from lagebild.kb import default_kb
from lagebild.nlp.tagger import LEXICON_FILE, HanTaTagger, LexiconEntry, write_lexicon
from lagebild.nlp.tokenizer import SoMaJoTokenizer

SHARED = Path(os.environ.get("LAGEBILD_SHARED_DATA", "/work/shared/data"))
DEFAULT_SOURCES = (
    SHARED / "germeval2014" / "NER-de-train.outer.tsv",
    SHARED / "germeval2014" / "NER-de-dev.tsv",
    SHARED / "ud_german_gsd" / "de_gsd-ud-dev.conllu",
)
#: Word forms seen fewer times than this are left to live analysis (keeps the file small).
MIN_COUNT = 1


def column_words(path: Path) -> Iterator[str]:
    """The word column of a GermEval TSV (2nd) or CoNLL-U file (2nd), skipping comments."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip() or line.startswith("#"):
                continue
            columns = line.rstrip("\n").split("\t")
            if len(columns) < 3 or "-" in columns[0] or "." in columns[0]:
                continue  # CoNLL-U multiword and empty-node lines
            yield columns[1]


def our_words() -> Iterator[str]:
    """Words of the knowledge base's names and of the bundled sample corpus."""
    for entity in default_kb():
        for name in (entity.name, *entity.names, *entity.adjectives, *entity.demonyms):
            yield from name.split()
    tokenizer = SoMaJoTokenizer()
    with sample_corpus_path() as path, path.open(encoding="utf-8") as handle:
        for line in handle:
            for sentence in tokenizer.sentences(json.loads(line)["text"]):
                yield from (token.text for token in sentence)


def vocabulary(sources: Iterable[Path], with_our_words: bool = True) -> list[str]:
    words: set[str] = set(our_words()) if with_our_words else set()
    for source in sources:
        if not source.is_file():
            raise FileNotFoundError(f"{source}: no such file")
        words.update(column_words(source))
    return sorted(w for w in words if w.strip() and any(c.isalpha() for c in w))


def build_lexicon(
    output: Path,
    sources: Iterable[Path] = DEFAULT_SOURCES,
    log: Callable[[str], None] = print,
    with_our_words: bool = True,
) -> int:
    """Analyse every word of ``sources`` (and, by default, of the knowledge base and the
    sample corpus) with HanTa and write the lexicon; returns its number of entries."""
    began = time.perf_counter()
    words = vocabulary(sources, with_our_words)
    log(f"{len(words)} word forms; analysing with HanTa")
    tagger = HanTaTagger(use_lexicon=False)
    entries: list[LexiconEntry] = []
    for number, word in enumerate(words, start=1):
        entries.extend(tagger.analyse_for_lexicon(word))
        if number % 10_000 == 0:
            log(f"  {number} words, {time.perf_counter() - began:.0f} s")
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_suffix(".partial")
    # A fixed header time keeps the file byte-identical between builds.
    with (
        partial.open("wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as packed,
        io.TextIOWrapper(packed, encoding="utf-8") as out,
    ):
        write_lexicon(entries, out)
    partial.replace(output)
    log(f"wrote {output} ({len(entries)} entries) in {time.perf_counter() - began:.0f} s")
    return len(entries)


def default_output() -> Path:
    return Path(__file__).resolve().parent.parent / "models" / LEXICON_FILE
