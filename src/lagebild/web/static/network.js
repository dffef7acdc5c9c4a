/* Netzwerk: the actor network of the chosen period and filters, drawn by cytoscape.js on a
   canvas. Node size follows mentions, edge width the number of independent articles, edge
   colour the PLOVER type. Click a node for the actor page, an edge for its evidence. Actors
   are labelled with the API's display_name in the page's language ("Russland" on the German
   page), the stored name where the API gives none. */
(function () {
  "use strict";
  const container = document.getElementById("graph");
  if (!container || typeof cytoscape === "undefined") return;
  const L = window.Lagebild;
  const months = JSON.parse(container.dataset.months || "[]");
  const fromInput = document.getElementById("time-from");
  const toInput = document.getElementById("time-to");
  const summary = document.getElementById("graph-summary");
  const csvLink = document.getElementById("graph-csv");
  const evidenceHead = document.getElementById("evidence-head");
  const evidenceList = document.getElementById("evidence-list");
  const evidenceHint = document.getElementById("evidence-hint");
  const LARGE = 300; // nodes above which the layout and edge drawing switch to the fast modes
  const positions = new Map();
  let request = 0;
  let timer = null;

  const cy = cytoscape({
    container: container,
    minZoom: 0.02,
    maxZoom: 4,
    pixelRatio: 1,
    textureOnViewport: true,
    hideEdgesOnViewport: true,
    style: [
      {
        selector: "node",
        style: {
          width: "data(size)", height: "data(size)",
          "background-color": "data(color)",
          label: "data(label)",
          "font-size": 11, "font-family": "DejaVu Sans, sans-serif", color: "#1d2330",
          "text-valign": "bottom", "text-margin-y": 3,
          "text-background-color": "#ffffff", "text-background-opacity": 0.85,
          "text-background-padding": 1, "text-background-shape": "roundrectangle",
          "min-zoomed-font-size": 7,
          "border-width": 1, "border-color": "#ffffff",
        },
      },
      {
        selector: "edge",
        style: {
          width: "data(width)", "line-color": "data(color)", "target-arrow-color": "data(color)",
          "curve-style": "bezier", "target-arrow-shape": "data(arrow)", "arrow-scale": 0.8,
          opacity: 0.75,
        },
      },
      { selector: "edge.fast", style: { "curve-style": "haystack", "haystack-radius": 0.4 } },
      { selector: "edge:selected", style: { opacity: 1, "line-style": "solid", "z-index": 10,
        "underlay-color": "#ffd43b", "underlay-opacity": 0.6, "underlay-padding": 3 } },
      { selector: "node:selected", style: { "border-width": 3, "border-color": "#ffd43b" } },
    ],
  });
  window.lagebildGraph = cy; // for the browser tests and the console

  function lastDay(month) {
    const [y, m] = month.split("-").map(Number);
    return month + "-" + String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, "0");
  }

  function checked(name) {
    return Array.from(document.querySelectorAll("input[name=" + name + "]:checked"))
      .map(function (box) { return box.value; });
  }

  function filters() {
    const params = new URLSearchParams();
    let from = Number(fromInput.value), to = Number(toInput.value);
    if (from > to) { const swap = from; from = to; to = swap; }
    // The whole slider asks for all time, which the store reads from its pre-counted
    // graph tables (and which includes relations without a date).
    if (months.length && (from > 0 || to < months.length - 1)) {
      params.set("since", months[from] + "-01");
      params.set("until", lastDay(months[to]));
    }
    const types = checked("type");
    const allTypes = document.querySelectorAll("input[name=type]").length;
    if (types.length < allTypes) types.forEach(function (t) { params.append("types", t); });
    checked("kind").forEach(function (k) { params.append("kinds", k); });
    const asserted = checked("asserted")[0];
    if (asserted) params.set("asserted", asserted);
    return { params: params, from: from, to: to, noTypes: types.length === 0,
             noKinds: checked("kind").length === 0 };
  }

  function showRange(f) {
    document.getElementById("time-from-label").textContent = months.length ? months[f.from] : "–";
    document.getElementById("time-to-label").textContent = months.length ? months[f.to] : "–";
  }

  function elements(data) {
    const maxMentions = Math.max(1, ...data.nodes.map(function (n) { return n.mentions; }));
    const maxDocs = Math.max(1, ...data.edges.map(function (e) { return e.documents; }));
    const large = data.nodes.length > LARGE;
    const nodes = data.nodes.map(function (n) {
      const element = {
        group: "nodes",
        data: {
          id: n.id, label: n.display_name || n.name, kind: n.type, mentions: n.mentions,
          size: 14 + 42 * Math.sqrt(n.mentions / maxMentions),
          color: L.kindColors[n.type] || "#495057",
        },
      };
      if (positions.has(n.id)) element.position = Object.assign({}, positions.get(n.id));
      return element;
    });
    const edges = data.edges.map(function (e, i) {
      return {
        group: "edges",
        classes: large ? "fast" : "",
        data: {
          id: "e" + i, source: e.source, target: e.target, type: e.type,
          documents: e.documents, symmetric: e.symmetric,
          width: 1 + 6 * Math.sqrt(e.documents / maxDocs),
          color: L.colors[e.type] || "#868e96",
          arrow: e.symmetric || large ? "none" : "triangle",
        },
      };
    });
    return nodes.concat(edges);
  }

  function layout(count) {
    if (count > LARGE) {
      // rings by mentions on a log scale, eight rings at most: the most mentioned in the middle
      const top = Math.log1p(cy.nodes().max(function (n) { return n.data("mentions"); }).value);
      return { name: "concentric", animate: false, minNodeSpacing: 6, padding: 20,
               concentric: function (node) { return Math.log1p(node.data("mentions")); },
               levelWidth: function () { return Math.max(top / 8, 0.01); } };
    }
    return { name: "cose", animate: false, randomize: positions.size === 0,
             nodeRepulsion: function () { return 20000; }, idealEdgeLength: function () { return 120; },
             nodeOverlap: 20, componentSpacing: 60,
             numIter: 1500, padding: 30 };
  }

  async function load() {
    const f = filters();
    showRange(f);
    csvLink.setAttribute("href", "/api/v1/graph?" + f.params.toString() + "&format=csv");
    const mine = ++request;
    summary.textContent = L.labels["net.loading"];
    let data = { nodes: [], edges: [] };
    if (!f.noTypes && !f.noKinds) {
      try {
        const query = new URLSearchParams(f.params);
        query.set("lang", L.lang);
        data = await L.fetchJson("/api/v1/graph?" + query.toString());
      } catch (error) {
        summary.textContent = L.labels["net.error"];
        return;
      }
    }
    if (mine !== request) return; // a newer filter change is on its way
    cy.batch(function () {
      cy.elements().remove();
      cy.add(elements(data));
    });
    if (data.nodes.length) {
      cy.layout(layout(data.nodes.length)).run();
      cy.nodes().forEach(function (n) { positions.set(n.id(), Object.assign({}, n.position())); });
      cy.fit(undefined, 30);
    }
    summary.textContent = data.nodes.length
      ? L.format(L.labels["net.summary"], { nodes: data.nodes.length, edges: data.edges.length })
      : L.labels["net.empty"];
    container.dataset.nodes = String(data.nodes.length);
    container.dataset.edges = String(data.edges.length);
    container.dataset.ready = "true";
  }

  function schedule() {
    container.dataset.ready = "false";
    clearTimeout(timer);
    timer = setTimeout(load, 200);
  }

  async function showEvidence(edge) {
    const f = filters();
    const params = new URLSearchParams({
      source: edge.data("source"), target: edge.data("target"), type: edge.data("type"),
      lang: L.lang,
    });
    ["since", "until", "asserted"].forEach(function (key) {
      if (f.params.has(key)) params.set(key, f.params.get(key));
    });
    evidenceHint.hidden = true;
    evidenceHead.replaceChildren();
    evidenceList.replaceChildren();
    const source = cy.getElementById(edge.data("source")).data("label");
    const target = cy.getElementById(edge.data("target")).data("label");
    const head = L.el("p", "evidence-pair");
    head.append(L.el("strong", null, source), " ",
                L.el("span", "badge rel-" + edge.data("type"), L.labels["rel." + edge.data("type")]),
                " ", L.el("strong", null, target));
    head.append(L.el("span", "muted", " · " + edge.data("documents") + " " + L.labels["documents"]));
    evidenceHead.append(head);
    let data;
    try {
      data = await L.fetchJson("/api/v1/graph/evidence?" + params.toString());
    } catch (error) {
      evidenceList.append(L.el("li", "error-message", L.labels["net.error"]));
      return;
    }
    data.items.forEach(function (r) {
      const item = L.el("li", "evidence-item");
      item.append(L.el("q", null, r.evidence));
      const meta = L.el("div", "muted small");
      meta.append(L.formatDate(r.date || r.doc_published) + " · ");
      meta.append(L.link("/artikel/" + encodeURIComponent(r.doc_id) + "#" + encodeURIComponent(r.id),
                         r.doc_title || r.doc_id));
      if (!r.asserted) {
        const claimant = r.claimed_by_display_name || r.claimed_by_name;
        meta.append(" · " + L.labels["claimed"] +
                    (claimant ? " (" + L.labels["claimed.by"] + " " + claimant + ")" : ""));
      }
      item.append(meta);
      evidenceList.append(item);
    });
    evidenceList.dataset.ready = "true";
  }

  cy.on("tap", "node", function (event) {
    window.location.href = "/akteur/" + encodeURIComponent(event.target.id());
  });
  cy.on("tap", "edge", function (event) { showEvidence(event.target); });

  fromInput.addEventListener("input", schedule);
  toInput.addEventListener("input", schedule);
  document.getElementById("graph-filters").addEventListener("change", function (event) {
    if (event.target.type !== "range") schedule();
  });
  function setTypes(value) {
    document.querySelectorAll("input[name=type]").forEach(function (box) { box.checked = value; });
    schedule();
  }
  document.getElementById("types-all").addEventListener("click", function () { setTypes(true); });
  document.getElementById("types-none").addEventListener("click", function () { setTypes(false); });
  load();
})();
