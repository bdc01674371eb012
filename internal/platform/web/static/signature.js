// Bogda (博格达) — signature pads. A <canvas data-signature-for="NAME">
// inside a form takes a finger, pen or mouse; when the form is submitted
// the drawing goes into the form's hidden input NAME as a PNG data URL.
// An untouched pad sends nothing. A button data-signature-clear="CANVAS_ID"
// wipes its pad.
(function () {
  "use strict";

  function setup(canvas) {
    if (canvas.hasAttribute("data-signature-ready")) return;
    canvas.setAttribute("data-signature-ready", "");
    var ctx = canvas.getContext("2d");
    ctx.lineWidth = 3;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.strokeStyle = "#111";
    var drawing = false;

    function point(ev) {
      var r = canvas.getBoundingClientRect();
      return { x: (ev.clientX - r.left) * canvas.width / r.width, y: (ev.clientY - r.top) * canvas.height / r.height };
    }
    canvas.addEventListener("pointerdown", function (ev) {
      drawing = true;
      try {
        canvas.setPointerCapture(ev.pointerId); // keep the stroke when the finger leaves the pad
      } catch (e) {
        // no capture for this pointer: the stroke ends at the edge
      }
      var p = point(ev);
      ctx.beginPath();
      ctx.moveTo(p.x, p.y);
      ev.preventDefault();
    });
    canvas.addEventListener("pointermove", function (ev) {
      if (!drawing) return;
      var p = point(ev);
      ctx.lineTo(p.x, p.y);
      ctx.stroke();
      canvas.setAttribute("data-signed", "");
      ev.preventDefault();
    });
    ["pointerup", "pointercancel", "pointerleave"].forEach(function (t) {
      canvas.addEventListener(t, function () { drawing = false; });
    });
  }

  function setupAll(root) {
    root.querySelectorAll("canvas[data-signature-for]").forEach(setup);
  }

  document.addEventListener("click", function (ev) {
    var btn = ev.target instanceof Element ? ev.target.closest("[data-signature-clear]") : null;
    if (!btn) return;
    var canvas = document.getElementById(btn.getAttribute("data-signature-clear"));
    if (!canvas) return;
    canvas.getContext("2d").clearRect(0, 0, canvas.width, canvas.height);
    canvas.removeAttribute("data-signed");
  });

  // Capture phase: the drawing is in the form before app.js guards the
  // submission and before htmx reads the form.
  window.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!(form instanceof HTMLFormElement)) return;
    form.querySelectorAll("canvas[data-signature-for]").forEach(function (canvas) {
      var input = form.querySelector('input[name="' + canvas.getAttribute("data-signature-for") + '"]');
      if (input) input.value = canvas.hasAttribute("data-signed") ? canvas.toDataURL("image/png") : "";
    });
  }, true);

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setupAll(document); });
  } else {
    setupAll(document);
  }
  document.addEventListener("htmx:afterSettle", function () { setupAll(document); });
})();
