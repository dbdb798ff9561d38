/* The search page, enhanced: htmx sends the form as filters change (it still works as a plain
 * GET without JavaScript) and swaps the results only, with the heading, notices, facet
 * counts, sort and map state out of band: what the visitor is typing is never replaced.
 * This file adds what htmx does not do by itself: the "near me" button, facet ticks, open
 * groups and focus kept across a swap, the facet groups behaving as dropdowns on wide
 * screens, the list/map toggle on phones, clean URLs, a form the back button restores as it
 * was sent, and an announcement of the new result count for screen readers. Suggestions as
 * you type come from combobox.js. */
(function () {
  "use strict";

  var page = document.querySelector("[data-search-page]");
  if (!page) {
    return;
  }
  document.documentElement.classList.add("js");
  // Wide enough for the filters bar (search.css uses the same width).
  var wide = window.matchMedia("(min-width: 48rem)");

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
        element.elements.lieu.placeholder = element.elements.lieu.dataset.placeholderNear || "";
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

  document.addEventListener("input", function (event) {
    if (event.target.id === "search-lieu") {
      // A typed place replaces the position "near me" gave.
      form().elements.lat.value = "";
      form().elements.lon.value = "";
    }
  });

  /* --- facet groups: dropdowns in the wide bar (one open at a time), a list on phones ---- */
  function facetGroups() {
    return Array.from(document.querySelectorAll("[data-facet]"));
  }

  document.addEventListener("toggle", function (event) {
    var group = event.target;
    if (wide.matches && group.matches && group.matches("[data-facet]") && group.open) {
      facetGroups().forEach(function (other) {
        if (other !== group) {
          other.open = false;
        }
      });
    }
  }, true);

  // A click or the focus elsewhere closes the floating groups.
  function closeGroupsOutside(event) {
    if (wide.matches && event.target.closest) {
      facetGroups().forEach(function (group) {
        if (group.open && !group.contains(event.target)) {
          group.open = false;
        }
      });
    }
  }
  document.addEventListener("click", closeGroupsOutside);
  document.addEventListener("focusin", closeGroupsOutside);

  document.addEventListener("keydown", function (event) {
    var group = event.key === "Escape" && event.target.closest && event.target.closest("[data-facet][open]");
    if (group && wide.matches) {
      group.open = false;
      group.querySelector("summary").focus();
    }
  });

  /* --- out-of-band swaps: keep the visitor's ticks, open groups and focus ---------------- */
  var kept = null;
  document.body.addEventListener("htmx:oobBeforeSwap", function (event) {
    var target = event.detail.target;
    if (target.id === "search-sort" && target.contains(document.activeElement)) {
      // The visitor is choosing an order: the menu stays theirs.
      event.detail.shouldSwap = false;
      return;
    }
    if (target.id !== "search-facets") {
      return;
    }
    var active = document.activeElement;
    kept = {
      open: Array.from(target.querySelectorAll("details[open]")).map(function (group) { return group.id; }),
      ticks: Array.from(target.querySelectorAll("input")).map(function (input) {
        return [input.id, input.checked];
      }),
      scroll: Array.from(target.querySelectorAll("ul")).map(function (list) {
        return [list.closest("details").id, list.scrollTop];
      }),
      focus: active && target.contains(active) ? active.id || null : null,
      summary: active && active.tagName === "SUMMARY" && target.contains(active)
        ? active.parentNode.id : null,
    };
  });

  document.body.addEventListener("htmx:oobAfterSwap", function () {
    var facets = document.getElementById("search-facets");
    if (!kept || !facets) {
      return;
    }
    var state = kept;
    kept = null;
    state.open.forEach(function (id) {
      var group = document.getElementById(id);
      if (group) {
        group.open = true;
      }
    });
    state.ticks.forEach(function (tick) {
      var input = document.getElementById(tick[0]);
      if (input && facets.contains(input)) {
        input.checked = tick[1];
      }
    });
    state.scroll.forEach(function (entry) {
      var list = document.querySelector("#" + CSS.escape(entry[0]) + " ul");
      if (list) {
        list.scrollTop = entry[1];
      }
    });
    var focus = state.focus && document.getElementById(state.focus);
    if (!focus && state.summary) {
      focus = document.querySelector("#" + CSS.escape(state.summary) + " > summary");
    }
    if (focus) {
      focus.focus({ preventScroll: true });
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

  /* --- history: the back button brings the form back as it was sent ----------------------- */
  // htmx saves the region's HTML, in which the fields show their attributes: after each
  // search, the attributes take the values that search was sent with.
  function formState() {
    var element = form();
    return element ? Array.from(element.elements).map(function (control) {
      return [control, control.type === "checkbox" || control.type === "radio"
        ? control.checked
        : control.tagName === "SELECT" ? control.selectedIndex : control.value];
    }) : [];
  }

  function writeAttributes(state) {
    state.forEach(function (entry) {
      var control = entry[0];
      var value = entry[1];
      if (!control.isConnected) {
        return;  // swapped out of band: the server wrote it
      }
      if (control.type === "checkbox" || control.type === "radio") {
        control.toggleAttribute("checked", value);
      } else if (control.tagName === "SELECT") {
        Array.from(control.options).forEach(function (option, index) {
          option.toggleAttribute("selected", index === value);
        });
      } else if (control.tagName === "INPUT" && control.type !== "submit" && control.type !== "button") {
        control.setAttribute("value", value);
      }
    });
  }

  /* --- htmx: clean URLs, announce results, keep the map in step -------------------------- */
  var sentForms = new WeakMap();
  document.body.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.elt === form()) {
      sentForms.set(event.detail.elt, formState());
    }
    // Shared URLs keep what the visitor chose, not every empty field of the form.
    var parameters = event.detail.parameters;  // FormData in htmx 2
    if (!parameters || !parameters.getAll) {
      return;
    }
    var located = parameters.get("lieu") || parameters.get("lat");
    Array.from(new Set(parameters.keys())).forEach(function (name) {
      var values = parameters.getAll(name).filter(function (value) { return value !== ""; });
      // With a place the default order is "nearest": "relevance" must then be said.
      var useless = values.length === 0 || (name === "rayon" && !located) ||
        (name === "tri" && !located && values[0] === "relevance");
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

  var settled = null;
  document.body.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    var ours = target && (target.id === "search-region" || target.id === "search-results");
    // One swap settles several elements (results and out-of-band parts): announce once.
    if (!ours || event.detail.xhr === settled) {
      return;
    }
    settled = event.detail.xhr;
    // htmx sets detail.elt to each element it settles: the form that asked is in the
    // request's config.
    var asker = event.detail.requestConfig && event.detail.requestConfig.elt;
    var sent = asker && sentForms.get(asker);
    if (sent) {
      writeAttributes(sent);
      sentForms.delete(asker);
    }
    announce();
  });
  document.body.addEventListener("htmx:historyRestore", announce);

  showNearMe();
  setupToggle();
})();
