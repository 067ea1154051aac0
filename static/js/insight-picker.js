// The insight picker: without JavaScript a collapsed list of checkboxes; with it,
// a search field that opens the list and filters it by key, text and kind (accents
// and punctuation ignored: "tillganglighet" finds "tillgänglighet", "ebok" "e-bok"),
// and the chosen insights as removable chips at the top.
(function () {
  "use strict";

  // Lower case, no accents, no punctuation ("e-bok" is "ebok"), single spaces.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/-/g, "")
      .replace(/[^\p{L}\p{N}\s]/gu, " ").replace(/\s+/g, " ").toLowerCase();
  }

  function enhance(picker) {
    const items = Array.from(picker.querySelectorAll("[data-insight]"));
    const groups = Array.from(picker.querySelectorAll("[data-kind-group]"));
    const chosen = picker.querySelector("[data-chosen]");
    const matches = picker.querySelector("[data-matches]");
    const options = picker.querySelector("[data-options]");
    const lang = document.documentElement.lang;
    const words = lang === "sv"
      ? { search: "Sök bland insikterna", chosen: "Valda:", none: "inga än", of: " av ", shown: " insikter visas" }
      : { search: "Search the insights", chosen: "Chosen:", none: "none yet", of: " of ", shown: " insights shown" };

    const label = document.createElement("label");
    label.htmlFor = "insight-search";
    label.textContent = words.search;
    const search = document.createElement("input");
    search.type = "search";
    search.id = "insight-search";
    search.autocomplete = "off";
    chosen.after(label, search);

    function filter() {
      const query = fold(search.value).trim();
      if (query !== "") options.open = true;
      let shown = 0;
      items.forEach(function (item) {
        const haystack = fold(item.dataset.key + " " + item.dataset.kind + " " + item.textContent);
        item.hidden = query !== "" && !haystack.includes(query);
        if (!item.hidden) shown += 1;
      });
      groups.forEach(function (group) {
        group.hidden = group.querySelectorAll("[data-insight]:not([hidden])").length === 0;
      });
      matches.textContent = shown + words.of + items.length + words.shown;
    }

    function renderChips() {
      const paragraph = document.createElement("p");
      paragraph.append(words.chosen + " ");
      const checked = items.map(function (item) { return item.querySelector("input"); })
        .filter(function (box) { return box.checked; });
      if (checked.length === 0) paragraph.append(words.none);
      checked.forEach(function (box) {
        const key = box.closest("[data-insight]").dataset.key;
        const chip = document.createElement("button");
        chip.type = "button";
        chip.className = "chip";
        chip.textContent = key + " ×";
        chip.setAttribute("aria-label", chosen.dataset.removeLabel + " " + key);
        chip.addEventListener("click", function () {
          box.checked = false;
          renderChips();
          search.focus();
        });
        paragraph.append(chip, " ");
      });
      chosen.replaceChildren(paragraph);
    }

    search.addEventListener("input", filter);
    picker.addEventListener("change", renderChips);
    renderChips();
  }

  document.querySelectorAll("[data-insight-picker]").forEach(enhance);
})();
