// Bogda (博格达) — charts. Pages that show a chart load ECharts (embedded,
// never a CDN) and this file in their "head" block, and declare the chart
// in markup, since the CSP allows no inline script:
//
//   <div class="chart" data-chart-src="/api/v1/…"      JSON array of points
//        data-chart-x="month"                           field for the x axis
//        data-chart-series='[{"field":"year_to_date","name":"…","type":"bar"}, …]'
//        data-chart-unit="万元"></div>
//
// Values may be numbers or decimal strings (amounts are exact decimal
// strings in the API). Charts start on load and after htmx swaps.
(function () {
  "use strict";

  function num(v) {
    if (v === null || v === undefined || v === "") return null;
    var n = typeof v === "number" ? v : parseFloat(String(v).replace(/,/g, ""));
    return isNaN(n) ? null : n;
  }

  function draw(el) {
    if (el.hasAttribute("data-chart-ready") || typeof window.echarts === "undefined") return;
    el.setAttribute("data-chart-ready", "");
    var series;
    try {
      series = JSON.parse(el.getAttribute("data-chart-series") || "[]");
    } catch (e) {
      return;
    }
    var xField = el.getAttribute("data-chart-x") || "x";
    var unit = el.getAttribute("data-chart-unit") || "";
    fetch(el.getAttribute("data-chart-src"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (res) { return res.ok ? res.json() : Promise.reject(res.status); })
      .then(function (points) {
        if (!Array.isArray(points)) points = points.items || [];
        var chart = window.echarts.init(el, null, {
          renderer: "svg",
          locale: document.documentElement.lang === "en" ? "EN" : "ZH"
        });
        chart.setOption({
          animation: false,
          tooltip: { trigger: "axis" },
          legend: { top: 0, type: "scroll" },
          grid: { left: 56, right: 16, top: 40, bottom: 32 },
          xAxis: { type: "category", data: points.map(function (p) { return p[xField]; }) },
          yAxis: { type: "value", name: unit },
          series: series.map(function (s) {
            return {
              name: s.name,
              type: s.type || "line",
              data: points.map(function (p) { return num(p[s.field]); })
            };
          })
        });
        el.setAttribute("data-chart-drawn", String(points.length));
        window.addEventListener("resize", function () { chart.resize(); });
      })
      .catch(function () {
        el.setAttribute("data-chart-error", "");
      });
  }

  function drawAll(root) {
    (root || document).querySelectorAll("[data-chart-src]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { drawAll(); });
  } else {
    drawAll();
  }
  document.addEventListener("htmx:afterSwap", function (ev) { drawAll(ev.target); });
})();
