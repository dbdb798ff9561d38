/* The address step: town suggestions from the gazetteer, and a pin the maker can drag.
 * The pin only fills the hidden latitude/longitude fields (and pin_moved); without
 * JavaScript the server places the workshop at the address or the town's centre. */
(function () {
  "use strict";

  var form = document.querySelector("form[data-places-url]");
  if (!form) {
    return;
  }

  // Town suggestions in a <datalist>.
  var town = form.querySelector("input[name=locality]");
  var postcode = form.querySelector("input[name=postcode]");
  var list = document.getElementById("place-suggestions");
  var timer = null;
  if (town && list && window.fetch) {
    town.addEventListener("input", function () {
      window.clearTimeout(timer);
      var query = town.value.trim();
      if (query.length < 2) {
        return;
      }
      timer = window.setTimeout(function () {
        fetch(form.dataset.placesUrl + "?q=" + encodeURIComponent(query), {
          credentials: "same-origin",
        })
          .then(function (response) {
            return response.json();
          })
          .then(function (data) {
            list.replaceChildren();
            data.places.forEach(function (place) {
              var option = document.createElement("option");
              option.value = place.name;
              option.label = place.postcode ? place.name + " (" + place.postcode + ")" : place.name;
              option.dataset.postcode = place.postcode;
              list.appendChild(option);
            });
          })
          .catch(function () {});
      }, 250);
    });
    town.addEventListener("change", function () {
      var chosen = Array.prototype.find.call(list.options, function (option) {
        return option.value === town.value;
      });
      if (chosen && postcode && !postcode.value && chosen.dataset.postcode) {
        postcode.value = chosen.dataset.postcode;
      }
    });
  }

  // The draggable pin.
  var element = form.querySelector(".pin-map");
  if (!element || !window.L || !window.Localiste) {
    return;
  }
  var lat = parseFloat(element.dataset.lat);
  var lon = parseFloat(element.dataset.lon);
  if (isNaN(lat) || isNaN(lon)) {
    return;
  }
  element.hidden = false;
  var map = window.Localiste.baseMap(element, { scrollWheelZoom: false }).setView([lat, lon], 15);
  var marker = window.L.marker([lat, lon], {
    draggable: true,
    autoPan: true,
    keyboard: true,
    title: element.dataset.markerLabel || "",
    alt: element.dataset.markerLabel || "",
    icon: window.L.divIcon({
      className: "pin-marker",
      html: '<span class="pin-marker__dot"></span>',
      iconSize: [28, 28],
      iconAnchor: [14, 28],
    }),
  }).addTo(map);
  marker.on("dragend", function () {
    var position = marker.getLatLng();
    form.querySelector("input[name=latitude]").value = position.lat.toFixed(6);
    form.querySelector("input[name=longitude]").value = position.lng.toFixed(6);
    form.querySelector("input[name=pin_moved]").value = "True";
    // A moved pin is a change to save, as typing is (space-unsaved.js warns before leaving).
    form.dispatchEvent(new Event("change"));
  });
})();
