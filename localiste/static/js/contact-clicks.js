// Counts clicks on a maker's phone and website links with one beacon each. Without this
// script the links' own `ping` attribute counts them (where the browser sends pings); with
// it the beacon replaces the ping, so that a click is never counted twice and browsers that
// disable pings (Firefox) count too. No cookie, nothing about the visitor; the link is
// followed as a plain link either way.
(function () {
  "use strict";
  if (!navigator.sendBeacon) return;
  var links = document.querySelectorAll("a[data-count-url]");
  for (var i = 0; i < links.length; i++) links[i].removeAttribute("ping");
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-count-url]");
    if (link) navigator.sendBeacon(link.getAttribute("data-count-url"));
  });
})();
