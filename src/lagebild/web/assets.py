"""Third-party browser files (graph and chart libraries) served from ``node_modules``.

They are installed by ``npm ci`` (``make install``) from the pinned ``package-lock.json``
and never committed. ``LAGEBILD_WEB_ASSETS`` names another ``node_modules`` directory.
"""

from __future__ import annotations

import os
from pathlib import Path

#: URL name -> path inside node_modules; only these files are served
VENDOR_FILES: dict[str, str] = {
    "cytoscape.min.js": "cytoscape/dist/cytoscape.min.js",
    "chart.umd.min.js": "chart.js/dist/chart.umd.min.js",
}
ENV_VARIABLE = "LAGEBILD_WEB_ASSETS"


class WebAssetsMissing(RuntimeError):
    """The dashboard's JavaScript libraries are not installed."""


def _candidates() -> list[Path]:
    configured = os.environ.get(ENV_VARIABLE)
    if configured:
        return [Path(configured)]
    # the repository root of an editable install (src/lagebild/web -> root), then the cwd
    return [Path(__file__).resolve().parents[3] / "node_modules", Path.cwd() / "node_modules"]


def vendor_directory(explicit: Path | None = None) -> Path:
    """The node_modules directory holding every file of :data:`VENDOR_FILES`."""
    candidates = [explicit] if explicit is not None else _candidates()
    for directory in candidates:
        if all((directory / path).is_file() for path in VENDOR_FILES.values()):
            return directory
    tried = ", ".join(str(d) for d in candidates)
    raise WebAssetsMissing(
        f"web assets missing: no {' and '.join(VENDOR_FILES.values())} under {tried}; "
        f"run `make install` (npm ci) or set {ENV_VARIABLE} to a node_modules directory"
    )
