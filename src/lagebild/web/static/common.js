/* Shared helpers of the dashboard scripts. Article-derived text is only ever inserted with
   textContent (never innerHTML), so it cannot become markup. */
(function () {
  "use strict";
  const body = document.body;
  function parse(name) {
    try { return JSON.parse(body.getAttribute(name) || "{}"); } catch (e) { return {}; }
  }
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function link(href, text, className) {
    const a = el("a", className, text);
    a.setAttribute("href", href);
    return a;
  }
  async function fetchJson(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(url + ": HTTP " + response.status);
    return response.json();
  }
  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return String(values[key]); });
  }
  function formatDate(iso) {
    if (!iso) return "–";
    if (body.dataset.lang === "de") {
      const parts = iso.split("-");
      return parts.length === 3 ? parts[2] + "." + parts[1] + "." + parts[0] : iso;
    }
    return iso;
  }
  window.Lagebild = {
    labels: parse("data-labels"),
    colors: parse("data-colors"),
    kindColors: parse("data-kind-colors"),
    lang: body.dataset.lang || "de",
    el: el, link: link, fetchJson: fetchJson, format: format, formatDate: formatDate,
  };
})();
