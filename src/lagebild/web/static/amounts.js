/* Zahlen: the chosen measure's values by publication date, one series per unit. */
(function () {
  "use strict";
  const canvas = document.getElementById("measure-chart");
  if (!canvas || typeof Chart === "undefined") return;
  const L = window.Lagebild;
  const measure = canvas.dataset.measure;
  const wrap = canvas.parentElement;
  if (!measure) {
    wrap.replaceChildren(L.el("p", "muted", L.labels["none.found"]));
    return;
  }
  const params = new URLSearchParams({ measure: measure, limit: "500" });
  if (canvas.dataset.unit) params.set("unit", canvas.dataset.unit);
  if (canvas.dataset.actor) params.set("actor", canvas.dataset.actor);
  const palette = ["#1c7ed6", "#e8590c", "#2b8a3e", "#ae3ec9", "#c92a2a", "#0b7285"];

  L.fetchJson("/api/v1/amounts?" + params.toString()).then(function (data) {
    const byUnit = new Map();
    data.items.forEach(function (a) {
      if (!a.doc_published) return;
      if (!byUnit.has(a.unit)) byUnit.set(a.unit, []);
      byUnit.get(a.unit).push({ x: Date.parse(a.doc_published), y: a.value, item: a });
    });
    const datasets = Array.from(byUnit.entries()).map(function (entry, i) {
      const points = entry[1].sort(function (p, q) { return p.x - q.x; });
      return {
        label: measure + " (" + entry[0] + ")",
        data: points,
        borderColor: palette[i % palette.length],
        backgroundColor: palette[i % palette.length],
        showLine: true,
        pointRadius: 4,
        tension: 0,
      };
    });
    if (!datasets.length) {
      wrap.replaceChildren(L.el("p", "muted", L.labels["none.found"]));
      return;
    }
    new Chart(canvas, {
      type: "scatter",
      data: { datasets: datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: {
            type: "linear",
            ticks: {
              maxTicksLimit: 8,
              callback: function (value) { return new Date(value).toISOString().slice(0, 7); },
            },
          },
          y: { beginAtZero: true, title: { display: true, text: L.labels["amt.value"] } },
        },
        plugins: {
          legend: { position: "bottom" },
          tooltip: {
            callbacks: {
              label: function (context) {
                const a = context.raw.item;
                return L.formatDate(a.doc_published) + ": " + a.text;
              },
            },
          },
        },
      },
    });
    canvas.dataset.ready = "true";
  }).catch(function (error) {
    wrap.replaceChildren(L.el("p", "error-message", String(error.message)));
  });
})();
