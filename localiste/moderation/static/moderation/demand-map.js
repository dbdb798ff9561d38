/* The demand map: one circle per town, sized by its searches, whose popup lists the queries.
 * The points come from a JSON script element (data-points names it) and the tiles from data
 * attributes: no inline script under our CSP. Without JavaScript the table above says it all. */
(function () {
  "use strict";

  function popup(point) {
    var box = document.createElement("div");
    box.className = "demand-map__popup";
    var title = document.createElement("strong");
    title.textContent = point.name;
    box.appendChild(title);
    var list = document.createElement("ul");
    point.lines.forEach(function (line) {
      var item = document.createElement("li");
      item.textContent = line;
      list.appendChild(item);
    });
    box.appendChild(list);
    return box;
  }

  function initDemandMap(element) {
    var source = document.getElementById(element.dataset.points);
    if (!window.L || !window.Localiste || !source || !element.dataset.tileUrl) {
      return;
    }
    var points = JSON.parse(source.textContent);
    if (!points.length) {
      return;
    }
    element.hidden = false;
    var map = window.Localiste.baseMap(element, { scrollWheelZoom: false });
    var colour = getComputedStyle(element).getPropertyValue("--map-marker").trim() || "#1f5f5b";
    var most = Math.max.apply(null, points.map(function (point) { return point.searches; }));
    var bounds = [];
    points.forEach(function (point) {
      var radius = 6 + 18 * Math.sqrt(point.searches / most);
      window.L.circleMarker([point.lat, point.lon], {
        radius: radius, color: "#ffffff", weight: 2, fillColor: colour, fillOpacity: 0.75,
      }).bindPopup(popup(point)).addTo(map);
      bounds.push([point.lat, point.lon]);
    });
    map.fitBounds(bounds, { padding: [30, 30], maxZoom: 11 });
  }

  document.querySelectorAll(".demand-map[data-points]").forEach(initDemandMap);
})();
