// Search within the report page: filters the initiatives by the words typed.
// Optional: without JavaScript the search box stays hidden and every initiative is shown.
(function () {
  "use strict";
  var box = document.getElementById("search");
  var input = document.getElementById("search-input");
  var status = document.getElementById("search-status");
  if (!box || !input || !status) { return; }
  var items = Array.prototype.slice.call(document.querySelectorAll("[data-search-item]"));
  var template = input.getAttribute("data-count-template") || "{n}";
  function normalise(text) {
    return text.normalize("NFKC").toLowerCase();
  }
  var texts = items.map(function (item) { return normalise(item.textContent || ""); });
  function update() {
    var words = normalise(input.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    items.forEach(function (item, index) {
      var match = words.every(function (word) { return texts[index].indexOf(word) !== -1; });
      item.hidden = !match;
      if (match) { shown += 1; }
    });
    status.textContent = words.length ? template.replace("{n}", String(shown)) : "";
  }
  input.addEventListener("input", update);
  box.hidden = false;
}());
