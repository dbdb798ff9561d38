/* Turns each .mini-map (hidden until now) into a small Leaflet map of the maker's place.
 * Everything it needs is in data attributes: no inline script under our CSP. Without
 * JavaScript, the address text and the OpenStreetMap link remain. */
(function () {
  "use strict";

  function initMiniMap(element) {
    var lat = parseFloat(element.dataset.lat);
    var lon = parseFloat(element.dataset.lon);
    if (!window.L || isNaN(lat) || isNaN(lon) || !element.dataset.tileUrl) {
      return;
    }
    element.hidden = false;
    var map = window.L.map(element, {
      scrollWheelZoom: false,
      attributionControl: true,
    }).setView([lat, lon], parseInt(element.dataset.zoom, 10) || 14);
    window.L.tileLayer(element.dataset.tileUrl, {
      attribution: element.dataset.attribution || "",
      maxZoom: 18,
    }).addTo(map);
    var colour = getComputedStyle(element).getPropertyValue("--map-marker").trim() || "#1f5f5b";
    if (element.dataset.precision === "exact") {
      window.L.circleMarker([lat, lon], {
        radius: 9, color: "#ffffff", weight: 3, fillColor: colour, fillOpacity: 1,
      }).addTo(map);
    } else {
      // Only the town is public: show an area, never a point that would look like a door.
      window.L.circle([lat, lon], {
        radius: 1500, color: colour, weight: 2, fillColor: colour, fillOpacity: 0.15,
      }).addTo(map);
    }
  }

  document.querySelectorAll(".mini-map[data-lat]").forEach(initMiniMap);
})();
