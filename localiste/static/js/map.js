/* Maps of makers (/carte/ and beside the search results). Each [data-discovery-map] element
 * asks /api/v1/map for the area in view on every move, with the filters of its data-params,
 * and draws clusters (a round badge with the count: click to zoom in) and makers (a popup
 * with name, tagline, town and a link). A list of the same features follows the map for
 * keyboard and screen reader users. Everything comes from data attributes (CSP: no inline
 * script); without JavaScript the element stays empty and the results list remains. */
(function () {
  "use strict";

  var FRANCE = [[41.3, -5.2], [51.1, 9.6]];

  function format(template, count) {
    return (template || "%(count)s").replace("%(count)s", String(count));
  }

  function bboxBounds(text) {
    var parts = (text || "").split(",").map(parseFloat);
    if (parts.length !== 4 || parts.some(isNaN)) {
      return null;
    }
    return [[parts[1], parts[0]], [parts[3], parts[2]]];
  }

  function textElement(tag, text, className) {
    var element = document.createElement(tag);
    element.textContent = text;
    if (className) {
      element.className = className;
    }
    return element;
  }

  function popupContent(properties, labels) {
    var box = document.createElement("div");
    box.className = "map-popup";
    var makers = properties.makers || [properties];
    makers.forEach(function (maker) {
      var item = document.createElement("div");
      item.className = "map-popup__maker";
      item.appendChild(textElement("p", maker.name || "", "map-popup__name"));
      if (maker.tagline) {
        item.appendChild(textElement("p", maker.tagline, "map-popup__tagline"));
      }
      if (maker.commune) {
        item.appendChild(textElement("p", maker.commune, "map-popup__commune"));
      }
      if (maker.url) {
        var link = textElement("a", labels.open, "map-popup__link");
        link.href = maker.url;
        link.setAttribute("aria-label", labels.open + " : " + (maker.name || ""));
        item.appendChild(link);
      }
      box.appendChild(item);
    });
    return box;
  }

  function DiscoveryMap(element) {
    var self = this;
    this.element = element;
    this.params = element.dataset.params || "";
    this.labels = {
      cluster: element.dataset.labelCluster,
      open: element.dataset.labelOpen,
      count: element.dataset.labelCount,
      error: element.dataset.labelError,
    };
    var container = element.parentElement;
    this.status = container.querySelector("[data-map-status]");
    this.list = container.querySelector("[data-map-list]");
    this.map = window.Localiste.baseMap(element, { scrollWheelZoom: true });
    this.layer = window.L.layerGroup().addTo(this.map);
    this.request = null;
    this.map.on("moveend", function () { self.load(); });
    this.drawOutline(element.dataset.outline);
    this.fit(element.dataset.bbox);
  }

  // A territory's boundary (simplified GeoJSON in data-outline), under the markers.
  DiscoveryMap.prototype.drawOutline = function (outlineText) {
    if (!outlineText) {
      return;
    }
    try {
      window.L.geoJSON(JSON.parse(outlineText), {
        interactive: false,
        style: { color: "#1d4ed8", weight: 2, fill: false, dashArray: "6 4" },
      }).addTo(this.map);
    } catch (error) {
      // A boundary that cannot be drawn leaves the map without its outline, nothing more.
    }
  };

  DiscoveryMap.prototype.fit = function (bboxText) {
    var bounds = bboxBounds(bboxText) || FRANCE;
    if (bounds[0][0] === bounds[1][0] && bounds[0][1] === bounds[1][1]) {
      this.map.setView(bounds[0], 13);
    } else {
      this.map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14 });
    }
  };

  DiscoveryMap.prototype.update = function (params, bboxText) {
    this.params = params || "";
    this.fit(bboxText);
    this.load();  // fitBounds to the same view fires no moveend
  };

  DiscoveryMap.prototype.load = function () {
    var self = this;
    var bounds = this.map.getBounds();
    var bbox = [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()]
      .map(function (value) { return Math.max(-180, Math.min(180, value)).toFixed(5); });
    var url = this.element.dataset.api + "?bbox=" + bbox.join(",") +
      "&zoom=" + this.map.getZoom() + (this.params ? "&" + this.params : "");
    if (this.element.dataset.logSearch === "first" && !this.logged) {
      // The first view of a map search counts once in the operators' demand statistics.
      url += "&log=true";
      this.logged = true;
    }
    if (this.request) {
      this.request.abort();
    }
    var controller = new AbortController();
    this.request = controller;
    this.element.setAttribute("aria-busy", "true");
    fetch(url, { signal: controller.signal, headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (collection) { self.draw(collection.features || []); })
      .catch(function (error) {
        if (error.name !== "AbortError" && self.status) {
          self.status.textContent = self.labels.error;
        }
      })
      .finally(function () { self.element.removeAttribute("aria-busy"); });
  };

  DiscoveryMap.prototype.zoomInto = function (feature) {
    var properties = feature.properties || {};
    var coordinates = feature.geometry.coordinates;
    if (properties.bbox && properties.bbox.length === 4) {
      var box = properties.bbox;
      this.map.fitBounds([[box[1], box[0]], [box[3], box[2]]], { padding: [24, 24] });
    } else {
      this.map.setView([coordinates[1], coordinates[0]], Math.min(this.map.getZoom() + 2, 18));
    }
  };

  DiscoveryMap.prototype.draw = function (features) {
    var self = this;
    var total = 0;
    this.layer.clearLayers();
    if (this.list) {
      this.list.replaceChildren();
    }
    features.forEach(function (feature) {
      var properties = feature.properties || {};
      var count = properties.count || 1;
      var coordinates = feature.geometry.coordinates;
      var latlng = [coordinates[1], coordinates[0]];
      var isCluster = count > 1 && !properties.makers;
      total += count;
      var marker;
      if (isCluster) {
        var size = count < 10 ? 32 : count < 100 ? 40 : 48;
        marker = window.L.marker(latlng, {
          icon: window.L.divIcon({
            className: "map-cluster",
            html: "<span>" + count + "</span>",
            iconSize: [size, size],
          }),
          title: format(self.labels.cluster, count),
          alt: format(self.labels.cluster, count),
        });
        marker.on("click", function () { self.zoomInto(feature); });
      } else {
        marker = window.L.marker(latlng, {
          icon: window.L.divIcon({
            className: "map-point" + (count > 1 ? " map-point--group" : ""),
            html: count > 1 ? "<span>" + count + "</span>" : "",
            iconSize: [22, 22],
          }),
          title: properties.name || (properties.makers || []).map(function (m) { return m.name; }).join(", "),
        });
        marker.bindPopup(popupContent(properties, self.labels));
      }
      marker.feature = feature;
      self.layer.addLayer(marker);
      self.listItem(feature, isCluster, count);
    });
    if (this.status) {
      this.status.textContent = format(this.labels.count, total);
    }
    this.element.dataset.total = String(total);
    this.element.dispatchEvent(new CustomEvent("discovery:map-drawn", { bubbles: true }));
  };

  DiscoveryMap.prototype.listItem = function (feature, isCluster, count) {
    var self = this;
    if (!this.list) {
      return;
    }
    var properties = feature.properties || {};
    if (isCluster) {
      var item = document.createElement("li");
      var button = textElement("button", format(this.labels.cluster, count), "button button--link");
      button.type = "button";
      button.addEventListener("click", function () { self.zoomInto(feature); });
      item.appendChild(button);
      this.list.appendChild(item);
      return;
    }
    (properties.makers || [properties]).forEach(function (maker) {
      var entry = document.createElement("li");
      var link = textElement("a", maker.name || "", "");
      link.href = maker.url || "#";
      entry.appendChild(link);
      if (maker.commune) {
        entry.appendChild(document.createTextNode(" — " + maker.commune));
      }
      self.list.appendChild(entry);
    });
  };

  function start() {
    if (!window.L || !window.Localiste) {
      return;
    }
    document.querySelectorAll("[data-discovery-map]").forEach(function (element) {
      if (element.discoveryMap) {
        return;
      }
      var panel = element.closest("[hidden]");
      if (panel && panel.hasAttribute("data-map-panel")) {
        panel.hidden = false;
      }
      element.discoveryMap = new DiscoveryMap(element);
    });
  }

  // The search page swaps its results region: follow its filters and area (#map-state).
  function followResults() {
    var state = document.getElementById("map-state");
    document.querySelectorAll("[data-discovery-map]").forEach(function (element) {
      if (element.discoveryMap && state) {
        element.discoveryMap.update(state.dataset.params, state.dataset.bbox);
      }
    });
  }
  document.addEventListener("discovery:results-changed", followResults);
  document.addEventListener("discovery:map-shown", function () {
    document.querySelectorAll("[data-discovery-map]").forEach(function (element) {
      if (element.discoveryMap) {
        element.discoveryMap.map.invalidateSize();
      }
    });
    followResults();
  });

  start();
})();
