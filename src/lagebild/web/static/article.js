/* Artikel: clicking a fact in the side list highlights its span in the text and scrolls to it;
   a #fact-id in the address selects that fact on load; the layer switches hide highlight kinds. */
(function () {
  "use strict";
  const text = document.getElementById("article-text");
  if (!text) return;
  const spansByFact = new Map();
  text.querySelectorAll("span[data-facts]").forEach(function (span) {
    span.dataset.facts.split(" ").forEach(function (id) {
      if (!spansByFact.has(id)) spansByFact.set(id, []);
      spansByFact.get(id).push(span);
    });
  });
  const buttons = Array.from(document.querySelectorAll("button.fact"));

  function select(id, scroll) {
    text.querySelectorAll(".selected").forEach(function (s) { s.classList.remove("selected"); });
    buttons.forEach(function (b) { b.classList.toggle("active", b.dataset.fact === id); });
    const spans = spansByFact.get(id) || [];
    spans.forEach(function (s) { s.classList.add("selected"); });
    if (spans.length && scroll) spans[0].scrollIntoView({ block: "center", behavior: "auto" });
    return spans.length > 0;
  }

  buttons.forEach(function (button) {
    button.addEventListener("click", function () {
      if (select(button.dataset.fact, true)) {
        history.replaceState(null, "", "#" + encodeURIComponent(button.dataset.fact));
      }
    });
  });
  text.addEventListener("click", function (event) {
    const span = event.target.closest("span[data-facts]");
    if (!span) return;
    const first = span.dataset.facts.split(" ")[0];
    const button = buttons.find(function (b) { return b.dataset.fact === first; });
    select(first, false);
    if (button) {
      const details = button.closest("details");
      if (details) details.open = true;
      button.scrollIntoView({ block: "nearest" });
    }
  });
  document.querySelectorAll("#layers input[data-layer]").forEach(function (box) {
    box.addEventListener("change", function () {
      text.classList.toggle("hide-" + box.dataset.layer, !box.checked);
    });
  });
  if (location.hash.length > 1) {
    const id = decodeURIComponent(location.hash.slice(1));
    if (select(id, true)) {
      const button = buttons.find(function (b) { return b.dataset.fact === id; });
      if (button) { const d = button.closest("details"); if (d) d.open = true; }
    }
  }
})();
