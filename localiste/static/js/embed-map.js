/* The map of the embeddable widget: a Leaflet map of the makers listed below it, read from
 * the list's data attributes (no inline script under our CSP). Without JavaScript the list
 * alone remains. Makers who show their town only are drawn as an area, never a point. */
(function () {
  "use strict";

  var element = document.querySelector(".embed-map");
  var items = document.querySelectorAll(".embed-list__item[data-lat]");
  if (!element || !window.L || !element.dataset.tileUrl) {
    return;
  }
  element.hidden = false;
  var map = window.L.map(element, { scrollWheelZoom: false });
  window.L.tileLayer(element.dataset.tileUrl, {
    attribution: element.dataset.attribution || "",
    maxZoom: 18,
  }).addTo(map);
  var colour = getComputedStyle(element).getPropertyValue("--color-primary").trim() || "#1f5f5b";
  var bounds = [];
  items.forEach(function (item) {
    var point = [parseFloat(item.dataset.lat), parseFloat(item.dataset.lon)];
    if (isNaN(point[0]) || isNaN(point[1])) {
      return;
    }
    var marker = item.dataset.precision === "exact"
      ? window.L.circleMarker(point, {
        radius: 8, color: "#ffffff", weight: 2, fillColor: colour, fillOpacity: 1,
      })
      : window.L.circle(point, {
        radius: 1500, color: colour, weight: 2, fillColor: colour, fillOpacity: 0.2,
      });
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
