from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from lagebild.ingest import IngestError
from lagebild.ingest.errors import UnreadableSource
from lagebild.ingest.jsonl import parse_published, read_jsonl
from lagebild.model import Document

TEXT = (
    "Die Marine hat in der Ostsee ein verdächtiges Schiff begleitet. Nach Angaben eines "
    "Sprechers blieb die Lage ruhig, das Schiff setzte seine Fahrt fort."
)


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_each_line_is_an_article_with_its_metadata(tmp_path: Path) -> None:
    record = {
        "text": TEXT,
        "title": "Marine begleitet Schiff",
        "url": "https://example.org/marine",
        "outlet": "Beispielzeitung",
        "published": "2024-01-15T10:05:00+01:00",
        "author": "Max Beispiel",
    }
    path = write_lines(
        tmp_path / "a.jsonl", [json.dumps(record), "", json.dumps({"text": TEXT + " Ende."})]
    )

    first, second = read_jsonl(path, max_line_bytes=10_000)

    assert isinstance(first, Document) and isinstance(second, Document)
    assert (first.title, first.url, first.outlet, first.author) == (
        "Marine begleitet Schiff",
        "https://example.org/marine",
        "Beispielzeitung",
        "Max Beispiel",
    )
    assert (first.published, first.published_time) == (dt.date(2024, 1, 15), "10:05")
    assert first.language == "de"
    assert first.source == f"{path}:1"
    assert second.source == f"{path}:3"


def test_bad_lines_are_errors_naming_the_line_and_the_rest_is_read(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "b.jsonl",
        [
            json.dumps({"text": TEXT}),
            '{"text": "abgebrochen',
            json.dumps({"title": "ohne Text"}),
            json.dumps(["keine", "Zeitung"]),
            json.dumps({"text": TEXT, "published": "gestern"}),
            json.dumps({"text": TEXT, "title": 7}),
            json.dumps({"text": TEXT + " Noch ein Satz."}),
        ],
    )

    items = list(read_jsonl(path, max_line_bytes=10_000))

    errors = [str(item) for item in items if isinstance(item, IngestError)]
    assert errors[0].startswith(f"{path}:2: invalid JSON: Unterminated string")
    assert errors[1:] == [
        f'{path}:3: no "text" string',
        f"{path}:4: expected a JSON object, found list",
        f"{path}:5: invalid published date 'gestern'",
        f'{path}:6: "title" is not a string',
    ]
    assert [item.source for item in items if isinstance(item, Document)] == [
        f"{path}:1",
        f"{path}:7",
    ]


def test_overlong_line_is_refused(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "c.jsonl", [json.dumps({"text": TEXT * 20}), json.dumps({"text": TEXT})]
    )

    first, second = read_jsonl(path, max_line_bytes=1000)

    assert isinstance(first, IngestError) and first.reason.startswith("line too large")
    assert isinstance(second, Document)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, (None, None)),
        ("2021-06-06", (dt.date(2021, 6, 6), None)),
        ("2021-06-06T09:30:00Z", (dt.date(2021, 6, 6), "09:30")),
        ("6. Juni 2021", (dt.date(2021, 6, 6), None)),
        ("05.11.2024, 09:20", (dt.date(2024, 11, 5), "09:20")),
    ],
)
def test_parse_published(value: str | None, expected: tuple[dt.date | None, str | None]) -> None:
    assert parse_published(value) == expected


def test_parse_published_refuses_non_dates() -> None:
    with pytest.raises(UnreadableSource, match="invalid published date 20240101"):
        parse_published(20240101)
