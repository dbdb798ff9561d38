/* Live preview of Markdown fields: the server renders the text exactly as the public page
 * will (same sanitiser), a moment after the maker stops typing. Without JavaScript the
 * "Preview the text" button does the same through an ordinary form submission. */
(function () {
  "use strict";

  var form = document.querySelector("form[data-preview-url]");
  if (!form || !window.fetch) {
    return;
  }
  document.documentElement.classList.add("js");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;

  function render(textarea) {
    var target = document.getElementById("preview-" + textarea.dataset.markdownPreview);
    if (!target) {
      return;
    }
    var body = new FormData();
    body.append("text", textarea.value);
    fetch(form.dataset.previewUrl, {
      method: "POST",
      body: body,
      headers: { "X-CSRFToken": token },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.ok ? response.text() : Promise.reject(response.status);
      })
      .then(function (html) {
        // The server's sanitiser (nh3) made this HTML safe; it is the public page's HTML.
        target.querySelector(".markdown-preview__body").innerHTML = html;
        target.hidden = textarea.value.trim() === "";
      })
      .catch(function () {});
  }

  form.querySelectorAll("textarea[data-markdown-preview]").forEach(function (textarea) {
    var timer = null;
    textarea.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        render(textarea);
      }, 400);
    });
    if (textarea.value.trim()) {
      render(textarea);
    }
  });
})();
