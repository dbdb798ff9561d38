/* The map of the embeddable widget: a Leaflet map of the makers listed below it, read from
 * the list's data attributes (no inline script under our CSP). Without JavaScript the list
 * alone remains. Makers who show their town only are drawn as an area, never a point. */
(function () {
  "use strict";

  var element = document.querySelector(".embed-map");
  var items = document.querySelectorAll(".embed-list__item[data-lat]");
  if (!element || !window.L || !window.Localiste || !element.dataset.tileUrl) {
    return;
  }
  element.hidden = false;
  var map = window.Localiste.baseMap(element, { scrollWheelZoom: false });
  var colour = getComputedStyle(element).getPropertyValue("--color-primary").trim() || "#1f5f5b";
  var bounds = [];
  items.forEach(function (item) {
    var point = [parseFloat(item.dataset.lat), parseFloat(item.dataset.lon)];
    if (isNaN(point[0]) || isNaN(point[1])) {
      return;
    }
    var marker = window.Localiste.makerPlace(point, item.dataset.precision, colour);
    var link = document.createElement("a");
    link.href = item.dataset.url;
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = item.dataset.name;
    marker.bindPopup(link).addTo(map);
    bounds.push(point);
  });
  if (bounds.length) {
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 13 });
  } else {
    map.setView([46.6, 2.4], 5);
  }
})();
