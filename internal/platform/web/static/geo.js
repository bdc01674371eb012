// Bogda (博格达) — "use my location" for forms with a map point. A button
// marked data-geolocate inside a form fills the form's lat and lng inputs
// from the device (an inspector's or a reporter's phone). The browser asks
// the user first; it works on HTTPS or localhost, as browsers require. The
// result is written to data-geolocate-state ("ok", "denied", "unavailable")
// so that the page's own styles and tests can show it.
(function () {
  "use strict";
  document.addEventListener("click", function (ev) {
    var btn = ev.target instanceof Element ? ev.target.closest("[data-geolocate]") : null;
    if (!btn) return;
    ev.preventDefault();
    var form = btn.closest("form");
    var lat = form && form.querySelector("input[name=lat]");
    var lng = form && form.querySelector("input[name=lng]");
    if (!lat || !lng || !navigator.geolocation) {
      btn.setAttribute("data-geolocate-state", "unavailable");
      return;
    }
    btn.setAttribute("data-geolocate-state", "asking");
    navigator.geolocation.getCurrentPosition(function (pos) {
      lat.value = pos.coords.latitude.toFixed(6);
      lng.value = pos.coords.longitude.toFixed(6);
      btn.setAttribute("data-geolocate-state", "ok");
    }, function (err) {
      btn.setAttribute("data-geolocate-state", err && err.code === 1 ? "denied" : "unavailable");
    }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  });
})();
