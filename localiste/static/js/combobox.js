/* Suggestions as you type: an ARIA 1.2 combobox with a listbox popup for each text input
 * marked data-combobox ("q": categories and makers, "lieu": places), filled from the JSON of
 * its data-autocomplete URL ({"makers": [{label}], "categories": [{label}], "places":
 * [{label, value}]}). Up/Down move through the suggestions, Enter takes one, Escape closes;
 * a click takes one too. Taking one fills the input, then submits the form when the input
 * has data-combobox-submit, else sends a "change" (the search form follows its changes).
 * The number of suggestions is announced in a polite status. Without this script the
 * inputs are plain text inputs. */
(function () {
  "use strict";

  var MIN_LENGTH = 2;
  var DELAY_MS = 200;
  var states = new WeakMap();

  function entriesFrom(kind, found, input) {
    if (kind === "lieu") {
      return (found.places || []).map(function (place) {
        return { text: place.value || place.label, value: place.value || place.label };
      });
    }
    var categories = (found.categories || []).map(function (category) {
      return { text: category.label, value: category.label, hint: input.dataset.labelCategory };
    });
    var makers = (found.makers || []).map(function (maker) {
      return { text: maker.label, value: maker.label, hint: input.dataset.labelMaker };
    });
    return categories.concat(makers);
  }

  function labelId(input) {
    var label = input.id && document.querySelector('label[for="' + input.id + '"]');
    if (!label) {
      return null;
    }
    if (!label.id) {
      label.id = input.id + "-label";
    }
    return label.id;
  }

  function setup(input) {
    var state = states.get(input);
    if (state) {
      return state;
    }
    var listId = input.id + "-listbox";
    // A page restored from history may already hold the listbox this input controls.
    var listbox = document.getElementById(listId);
    if (!listbox) {
      listbox = document.createElement("ul");
      listbox.id = listId;
      listbox.className = "combobox__listbox";
      listbox.setAttribute("role", "listbox");
      input.insertAdjacentElement("afterend", listbox);
    }
    listbox.hidden = true;
    listbox.replaceChildren();
    var labelledBy = labelId(input);
    if (labelledBy) {
      listbox.setAttribute("aria-labelledby", labelledBy);
    }
    var status = document.getElementById(input.id + "-status");
    if (!status) {
      status = document.createElement("p");
      status.id = input.id + "-status";
      status.className = "visually-hidden";
      status.setAttribute("role", "status");
      listbox.insertAdjacentElement("afterend", status);
    }
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.removeAttribute("aria-activedescendant");
    state = {
      input: input,
      listbox: listbox,
      status: status,
      entries: [],
      active: -1,
      timer: null,
      asked: "",
      cache: new Map(),
    };
    states.set(input, state);
    return state;
  }

  function setupAll(root) {
    (root || document).querySelectorAll("input[data-combobox][data-autocomplete]").forEach(setup);
  }

  function isOpen(state) {
    return !state.listbox.hidden;
  }

  function close(state) {
    state.listbox.hidden = true;
    state.active = -1;
    state.input.setAttribute("aria-expanded", "false");
    state.input.removeAttribute("aria-activedescendant");
  }

  function open(state) {
    if (!state.entries.length) {
      return;
    }
    state.listbox.hidden = false;
    state.input.setAttribute("aria-expanded", "true");
  }

  function highlight(state, index) {
    state.active = index;
    Array.prototype.forEach.call(state.listbox.children, function (option, position) {
      option.setAttribute("aria-selected", String(position === index));
    });
    var option = state.listbox.children[index];
    if (option) {
      state.input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    } else {
      state.input.removeAttribute("aria-activedescendant");
    }
  }

  function render(state, entries) {
    state.entries = entries;
    state.active = -1;
    state.listbox.replaceChildren();
    entries.forEach(function (entry, index) {
      var option = document.createElement("li");
      option.id = state.input.id + "-option-" + index;
      option.className = "combobox__option";
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.dataset.index = String(index);
      option.textContent = entry.text;
      if (entry.hint) {
        var hint = document.createElement("span");
        hint.className = "combobox__hint";
        hint.textContent = entry.hint;
        option.append(" ", hint);
      }
      state.listbox.appendChild(option);
    });
    state.input.removeAttribute("aria-activedescendant");
    var template = state.input.dataset.labelCount || "%(count)s";
    state.status.textContent = entries.length
      ? template.replace("%(count)s", String(entries.length))
      : "";
    if (entries.length && document.activeElement === state.input) {
      open(state);
    } else {
      close(state);
    }
  }

  function ask(state) {
    var text = state.input.value.trim();
    clearTimeout(state.timer);
    if (text.length < MIN_LENGTH) {
      state.asked = text;
      render(state, []);
      return;
    }
    if (state.cache.has(text)) {
      state.asked = text;
      render(state, state.cache.get(text));
      return;
    }
    state.timer = setTimeout(function () {
      state.asked = text;
      var url = state.input.dataset.autocomplete + "?q=" + encodeURIComponent(text);
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (found) {
          if (!found) {
            return;
          }
          var entries = entriesFrom(state.input.dataset.combobox, found, state.input);
          state.cache.set(text, entries);
          // An answer to an older question than the input's is dropped.
          if (state.asked === text && state.input.value.trim() === text) {
            render(state, entries);
          }
        })
        .catch(function () {});
    }, DELAY_MS);
  }

  function choose(state, index) {
    var entry = state.entries[index];
    if (!entry) {
      return;
    }
    state.input.value = entry.value;
    close(state);
    state.choosing = true;
    state.input.dispatchEvent(new Event("input", { bubbles: true }));
    state.choosing = false;
    state.entries = [];
    state.listbox.replaceChildren();
    if ("comboboxSubmit" in state.input.dataset && state.input.form) {
      state.input.form.requestSubmit();
    } else {
      state.input.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }

  function comboboxOf(target) {
    var input = target.closest && target.closest("input[data-combobox][data-autocomplete]");
    return input ? setup(input) : null;
  }

  document.addEventListener("input", function (event) {
    var state = comboboxOf(event.target);
    if (state && !state.choosing) {
      ask(state);
    }
  });

  document.addEventListener("keydown", function (event) {
    var state = comboboxOf(event.target);
    if (!state || event.isComposing) {
      return;
    }
    var count = state.entries.length;
    switch (event.key) {
      case "ArrowDown":
      case "ArrowUp":
        event.preventDefault();
        if (!count) {
          ask(state);
          return;
        }
        if (!isOpen(state)) {
          open(state);
          if (event.altKey) {
            return;
          }
        }
        if (event.key === "ArrowDown") {
          highlight(state, state.active + 1 >= count ? 0 : state.active + 1);
        } else {
          highlight(state, state.active <= 0 ? count - 1 : state.active - 1);
        }
        break;
      case "Enter":
        if (isOpen(state) && state.active >= 0) {
          event.preventDefault();
          choose(state, state.active);
        } else {
          close(state);
        }
        break;
      case "Escape":
        if (isOpen(state)) {
          event.preventDefault();
          event.stopPropagation();
          close(state);
        }
        break;
      case "Tab":
        close(state);
        break;
    }
  });

  // A form sent while suggestions are on their way: they would only hide the results.
  document.addEventListener("submit", function (event) {
    event.target.querySelectorAll("input[data-combobox][data-autocomplete]").forEach(function (input) {
      var state = states.get(input);
      if (state) {
        clearTimeout(state.timer);
        state.asked = null;
        close(state);
      }
    });
  }, true);

  // The input keeps the focus while the pointer picks a suggestion.
  document.addEventListener("mousedown", function (event) {
    if (event.target.closest && event.target.closest(".combobox__listbox")) {
      event.preventDefault();
    }
  });

  document.addEventListener("click", function (event) {
    var option = event.target.closest && event.target.closest(".combobox__option");
    var input = option && document.querySelector('[aria-controls="' + option.parentNode.id + '"]');
    if (input) {
      choose(setup(input), Number(option.dataset.index));
    }
  });

  document.addEventListener("focusout", function (event) {
    var state = comboboxOf(event.target);
    if (state) {
      close(state);
    }
  });

  // Before htmx saves the page for the back button, and after it brings one back.
  document.addEventListener("htmx:beforeHistorySave", function () {
    document.querySelectorAll("input[data-combobox]").forEach(function (input) {
      var state = states.get(input);
      if (state) {
        close(state);
        state.listbox.replaceChildren();
      }
    });
  });
  document.addEventListener("htmx:historyRestore", function () { setupAll(document); });
  document.addEventListener("htmx:load", function (event) { setupAll(event.target); });

  setupAll(document);
})();
