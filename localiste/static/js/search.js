/* The search page, enhanced: htmx swaps the results region as filters change (the form still
 * works as a plain GET without JavaScript); this file adds what htmx does not do by itself:
 * the "near me" button, suggestions as you type, the list/map toggle on phones, clean URLs
 * and an announcement of the new result count for screen readers. */
(function () {
  "use strict";

  var page = document.querySelector("[data-search-page]");
  if (!page) {
    return;
  }
  document.documentElement.classList.add("js");

  function form() {
    return document.getElementById("search-form");
  }

  function submit() {
    var element = form();
    if (element && window.htmx) {
      window.htmx.trigger(element, "submit");
    } else if (element) {
      element.submit();
    }
  }

  /* --- near me: fills lat/lon from the browser, empties the typed place ------------------ */
  function showNearMe() {
    var button = document.querySelector("[data-near-me]");
    if (button && navigator.geolocation) {
      button.hidden = false;
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-near-me]");
    if (!button) {
      return;
    }
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        var element = form();
        element.elements.lat.value = position.coords.latitude.toFixed(5);
        element.elements.lon.value = position.coords.longitude.toFixed(5);
        element.elements.lieu.value = "";
        button.disabled = false;
        submit();
      },
      function () {
        button.disabled = false;
        document.getElementById("search-status").textContent = button.dataset.denied;
      },
      { timeout: 10000, maximumAge: 300000 }
    );
  });

  /* --- suggestions as you type, in the inputs' <datalist> -------------------------------- */
  var pending = null;
  function fillList(list, entries) {
    list.replaceChildren();
    entries.forEach(function (entry) {
      var option = document.createElement("option");
      option.value = entry;
      list.appendChild(option);
    });
  }

  function suggest(input) {
    var url = input.form && form().querySelector("[data-autocomplete]");
    if (!url || input.value.trim().length < 2) {
      return;
    }
    clearTimeout(pending);
    pending = setTimeout(function () {
      fetch(url.dataset.autocomplete + "?q=" + encodeURIComponent(input.value), {
        headers: { Accept: "application/json" },
      })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (found) {
          if (!found) {
            return;
          }
          if (input.name === "lieu") {
            fillList(document.getElementById("search-lieu-suggestions"),
              found.places.map(function (place) { return place.value; }));
          } else {
            fillList(document.getElementById("search-q-suggestions"),
              found.categories.concat(found.makers).map(function (entry) { return entry.label; }));
          }
        })
        .catch(function () {});
    }, 200);
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (input.id === "search-q" || input.id === "search-lieu") {
      suggest(input);
    }
    if (input.id === "search-lieu") {
      // A typed place replaces the position "near me" gave.
      form().elements.lat.value = "";
      form().elements.lon.value = "";
    }
  });

  /* --- list / map toggle on narrow screens ----------------------------------------------- */
  function setupToggle() {
    var toggle = page.querySelector("[data-view-toggle]");
    var mapPanel = page.querySelector("[data-map-panel]");
    if (!toggle || !mapPanel) {
      return;
    }
    toggle.hidden = false;
    mapPanel.hidden = false;
    toggle.addEventListener("click", function (event) {
      var button = event.target.closest("[data-view]");
      if (!button) {
        return;
      }
      var showMap = button.dataset.view === "map";
      page.classList.toggle("search-page--map", showMap);
      toggle.querySelectorAll("[data-view]").forEach(function (other) {
        other.setAttribute("aria-pressed", String(other === button));
      });
      if (showMap) {
        document.dispatchEvent(new CustomEvent("discovery:map-shown"));
      }
    });
  }

  /* --- htmx: clean URLs, announce results, keep the map in step -------------------------- */
  document.body.addEventListener("htmx:configRequest", function (event) {
    // Shared URLs keep what the visitor chose, not every empty field of the form.
    var parameters = event.detail.parameters;  // FormData in htmx 2
    if (!parameters || !parameters.getAll) {
      return;
    }
    var located = parameters.get("lieu") || parameters.get("lat");
    Array.from(new Set(parameters.keys())).forEach(function (name) {
      var values = parameters.getAll(name).filter(function (value) { return value !== ""; });
      var useless = values.length === 0 ||
        (name === "rayon" && !located) || (name === "tri" && values[0] === "relevance");
      parameters.delete(name);
      if (!useless) {
        values.forEach(function (value) { parameters.append(name, value); });
      }
    });
  });

  function announce() {
    showNearMe();
    var summary = document.querySelector("[data-results-summary]");
    var status = document.getElementById("search-status");
    if (summary && status) {
      status.textContent = summary.textContent.replace(/\s+/g, " ").trim();
    }
    document.dispatchEvent(new CustomEvent("discovery:results-changed"));
  }
  document.body.addEventListener("htmx:afterSettle", function (event) {
    if (event.detail.target && event.detail.target.id === "search-region") {
      announce();
    }
  });
  document.body.addEventListener("htmx:historyRestore", announce);

  showNearMe();
  setupToggle();
})();
