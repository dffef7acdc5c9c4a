"""How the Netzwerk page copes with a large graph, in Debian's Chromium (headless, no GPU).

    .venv/bin/python bench/web_network_browser.py [--db build/bench/web-render.db]

Uses the database of ``bench/web_render.py`` (10,000 generated articles: about 500 actors and
5,000 edges). Serves it with uvicorn on a free loopback port, opens /netzwerk, and reports
the time from navigation until the graph is drawn, the time to redraw after a time-filter
change, and frames per second while zooming and panning for two seconds. Writes a
screenshot to build/screenshots/netzwerk-10k.png.
"""

from __future__ import annotations

import argparse
import socket
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from lagebild.store import Store
from lagebild.web.app import create_app

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip

ANIMATE = """async () => {
  const cy = window.lagebildGraph;
  let frames = 0;
  const start = performance.now();
  const zoom = cy.zoom();
  await new Promise(done => {
    function step(now) {
      frames += 1;
      const t = (now - start) / 1000;
      cy.viewport({ zoom: zoom * (1 + 0.5 * Math.sin(t * 3)),
                    pan: { x: 300 + 100 * Math.cos(t * 2), y: 300 + 100 * Math.sin(t * 2) } });
      if (now - start < 2000) requestAnimationFrame(step); else done();
    }
    requestAnimationFrame(step);
  });
  return frames / ((performance.now() - start) / 1000);
}"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("build/bench/web-render.db"))
    args = parser.parse_args()
    if not args.db.exists():
        raise SystemExit(f"{args.db}: missing; run bench/web_render.py first")
    store = Store.open(f"sqlite:///{args.db}")
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(store), log_level="warning"))
    threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True).start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as driver:
        context = driver.chromium.launch_persistent_context(
            profile, executable_path="/usr/bin/chromium", headless=True, args=ARGS,
            viewport={"width": 1440, "height": 900},
        )  # fmt: skip
        context.set_default_timeout(120_000)
        page = context.new_page()
        began = time.perf_counter()
        page.goto(base + "/netzwerk")
        page.wait_for_selector("#graph[data-ready=true]")
        drawn = time.perf_counter() - began
        graph = page.locator("#graph")
        print(f"graph: {graph.get_attribute('data-nodes')} nodes, "
              f"{graph.get_attribute('data-edges')} edges")  # fmt: skip
        print(f"first draw (navigation to drawn graph): {drawn:.2f} s")
        Path("build/screenshots").mkdir(parents=True, exist_ok=True)
        page.screenshot(path="build/screenshots/netzwerk-10k.png")
        print(f"zoom and pan: {page.evaluate(ANIMATE):.0f} frames per second")
        last = int(page.locator("#time-from").get_attribute("max") or "0")
        began = time.perf_counter()
        page.locator("#time-from").fill(str(max(last - 11, 0)))
        page.wait_for_selector("#graph[data-ready=false]", state="attached")
        page.wait_for_selector("#graph[data-ready=true]")
        print(f"time filter to the last 12 months, redrawn: {time.perf_counter() - began:.2f} s "
              f"({graph.get_attribute('data-nodes')} nodes, "
              f"{graph.get_attribute('data-edges')} edges)")  # fmt: skip
        page.screenshot(path="build/screenshots/netzwerk-10k-12-monate.png")
        context.close()
    server.should_exit = True
    store.close()


if __name__ == "__main__":
    main()
