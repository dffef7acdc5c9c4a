"""Shared by the benchmark scripts: the machine, its load, and writing docs/benchmarks.md.

Each script owns one ``## Heading`` section of docs/benchmarks.md and replaces it
(only it) on every run, so other sections (database, web) stay as they are.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import shlex
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
TITLE = "# Benchmarks\n\nMeasured by the scripts in `bench/`; each section says how to re-run it.\n"


def machine() -> str:
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        model = found.group(1).strip() if found else model
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{model}, {os.cpu_count()} cores, {memory:.0f} GB RAM, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def command() -> str:
    return " ".join(shlex.quote(arg) for arg in [".venv/bin/python", *sys.argv])


def header(load_before: str) -> str:
    """The lines every section starts with: when, where, how, and how busy the machine was."""
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"- date: {now}\n- machine: {machine()}\n- command: `{command()}`\n"
        f"- load average (1/5/15 min) before: {load_before}, after: {load_average()}\n"
    )


def bar(name: str, value: float, target: float, unit: str, higher_is_better: bool = True) -> str:
    """One line saying whether a bar is met, and by how much it is missed."""
    met = value >= target if higher_is_better else value <= target
    if met:
        return f"- {name}: {value:.2f} {unit} (bar {target:g} {unit}): **met**"
    if higher_is_better:
        gap = f"{target - value:.2f} {unit} short ({value / target:.0%} of the bar)"
    else:
        gap = f"{value - target:.2f} {unit} over ({value / target:.0%} of the bar)"
    return f"- {name}: {value:.2f} {unit} (bar {target:g} {unit}): **missed**, {gap}"


def write_section(heading: str, body: str, path: Path = BENCHMARKS) -> None:
    """Replace the ``## heading`` section of the benchmarks file (appended if missing)."""
    text = path.read_text(encoding="utf-8") if path.exists() else TITLE
    section = f"## {heading}\n\n{body.strip()}\n"
    pattern = re.compile(rf"^## {re.escape(heading)}\n.*?(?=^## |\Z)", re.DOTALL | re.MULTILINE)
    if pattern.search(text):
        text = pattern.sub(lambda _m: section + "\n", text, count=1).rstrip() + "\n"
    else:
        text = text.rstrip() + "\n\n" + section
    path.write_text(text, encoding="utf-8")
    print(f"wrote section '{heading}' of {path}")
