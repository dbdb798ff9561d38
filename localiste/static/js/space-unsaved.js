/* The maker space: a warning before leaving a step's page whose form was changed by any other
 * way than its own buttons (a menu link, closing the tab). The step tabs are submit buttons of
 * the form, so they save and never warn; without JavaScript they alone keep what was typed. */
(function () {
  "use strict";

  var form = document.getElementById("step-form");
  if (!form) {
    return;
  }
  // A page shown again after a post that saved nothing (errors, a conflict) starts changed.
  var script = document.currentScript;
  var changed = Boolean(script && script.hasAttribute("data-form-unsaved"));
  function markChanged() {
    changed = true;
  }
  form.addEventListener("input", markChanged);
  form.addEventListener("change", markChanged);
  form.addEventListener("submit", function () {
    changed = false;
  });
  window.addEventListener("beforeunload", function (event) {
    if (changed) {
      event.preventDefault();
      event.returnValue = ""; // older browsers need a value to ask
    }
  });
})();
