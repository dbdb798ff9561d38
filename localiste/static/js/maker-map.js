/* Turns each .mini-map (hidden until now) into a small Leaflet map of the maker's place.
 * Everything it needs is in data attributes: no inline script under our CSP. Without
 * JavaScript, the address text and the OpenStreetMap link remain. */
(function () {
  "use strict";

  function initMiniMap(element) {
    var lat = parseFloat(element.dataset.lat);
    var lon = parseFloat(element.dataset.lon);
    if (!window.L || !window.Localiste || isNaN(lat) || isNaN(lon) || !element.dataset.tileUrl) {
      return;
    }
    element.hidden = false;
    var map = window.Localiste.baseMap(element, { scrollWheelZoom: false })
      .setView([lat, lon], parseInt(element.dataset.zoom, 10) || 14);
    var colour = getComputedStyle(element).getPropertyValue("--map-marker").trim() || "#1f5f5b";
    window.Localiste.makerPlace([lat, lon], element.dataset.precision, colour).addTo(map);
  }

  document.querySelectorAll(".mini-map[data-lat]").forEach(initMiniMap);
})();
