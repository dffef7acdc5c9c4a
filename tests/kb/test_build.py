"""The country generator writes a file the loader reads."""

from pathlib import Path

import yaml

from lagebild.kb.build import country_entries, write
from lagebild.kb.loader import build_entity, read_file


def test_generator_covers_iso_3166_with_german_names() -> None:
    entries = {e["id"]: e for e in country_entries()}
    assert len(entries) >= 249
    assert "Russland" in entries["country:RUS"]["names"]
    assert entries["country:PRK"]["name"] == "North Korea"
    assert "country:XKX" in entries  # Kosovo, not in ISO 3166-1 proper


def test_feminine_and_plural_german_names_take_no_genitive() -> None:
    entries = {e["id"]: e for e in country_entries()}
    assert entries["country:TUR"].get("article") == "die"
    assert entries["country:USA"].get("article") == "die"
    assert "article" not in entries["country:DEU"]


def test_written_file_loads(tmp_path: Path) -> None:
    target = tmp_path / "countries.yaml"
    count = write(target)
    document = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert len(document["entities"]) == count
    germany = build_entity(next(e for e in read_file(target) if e["id"] == "country:DEU"))
    assert "Deutschlands" in germany.names
