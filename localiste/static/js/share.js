/* Share buttons that need a browser feature: the system share sheet (Web Share API) where the
 * browser has it, and copying a link or a code to the clipboard. Both stay hidden without
 * JavaScript; the plain links and the selectable field work everywhere. */
(function () {
  "use strict";

  function announce(button, text) {
    var status = document.querySelector(".share__status");
    if (status) {
      status.textContent = text;
    }
    button.setAttribute("data-done", "");
  }

  if (navigator.share) {
    document.querySelectorAll("[data-share-native]").forEach(function (button) {
      button.closest(".share__native").hidden = false;
      button.addEventListener("click", function () {
        navigator.share({ title: button.dataset.shareTitle, url: button.dataset.shareUrl })
          .catch(function () { /* the visitor closed the share sheet */ });
      });
    });
  }

  if (navigator.clipboard) {
    document.querySelectorAll("[data-copy-from]").forEach(function (button) {
      var field = document.getElementById(button.dataset.copyFrom);
      if (!field) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(field.value).then(function () {
          announce(button, button.dataset.copied);
        }, function () {
          field.select();
        });
      });
    });
  }
})();
