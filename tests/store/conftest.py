"""Fixtures for store tests: a real database per test (articles are in store_articles.py).

``db_url`` (tests/conftest.py) gives every test an empty SQLite file and an empty
PostgreSQL database on the session's throw-away server.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from lagebild.store import Store


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = Store.open(db_url)
    yield opened
    opened.close()
