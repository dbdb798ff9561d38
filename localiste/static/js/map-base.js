/* What every map of the site shares: a Leaflet map on an element whose data attributes give
 * the tiles (data-tile-url, data-attribution), and a maker's place drawn as a point when the
 * address is public, or as an area when only the town is. Loaded after leaflet.js and before
 * the page's own map script (all deferred, so in that order). */
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

  window.Localiste = window.Localiste || {};
  window.Localiste.baseMap = baseMap;
  window.Localiste.makerPlace = makerPlace;
})();
