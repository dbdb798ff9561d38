/* Heart buttons as toggle buttons (aria-pressed), without reloading the page.
 *
 * Each button is a small form that works without JavaScript (POST, then back to the page).
 * Here the same form is posted with fetch, asking for JSON; the server answers whether the
 * maker is now a favourite, and writes the `favoris` cookie of anonymous visitors: this
 * script only reads that cookie, to show the right state on pages served from a cache or
 * restored by the back button. Signed-in visitors' favourites live in their account, and the
 * page says which store a button uses (data-favourite-store): on a restored page, their
 * state is asked of the server (/favoris/etat/). */
(function () {
  "use strict";

  if (window.localisteFavourites) {
    return; // the script tag comes again with each list htmx swaps in
  }
  window.localisteFavourites = true;

  var COOKIE = "favoris";
  var script = document.currentScript;
  var stateUrl = script && script.dataset.stateUrl;
  // The live region exists, empty, before anything is said in it: screen readers only read
  // out changes to a region they already know.
  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  document.body.appendChild(status);

  function cookieSlugs() {
    var found = document.cookie.split("; ").filter(function (pair) {
      return pair.indexOf(COOKIE + "=") === 0;
    })[0];
    if (!found) {
      return [];
    }
    try {
      return decodeURIComponent(found.slice(COOKIE.length + 1)).replace(/"/g, "").split(".");
    } catch (error) {
      return []; // a cookie that is not ours any more (a malformed escape): an empty list
    }
  }

  function announce(text) {
    status.textContent = text;
  }

  function show(form, kept) {
    var button = form.querySelector(".favourite__button");
    form.action = kept ? form.dataset.removeUrl : form.dataset.addUrl;
    button.setAttribute("aria-pressed", kept ? "true" : "false");
    button.dataset.kept = kept ? "true" : "false";
    // A toggle button keeps its name: its pressed state says whether the maker is kept.
    form.querySelector(".favourite__label").textContent = form.dataset.label;
  }

  function held(slugs, form) {
    // A renamed maker: the cookie keeps its old slug until the server writes it again.
    return slugs.indexOf(form.dataset.favourite) !== -1 ||
      (!!form.dataset.favouriteWritten && slugs.indexOf(form.dataset.favouriteWritten) !== -1);
  }

  function sync(root, accountSlugs) {
    var slugs = cookieSlugs();
    (root || document).querySelectorAll("form[data-favourite]").forEach(function (form) {
      var kept;
      if (form.dataset.favouriteStore === "browser") {
        kept = held(slugs, form);
      } else if (accountSlugs) {
        kept = accountSlugs.indexOf(form.dataset.favourite) !== -1;
      } else {
        kept = form.querySelector(".favourite__button").dataset.kept === "true";
      }
      show(form, kept);
    });
  }

  // A page restored from a cache (back button, htmx history) may be older than the list:
  // the cookie says it for anonymous visitors, the server for signed-in ones.
  function refresh() {
    sync();
    if (!stateUrl || !document.querySelector('form[data-favourite-store="account"]')) {
      return;
    }
    fetch(stateUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (answer) { sync(document, answer.favourites || []); })
      .catch(function () { /* offline: the page keeps what it shows */ });
  }

  function forms(slug) {
    return Array.prototype.filter.call(
      document.querySelectorAll("form[data-favourite]"),
      function (form) { return form.dataset.favourite === slug; }
    );
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-favourite]")) {
      return;
    }
    event.preventDefault();
    if (form.dataset.busy) {
      return;
    }
    form.dataset.busy = "true";
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.json();
    }).then(function (answer) {
      forms(form.dataset.favourite).forEach(function (each) { show(each, answer.favourite); });
      announce(answer.message);
      delete form.dataset.busy;
    }).catch(function () {
      // No usable answer (offline, an expired session…): post the form the plain way.
      delete form.dataset.busy;
      form.submit();
    });
  });

  // Lists htmx swaps in or restores from its history cache may be older than the cookie.
  document.body.addEventListener("htmx:afterSettle", function (event) {
    sync(event.target);
  });
  document.body.addEventListener("htmx:historyRestore", refresh);
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      refresh();
    }
  });
  // Back or forward may load the page from the HTTP cache: as old as a restored one.
  var navigation = window.performance && performance.getEntriesByType
    ? performance.getEntriesByType("navigation")[0] : null;
  if (navigation && navigation.type === "back_forward") {
    refresh();
  } else {
    sync();
  }
})();
