"""The generated ministries: German phrases and English titles for every curated country."""

from __future__ import annotations

import json

from lagebild.kb import default_kb
from lagebild.kb.ministries import CURATED, MINISTRIES, OUTPUT, load_countries, ministry_entries


def test_the_bundled_file_is_what_the_generator_writes_today() -> None:
    bundled = json.loads(OUTPUT.read_text(encoding="utf-8"))["entities"]
    assert bundled == ministry_entries(load_countries())


def test_every_curated_country_gets_each_kind_of_ministry_once() -> None:
    countries = load_countries()
    entries = ministry_entries(countries)
    assert len(entries) == len(countries) * len(MINISTRIES)
    assert len({e["id"] for e in entries}) == len(entries)
    chinese = {e["id"]: e for e in entries}["ministry:commerce.CHN"]
    assert chinese["name"] == "Ministry of Commerce (China)" and chinese["country"] == "country:CHN"
    expected = {"chinesische Handelsministerium", "Handelsministerium in Peking",
                "Pekinger Handelsministeriums", "Chinas Handelsministerium",
                "Ministry of Commerce of China", "Chinese Commerce Ministry"}  # fmt: skip
    assert expected <= set(chinese["names"])


def test_ministries_the_curated_files_describe_only_gain_names() -> None:
    entries = {e["id"]: e for e in ministry_entries(load_countries())}
    assert "ministry:foreign-affairs.DEU" not in entries
    foreign_office = entries[CURATED[("country:DEU", "foreign-affairs")]]
    assert set(foreign_office) == {"id", "names"}  # merged into the Auswärtiges Amt
    assert "deutsche Außenministerium" in foreign_office["names"]


def test_the_knowledge_base_resolves_a_ministry_from_german_and_english_names() -> None:
    kb = default_kb()
    for name in ("Außenministerium in Peking", "chinesischen Außenministeriums",
                 "Ministry of Foreign Affairs of China",
                 "Ministry of Foreign Affairs (People's Republic of China)"):  # fmt: skip
        assert kb.resolve(name).id == "ministry:foreign-affairs.CHN", name  # type: ignore[union-attr]
    taiwan = kb.resolve("taiwanischen Verteidigungsministeriums")
    assert taiwan is not None and taiwan.id == "ministry:defence.TWN"
    assert kb.resolve("Ministry of National Defense (Taiwan)") is taiwan
    assert kb.resolve("deutsche Außenministerium").id == "org:german-foreign-office"  # type: ignore[union-attr]
