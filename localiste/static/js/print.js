/* The "Print" button of posters and sticker sheets (hidden without JavaScript: use the
 * browser's own print command then). */
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
