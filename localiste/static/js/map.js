/* Maps of makers (/carte/ and beside the search results). Each [data-discovery-map] element
 * asks /api/v1/map for the area in view on every move, with the filters of its data-params,
 * and draws clusters (a round badge with the count: click to zoom in) and makers (a popup
 * with name, tagline, town and a link). Every marker is a named button reachable with Tab in
 * reading order (north to south), and a list of the same features follows the map for
 * keyboard and screen reader users; both follow each answer, the focus kept on the same
 * feature when it is still there. Everything comes from data attributes (CSP: no inline
 * script); without JavaScript the element stays empty and the results list remains. */
(function () {
  "use strict";

  var FRANCE = [[41.3, -5.2], [51.1, 9.6]];

  // "%(count)s makers" with {count: 3}; a bare number stands for {count: n}.
  function format(template, values) {
    var named = typeof values === "object" ? values : { count: values };
    return (template || "%(count)s").replace(/%\((\w+)\)s/g, function (match, name) {
      return named[name] === undefined ? match : String(named[name]);
    });
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

  function makerName(maker) {
    return (maker.name || "") + (maker.commune ? ", " + maker.commune : "");
  }

  // One key per feature, the same from one answer to the next while it stays the same.
  function featureKey(feature) {
    var properties = feature.properties || {};
    if (properties.id !== undefined) {
      return "maker-" + properties.id;
    }
    if (properties.makers) {
      return "group-" + properties.makers.map(function (maker) { return maker.id; }).join("-");
    }
    return "cluster-" + feature.geometry.coordinates.join(",") + "-" + properties.count;
  }

  // Tab and the list follow the map from top to bottom, then left to right.
  function readingOrder(features) {
    return features.slice().sort(function (a, b) {
      var first = a.geometry.coordinates;
      var second = b.geometry.coordinates;
      return second[1] - first[1] || first[0] - second[0];
    });
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
        link.setAttribute("aria-label", format(labels.maker, { name: maker.name || "" }));
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
    var data = element.dataset;
    this.labels = {
      cluster: data.labelCluster,
      clusterPlace: data.labelClusterPlace,
      open: data.labelOpen,
      maker: data.labelMaker,
      group: data.labelGroup,
      count: data.labelCount,
      countOne: data.labelCountOne,
      countNone: data.labelCountNone,
      error: data.labelError,
      close: data.labelClose,
    };
    var container = element.parentElement;
    this.announce = window.Localiste.announcer(container.querySelector("[data-map-status]"));
    this.list = container.querySelector("[data-map-list]");
    this.listCount = container.querySelector("[data-map-list-count]");
    this.markers = {};
    this.map = window.Localiste.baseMap(element, { scrollWheelZoom: true });
    window.Localiste.keyboardPopups(this.map, this.labels.close);
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
        if (error.name !== "AbortError") {
          self.showError();
        }
      })
      .finally(function () {
        if (self.request === controller) {
          self.element.removeAttribute("aria-busy");
        }
      });
  };

  // Nothing stale stays on screen when an answer fails: the list says so instead.
  DiscoveryMap.prototype.showError = function () {
    this.layer.clearLayers();
    this.markers = {};
    if (this.list) {
      this.list.replaceChildren(textElement("li", this.labels.error, "map-list__error"));
    }
    if (this.listCount) {
      this.listCount.textContent = "";
    }
    this.announce(this.labels.error);
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

  DiscoveryMap.prototype.countText = function (total) {
    if (total === 0 && this.labels.countNone) {
      return this.labels.countNone;
    }
    if (total === 1 && this.labels.countOne) {
      return this.labels.countOne;
    }
    return format(this.labels.count, total);
  };

  // Markers still in the answer stay as they are (focus and open popup untouched); the others
  // go, new ones come, and the icons are put back in reading order for Tab.
  DiscoveryMap.prototype.draw = function (features) {
    var self = this;
    var total = 0;
    var focus = this.focusState();
    var previous = this.markers;
    var ordered = [];
    this.markers = {};
    if (this.list) {
      this.list.replaceChildren();
    }
    readingOrder(features).forEach(function (feature) {
      var properties = feature.properties || {};
      var count = properties.count || 1;
      var isCluster = count > 1 && !properties.makers;
      var key = featureKey(feature);
      total += count;
      var marker = previous[key];
      delete previous[key];
      if (!marker) {
        marker = isCluster ? self.clusterMarker(feature, count) : self.makerMarker(feature);
        marker.on("add", function () { marker.getElement().dataset.key = key; });
        marker.feature = feature;
        self.layer.addLayer(marker);
      }
      self.markers[key] = marker;
      ordered.push(marker);
      self.listItem(feature, key, isCluster, count);
    });
    Object.keys(previous).forEach(function (key) { self.layer.removeLayer(previous[key]); });
    window.Localiste.orderMarkers(this.map, ordered);
    this.restoreFocus(focus);
    var summary = this.countText(total);
    if (this.listCount) {
      this.listCount.textContent = " — " + summary;
    }
    this.announce(summary);
    this.element.dataset.total = String(total);
    this.element.dispatchEvent(new CustomEvent("discovery:map-drawn", { bubbles: true }));
  };

  DiscoveryMap.prototype.clusterLabel = function (feature, count) {
    var place = (feature.properties || {}).place;
    if (place && this.labels.clusterPlace) {
      return format(this.labels.clusterPlace, { count: count, place: place });
    }
    return format(this.labels.cluster, count);
  };

  DiscoveryMap.prototype.clusterMarker = function (feature, count) {
    var self = this;
    var size = count < 10 ? 32 : count < 100 ? 40 : 48;
    var label = this.clusterLabel(feature, count);
    var coordinates = feature.geometry.coordinates;
    var marker = window.L.marker([coordinates[1], coordinates[0]], {
      icon: window.L.divIcon({
        className: "map-cluster",
        html: "<span>" + count + "</span>",
        iconSize: [size, size],
      }),
      title: label,
    });
    marker.on("click", function () { self.zoomInto(feature); });
    return window.Localiste.keyboardMarker(marker, label, function () { self.zoomInto(feature); });
  };

  DiscoveryMap.prototype.makerMarker = function (feature) {
    var properties = feature.properties || {};
    var count = properties.count || 1;
    var coordinates = feature.geometry.coordinates;
    var names = (properties.makers || [properties]).map(function (m) { return m.name; }).join(", ");
    var label = properties.makers
      ? format(this.labels.group, { count: count, names: names })
      : format(this.labels.maker, { name: makerName(properties) });
    var marker = window.L.marker([coordinates[1], coordinates[0]], {
      icon: window.L.divIcon({
        className: "map-point" + (count > 1 ? " map-point--group" : ""),
        html: count > 1 ? "<span>" + count + "</span>" : "",
        iconSize: [22, 22],
      }),
      title: names,
    });
    marker.bindPopup(popupContent(properties, this.labels));
    return window.Localiste.keyboardMarker(marker, label, function () { marker.openPopup(); });
  };

  DiscoveryMap.prototype.listItem = function (feature, key, isCluster, count) {
    var self = this;
    if (!this.list) {
      return;
    }
    var properties = feature.properties || {};
    if (isCluster) {
      var item = document.createElement("li");
      item.dataset.key = key;
      var button = textElement("button", this.clusterLabel(feature, count), "button button--link");
      button.type = "button";
      button.addEventListener("click", function () { self.zoomInto(feature); });
      item.appendChild(button);
      this.list.appendChild(item);
      return;
    }
    (properties.makers || [properties]).forEach(function (maker) {
      var entry = document.createElement("li");
      entry.dataset.key = key;
      var link = textElement("a", maker.name || "", "");
      link.href = maker.url || "#";
      entry.appendChild(link);
      if (maker.commune) {
        entry.appendChild(document.createTextNode(" — " + maker.commune));
      }
      self.list.appendChild(entry);
    });
  };

  // Where the keyboard focus is before a redraw: on a marker or in the list.
  DiscoveryMap.prototype.focusState = function () {
    var active = document.activeElement;
    var state = {};
    if (!active || active === document.body) {
      return state;
    }
    var icon = active.closest(".leaflet-marker-icon");
    if (icon && this.element.contains(icon)) {
      state.markerKey = icon.dataset.key;
    }
    var entry = this.list && this.list.contains(active) && active.closest("li");
    if (entry) {
      state.listKey = entry.dataset.key;
    }
    return state;
  };

  // When the focused marker went (a cluster that opened into its makers), the focus goes to
  // the first marker; in the list, rebuilt each time, to the same entry or the first one.
  DiscoveryMap.prototype.restoreFocus = function (state) {
    var lost = !document.activeElement || document.activeElement === document.body;
    if (state.markerKey && lost) {
      var marker = this.markers[Object.keys(this.markers)[0]];
      if (marker && marker.getElement()) {
        window.Localiste.focusQuietly(marker);
      } else {
        this.element.focus({ preventScroll: true });
      }
    }
    if (state.listKey && this.list) {
      var entry = this.list.querySelector('li[data-key="' + state.listKey + '"]') ||
        this.list.querySelector("li");
      var target = entry && entry.querySelector("a, button");
      (target || this.list.closest("details").querySelector("summary")).focus();
    }
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
