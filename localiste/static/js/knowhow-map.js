/* Draws the makers of a know-how page on a map: the list of their places (visible without
 * JavaScript) gives each point in data attributes, the map element gives the tiles. */
(function () {
  "use strict";

  var element = document.querySelector("[data-knowhow-map]");
  var items = document.querySelectorAll("[data-knowhow-points] li[data-lat]");
  if (!element || !items.length || !window.L || !window.Localiste || !element.dataset.tileUrl) {
    return;
  }
  element.hidden = false;
  var map = window.Localiste.baseMap(element, { scrollWheelZoom: false });
  var colour = getComputedStyle(element).getPropertyValue("--map-marker").trim() || "#1f5f5b";
  var bounds = [];
  items.forEach(function (item) {
    var point = [parseFloat(item.dataset.lat), parseFloat(item.dataset.lon)];
    if (isNaN(point[0]) || isNaN(point[1])) {
      return;
    }
    var link = item.querySelector("a");
    var marker = window.Localiste.makerPlace(point, item.dataset.precision, colour).addTo(map);
    if (link) {
      var popup = document.createElement("a");
      popup.href = link.href;
      popup.textContent = link.textContent;
      marker.bindPopup(popup);
    }
    bounds.push(point);
  });
  if (bounds.length === 1) {
    map.setView(bounds[0], 12);
  } else if (bounds.length) {
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 13 });
  }
})();
