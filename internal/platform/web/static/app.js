// Bogda (博格达) — the little script every page loads. The CSP allows no
// inline script and no on*= attributes, so behaviour is declared in markup
// with data- attributes and wired here:
//   data-confirm="…"   on a button, link or form: ask before going on
//   data-print         on a button: print the page (notices, reports)
// It also guards POST forms against double submission, marks and focuses
// the first field with an error, and lets htmx show the server's error
// pages and rejected forms (htmx 2 drops 4xx/5xx responses by default).
// Everything works without htmx; nothing here is needed to read a page.
(function () {
  "use strict";

  // Ask before a destructive action. Capture phase on window runs before
  // htmx's own listeners, so a "no" stops boosted requests too.
  window.addEventListener("click", function (ev) {
    var el = ev.target instanceof Element ? ev.target.closest("[data-confirm]") : null;
    if (!el || el.tagName === "FORM") return;
    if (!window.confirm(el.getAttribute("data-confirm"))) {
      ev.preventDefault();
      ev.stopImmediatePropagation();
    } else {
      el.setAttribute("data-confirmed", "");
    }
  }, true);

  window.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!(form instanceof HTMLFormElement)) return;
    var by = ev.submitter;
    // A form-level question, unless the button pressed already asked.
    if (form.hasAttribute("data-confirm") && !(by && by.hasAttribute("data-confirmed"))) {
      if (!window.confirm(form.getAttribute("data-confirm"))) {
        ev.preventDefault();
        ev.stopImmediatePropagation();
        return;
      }
    }
    if (by) by.removeAttribute("data-confirmed");
    guardDoubleSubmit(form, ev);
  }, true);

  // A second click while a POST is on its way would create the record twice.
  // The buttons are disabled after this event has been handled (disabling
  // the pressed button at once would drop its name=value from the form).
  // GET forms (search, filters, Excel export) are harmless to repeat and a
  // download never reloads the page, so they are left alone.
  function guardDoubleSubmit(form, ev) {
    if ((form.getAttribute("method") || "get").toLowerCase() !== "post") return;
    if (form.hasAttribute("data-submitting")) {
      ev.preventDefault();
      ev.stopImmediatePropagation();
      return;
    }
    form.setAttribute("data-submitting", "");
    window.setTimeout(function () {
      form.querySelectorAll("button, input[type=submit]").forEach(function (b) {
        if (!b.disabled) {
          b.disabled = true;
          b.setAttribute("data-guard", "");
        }
      });
    }, 0);
    // Never leave a form dead: if no answer replaced the page in time
    // (network error, a file download), allow another try.
    window.setTimeout(function () { release(form); }, 10000);
  }

  function release(form) {
    form.removeAttribute("data-submitting");
    form.querySelectorAll("[data-guard]").forEach(function (b) {
      b.disabled = false;
      b.removeAttribute("data-guard");
    });
  }

  function releaseAll() {
    document.querySelectorAll("form[data-submitting]").forEach(release);
  }
  // Back/forward cache restores the page as it was left: buttons disabled.
  window.addEventListener("pageshow", releaseAll);
  document.addEventListener("htmx:afterRequest", releaseAll);

  document.addEventListener("click", function (ev) {
    var el = ev.target instanceof Element ? ev.target.closest("[data-print]") : null;
    if (el) {
      ev.preventDefault();
      window.print();
    }
  });

  // Mark every field whose .field-error has text as invalid, for screen
  // readers and the stylesheet, and put the cursor in the first one.
  function markErrors(root) {
    var first = null;
    root.querySelectorAll(".field-error").forEach(function (err) {
      if (!err.textContent.trim()) return;
      var field = err.closest(".field");
      var input = field && field.querySelector("input:not([type=hidden]), select, textarea");
      if (!input) return;
      input.setAttribute("aria-invalid", "true");
      if (err.id) input.setAttribute("aria-describedby", err.id);
      if (!first) first = input;
    });
    if (!first) first = root.querySelector("[aria-invalid=true]");
    if (first) {
      first.focus();
      return;
    }
    var summary = root.querySelector(".errors");
    if (summary) {
      summary.setAttribute("tabindex", "-1");
      summary.focus();
    }
  }

  // Each line of the error summary names its field with the field's own
  // label (already in the page's language) and, clicked, puts the cursor
  // in that field. Lines whose field is not on the page stay as they are.
  function linkSummary(root) {
    root.querySelectorAll(".errors li[data-field]").forEach(function (li) {
      if (li.hasAttribute("data-linked")) return;
      li.setAttribute("data-linked", "");
      var name = li.getAttribute("data-field");
      var input = null;
      root.querySelectorAll("form [name]").forEach(function (el) {
        if (!input && el.getAttribute("name") === name && el.type !== "hidden") input = el;
      });
      if (!input) return;
      var label = input.id ? root.querySelector('label[for="' + input.id + '"]') : null;
      var text = label ? label.textContent.trim() : "";
      var a = document.createElement("a");
      a.href = "#" + (input.id || "");
      var sep = document.documentElement.lang === "en" ? ": " : "：";
      a.textContent = (text ? text + sep : "") + li.textContent;
      a.addEventListener("click", function (ev) {
        ev.preventDefault();
        input.focus();
      });
      li.textContent = "";
      li.appendChild(a);
    });
  }

  // A module's tabs (.subnav) scroll sideways on a phone; bring the current
  // tab into view so that the reader sees where they are. Only the row
  // scrolls, never the page.
  function showCurrentTab(root) {
    root.querySelectorAll(".subnav").forEach(function (nav) {
      var cur = nav.querySelector("[aria-current]");
      if (!cur || nav.scrollWidth <= nav.clientWidth) return;
      nav.scrollLeft = cur.offsetLeft - nav.offsetLeft - (nav.clientWidth - cur.offsetWidth) / 2;
    });
  }

  function onLoad() {
    linkSummary(document);
    markErrors(document);
    showCurrentTab(document);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onLoad);
  } else {
    onLoad();
  }
  document.addEventListener("htmx:afterSettle", function (ev) {
    var root = ev.target instanceof Element ? ev.target : document;
    linkSummary(document);
    markErrors(root);
    showCurrentTab(document);
  });

  // htmx 2 swaps no 4xx/5xx answer by default; Bogda answers a rejected form
  // with the form and its errors (400/422) and a missing or forbidden record
  // with an error page, both as HTML meant to be shown.
  document.addEventListener("htmx:beforeSwap", function (ev) {
    var d = ev.detail;
    var xhr = d.xhr;
    if (!xhr || xhr.status < 400) return;
    if (!/^text\/html/.test(xhr.getResponseHeader("Content-Type") || "")) return;
    d.shouldSwap = true;
    d.isError = false;
    // A full page (the error page) answering a request that targeted part
    // of the page replaces the whole body, not the small target.
    if (!d.boosted && /^\s*<!doctype html/i.test(xhr.responseText)) {
      d.target = document.body;
      d.swapOverride = "innerHTML";
      d.selectOverride = "unset";
    }
  });
})();
