// Litmus site behaviour: maths, copy buttons, and the index's tag filter and search.
(function () {
  "use strict";

  function renderMath() {
    if (typeof katex === "undefined") { return; }
    document.querySelectorAll(".math").forEach(function (el) {
      var tex = el.textContent;
      var display = el.classList.contains("display");
      tex = tex.replace(/^\\[\(\[]/, "").replace(/\\[\)\]]$/, "");
      try {
        katex.render(tex, el, { displayMode: display, throwOnError: false, output: "htmlAndMathml" });
      } catch (e) {
        el.title = String(e);
      }
    });
  }

  function setUpCopyButtons() {
    document.querySelectorAll("button.copy").forEach(function (button) {
      button.addEventListener("click", function () {
        var code = button.parentElement.querySelector("code");
        if (!code || !navigator.clipboard) { return; }
        navigator.clipboard.writeText(code.textContent).then(function () {
          button.textContent = "Copied";
          setTimeout(function () { button.textContent = "Copy"; }, 1500);
        }, function () { button.textContent = "Copy failed"; });
      });
    });
  }

  function setUpFilters() {
    var search = document.getElementById("search");
    var cards = Array.prototype.slice.call(document.querySelectorAll(".card"));
    if (!search || cards.length === 0) { return; }
    var buttons = Array.prototype.slice.call(document.querySelectorAll(".tag-filter"));
    var empty = document.querySelector(".no-results");
    var activeTag = "";
    function apply() {
      var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      cards.forEach(function (card) {
        var tags = (card.getAttribute("data-tags") || "").split(" ");
        var text = card.getAttribute("data-search") || "";
        var ok = (activeTag === "" || tags.indexOf(activeTag) >= 0) &&
          words.every(function (w) { return text.indexOf(w) >= 0; });
        card.hidden = !ok;
        if (ok) { shown += 1; }
      });
      if (empty) { empty.hidden = shown !== 0; }
    }
    search.addEventListener("input", apply);
    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        activeTag = button.getAttribute("data-tag") || "";
        buttons.forEach(function (b) {
          b.classList.toggle("active", b === button);
          b.setAttribute("aria-pressed", b === button ? "true" : "false");
        });
        apply();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    renderMath();
    setUpCopyButtons();
    setUpFilters();
  });
})();
