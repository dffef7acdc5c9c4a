"""Shared test configuration."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

# Property tests: `ci` runs by default; `pytest --hypothesis-profile=long` runs twenty times more.
settings.register_profile(
    "ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci")
