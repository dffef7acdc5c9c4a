"""schemathesis against the app's own OpenAPI schema, read-only and with writes on (token
given): for generated requests, valid and invalid, never a 5xx, and every response matches
the schema (status codes, content type, body, headers).

The database is a real SQLite file filled by the pipeline from the sample corpus, so search
and filter parameters hit real rows. Host names in generated URLs are not looked up: the
write app's resolver is limited to IP literals here, so fuzzing sends nothing past 127.0.0.1
(generated URLs are refused as non-public before any connection).
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks
from schemathesis.specs.openapi import checks as openapi_checks

from lagebild.corpus import sample_corpus_path
from lagebild.ingest import Limits
from lagebild.ingest.addresses import AddressPolicy
from lagebild.runner import ingest
from lagebild.store import Store
from lagebild.web.app import create_app
from lagebild.web.write import WriteSettings

TOKEN = "schema-fuzz-token-0123456789"
#: Requests per operation: two thirds of the profile's count (100 in CI, 2,000 with
#: --hypothesis-profile=long), which keeps the fuzzing of both apps near a minute in CI.
EXAMPLES = settings.default.max_examples * 2 // 3
CHECKS = [
    checks.not_a_server_error,
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_schema_conformance,
    openapi_checks.response_headers_conformance,
]
REQUESTS: dict[str, int] = {"read-only": 0, "writes": 0}
OPERATIONS: dict[str, list[str]] = {"read-only": [], "writes": []}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store.open(f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'fuzz.db'}") as opened:
        with sample_corpus_path() as path:
            assert ingest([str(path)], opened, progress=False).stored == 20
        yield opened


def _literal_addresses_only(host: Any, *args: Any, **kwargs: Any) -> Any:
    """getaddrinfo for IP literals; no DNS query leaves the machine during fuzzing."""
    return _real_getaddrinfo(host, *args, flags=socket.AI_NUMERICHOST, **{
        k: v for k, v in kwargs.items() if k != "flags"})  # fmt: skip


_real_getaddrinfo = socket.getaddrinfo


def _fuzz(app: Any, name: str, headers: dict[str, str] | None = None) -> None:
    """Every operation of ``app``'s schema with EXAMPLES generated requests each."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert operations
    for operation in operations:

        @FUZZ_SETTINGS
        @given(case=operation.as_strategy())
        def call(case: Any) -> None:
            REQUESTS[name] += 1
            case.call_and_validate(checks=CHECKS, headers=headers)

        call()
        OPERATIONS[name].append(f"{operation.method.upper()} {operation.path}")


FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)


def test_read_only_api_conforms_and_never_fails(store: Store) -> None:
    _fuzz(create_app(store), "read-only")
    fuzzed = set(OPERATIONS["read-only"])
    assert {"GET /api/v1/quotes", "GET /api/v1/graph", "GET /api/v1/search"} <= fuzzed
    assert not any(op.startswith("POST") for op in fuzzed)


def test_write_api_with_token_conforms_and_never_fails(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", _literal_addresses_only)
    writes = WriteSettings(
        token=TOKEN,
        kb_file=tmp_path / "eigene.yaml",
        policy=AddressPolicy(),
        limits=Limits(max_bytes=1_000_000, timeout=1, total_timeout=2),
    )
    _fuzz(create_app(store, writes=writes), "writes", {"Authorization": f"Bearer {TOKEN}"})
    writes = {op for op in OPERATIONS["writes"] if op.startswith("POST")}
    assert writes == {"POST /api/v1/ingest/url", "POST /api/v1/ingest/upload",
                      "POST /api/v1/kb/actors"}  # fmt: skip


def test_report_requests_sent(capsys: pytest.CaptureFixture[str]) -> None:
    """Prints the number of fuzzing requests (docs/reliability.md); runs after the fuzz tests."""
    with capsys.disabled():
        print(f"\nschemathesis requests: {REQUESTS}")
    assert REQUESTS["read-only"] > 0 and REQUESTS["writes"] > 0
