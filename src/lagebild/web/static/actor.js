/* Akteur: two stacked bar charts of the actor's relations per month and type, outgoing
   (the actor acts) and incoming (the actor is the target), from the JSON API. */
(function () {
  "use strict";
  const box = document.getElementById("timeline");
  if (!box || typeof Chart === "undefined") return;
  const L = window.Lagebild;

  function monthsBetween(first, last) {
    const out = [];
    let [y, m] = first.split("-").map(Number);
    const [ly, lm] = last.split("-").map(Number);
    while (y < ly || (y === ly && m <= lm)) {
      out.push(y + "-" + String(m).padStart(2, "0"));
      if (m === 12) { y += 1; m = 1; } else { m += 1; }
    }
    return out;
  }

  function draw(canvasId, points, months) {
    const types = Array.from(new Set(points.map(function (p) { return p.type; }))).sort();
    const datasets = types.map(function (type) {
      const counts = new Map();
      points.forEach(function (p) { if (p.type === type) counts.set(p.month, p.relations); });
      return {
        label: L.labels["rel." + type] || type,
        data: months.map(function (m) { return counts.get(m) || 0; }),
        backgroundColor: L.colors[type] || "#868e96",
        borderWidth: 0,
      };
    });
    const canvas = document.getElementById(canvasId);
    if (!points.length) {
      canvas.replaceWith(L.el("p", "muted", L.labels["none.found"]));
      return null;
    }
    return new Chart(canvas, {
      type: "bar",
      data: { labels: months, datasets: datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { stacked: true, ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 8 } },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
        },
        plugins: { legend: { position: "bottom", labels: { boxWidth: 10, font: { size: 11 } } } },
      },
    });
  }

  const url = "/api/v1/entities/" + encodeURIComponent(box.dataset.entity) + "/timeline";
  L.fetchJson(url).then(function (data) {
    const points = data.items;
    if (!points.length) {
      box.replaceChildren(L.el("p", "muted", L.labels["none.found"]));
      return;
    }
    const sorted = points.map(function (p) { return p.month; }).sort();
    const months = monthsBetween(sorted[0], sorted[sorted.length - 1]);
    draw("timeline-out", points.filter(function (p) { return p.direction === "out"; }), months);
    draw("timeline-in", points.filter(function (p) { return p.direction === "in"; }), months);
    box.dataset.ready = "true";
  }).catch(function (error) {
    box.replaceChildren(L.el("p", "error-message", String(error.message)));
  });
})();
