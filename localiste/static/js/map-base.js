/* What every map of the site shares: a Leaflet map on an element whose data attributes give
 * the tiles (data-tile-url, data-attribution), and a maker's place drawn as a point when the
 * address is public, or as an area when only the town is. Loaded after leaflet.js and before
 * the page's own map script (all deferred, so in that order). Also the keyboard and screen
 * reader pieces of maps with markers: focusable named markers, popups that take and give back
 * the focus, a status region that is not spammed. */
(function () {
  "use strict";

  function baseMap(element, options) {
    var map = window.L.map(element, options || {});
    window.L.tileLayer(element.dataset.tileUrl, {
      attribution: element.dataset.attribution || "",
      maxZoom: parseInt(element.dataset.maxZoom, 10) || 18,
    }).addTo(map);
    return map;
  }

  function makerPlace(point, precision, colour) {
    if (precision === "exact") {
      return window.L.circleMarker(point, {
        radius: 9, color: "#ffffff", weight: 3, fillColor: colour, fillOpacity: 1,
      });
    }
    // Only the town is public: show an area, never a point that would look like a door.
    return window.L.circle(point, {
      radius: 1500, color: colour, weight: 2, fillColor: colour, fillOpacity: 0.15,
    });
  }

  // Keyboard access for a marker (div icon): focusable, named, Enter or Space activates.
  // Leaflet only handles Enter on markers with a popup; clusters need both keys too.
  // A marker focused by the user is panned into view; one focused again after a redraw
  // (marker.quietFocus) is not, or each pan would reload the map and move the focus again.
  function keyboardMarker(marker, label, activate) {
    marker.options.autoPanOnFocus = false;
    marker.on("add", function () {
      var icon = marker.getElement();
      if (!icon) {
        return;
      }
      icon.addEventListener("focus", function () {
        if (!marker.quietFocus && marker._map && marker._panOnFocus) {
          marker._panOnFocus();
        }
      });
      icon.tabIndex = 0;
      icon.setAttribute("role", "button");
      icon.setAttribute("aria-label", label);
      icon.querySelectorAll("span").forEach(function (span) {
        span.setAttribute("aria-hidden", "true");
      });
      icon.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();  // no page scroll, no second activation by Leaflet's keypress
          marker.openedByKeyboard = true;
          activate();
        } else if (event.key === "Escape" && marker.isPopupOpen && marker.isPopupOpen()) {
          marker.closePopup();
        }
      });
    });
    return marker;
  }

  // Focus a marker already in view without panning the map (see keyboardMarker).
  function focusQuietly(marker) {
    marker.quietFocus = true;
    marker.getElement().focus({ preventScroll: true });
    marker.quietFocus = false;
  }

  // Puts the markers' icons in the DOM (so Tab) order of `markers`, around the focused one,
  // which must not move: a moved element loses the focus.
  function orderMarkers(map, markers) {
    var pane = map.getPane("markerPane");
    var icons = markers.map(function (marker) { return marker.getElement(); }).filter(Boolean);
    var pivot = icons.filter(function (icon) { return icon.contains(document.activeElement); })[0];
    var beforePivot = Boolean(pivot);
    icons.forEach(function (icon) {
      if (icon === pivot) {
        beforePivot = false;
      } else if (beforePivot) {
        pane.insertBefore(icon, pivot);
      } else {
        pane.appendChild(icon);
      }
    });
  }

  // A popup opened from the keyboard takes the focus (its first link); Escape or its close
  // button closes it and gives the focus back to the marker it belongs to.
  function keyboardPopups(map, closeLabel) {
    map.on("popupopen", function (event) {
      var popup = event.popup;
      var container = popup.getElement();
      var source = popup._source;
      var close = container.querySelector(".leaflet-popup-close-button");
      if (close && closeLabel) {
        close.setAttribute("aria-label", closeLabel);
        close.title = closeLabel;
      }
      if (!container.dataset.keyboard) {
        container.dataset.keyboard = "true";
        container.addEventListener("keydown", function (keyEvent) {
          if (keyEvent.key === "Escape") {
            keyEvent.preventDefault();
            keyEvent.stopPropagation();
            map.closePopup(popup);
          }
        });
      }
      if (source && source.openedByKeyboard) {
        source.openedByKeyboard = false;
        var content = container.querySelector(".leaflet-popup-content");
        var target = content && content.querySelector("a, button");
        (target || close || container).focus({ preventScroll: true });
      }
    });
    map.on("popupclose", function (event) {
      var container = event.popup.getElement();
      var source = event.popup._source;
      var icon = source && source.getElement && source.getElement();
      var focusInside = container && container.contains(document.activeElement);
      var focusLost = document.activeElement === document.body || !document.activeElement;
      if (icon && icon.isConnected && (focusInside || focusLost)) {
        focusQuietly(source);
      }
    });
  }

  // Says `text` in a role=status element once the map has settled, not on every step.
  function announcer(element, delayMs) {
    var timer = null;
    return function say(text) {
      if (!element) {
        return;
      }
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        element.textContent = text;
      }, delayMs === undefined ? 700 : delayMs);
    };
  }

  window.Localiste = window.Localiste || {};
  window.Localiste.baseMap = baseMap;
  window.Localiste.makerPlace = makerPlace;
  window.Localiste.keyboardMarker = keyboardMarker;
  window.Localiste.keyboardPopups = keyboardPopups;
  window.Localiste.announcer = announcer;
  window.Localiste.focusQuietly = focusQuietly;
  window.Localiste.orderMarkers = orderMarkers;
})();
