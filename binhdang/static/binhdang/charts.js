/* binhdang charts: every <canvas data-chart="ID"> is drawn with Chart.js (vendored,
   static/vendor/chartjs) from the JSON in <script type="application/json" id="ID">.
   No inline script (CSP). Each chart has its data table in the page beside it; this file
   only draws, links a click on a bar to its drill-down page and offers a PNG and an SVG
   download (the SVG: Chart.js draws the same config once more into canvas2svg's context,
   static/vendor/canvas2svg; docs/decisions/0321). */
(function () {
  "use strict";
  var COLORS = { F: "#b3261e", M: "#0b5cad", T: "#3d4a60", done: "#1e7d3a", on_track: "#0b5cad", late: "#b3261e" };
  var PALETTE = ["#0b5cad", "#b3261e", "#1e7d3a", "#a15c00", "#5b3e96"];

  function color(series, i) { return COLORS[series.key] || PALETTE[i % PALETTE.length]; }

  // A vertical dashed line at one label (the deadline, the 2025 series break) and a
  // horizontal one at a value (parity, the number of reports expected).
  var markers = {
    id: "binhdangMarkers",
    afterDatasetsDraw: function (chart) {
      var spec = chart.config.options.plugins.binhdangMarkers || {};
      var ctx = chart.ctx, area = chart.chartArea, x = chart.scales.x, y = chart.scales.y;
      ctx.save();
      ctx.setLineDash([6, 4]);
      ctx.lineWidth = 2;
      ctx.font = "12px system-ui, sans-serif";
      if (spec.marker && x) {
        var idx = chart.data.labels.indexOf(spec.marker);
        if (idx >= 0) {
          var px = x.getPixelForValue(idx);
          ctx.strokeStyle = "#a15c00";
          ctx.beginPath(); ctx.moveTo(px, area.top); ctx.lineTo(px, area.bottom); ctx.stroke();
          ctx.fillStyle = "#7a4500";
          var right = px > (area.left + area.right) / 2;
          ctx.textAlign = right ? "right" : "left";
          var room = right ? px - area.left - 8 : area.right - px - 8;
          ctx.fillText(spec.markerLabel || "", px + (right ? -4 : 4), area.top + 12, Math.max(room, 40));
        }
      }
      if (spec.level !== undefined && spec.level !== null) {
        var scale = spec.horizontal ? x : y;
        if (scale) {
          var p = scale.getPixelForValue(spec.level);
          ctx.strokeStyle = "#1d2433";
          ctx.beginPath();
          if (spec.horizontal) { ctx.moveTo(p, area.top); ctx.lineTo(p, area.bottom); }
          else { ctx.moveTo(area.left, p); ctx.lineTo(area.right, p); }
          ctx.stroke();
          ctx.fillStyle = "#1d2433";
          if (spec.horizontal) { ctx.textAlign = "right"; ctx.fillText(spec.levelLabel || "", p - 4, area.bottom - 4); }
          else { ctx.textAlign = "left"; ctx.fillText(spec.levelLabel || "", area.left + 4, p - 4); }
        }
      }
      ctx.restore();
    }
  };

  function config(data) {
    var horizontal = data.type === "share" || data.type === "stacked";
    var line = data.type === "curve" || data.type === "trend";
    var datasets = data.series.map(function (s, i) {
      var c = color(s, i);
      return {
        label: s.label, data: s.data, backgroundColor: c, borderColor: c,
        borderWidth: line ? 2 : 0, pointRadius: data.type === "trend" ? 3 : 0, spanGaps: data.type === "trend" ? false : true,
        stepped: data.type === "curve" ? "before" : false, fill: false
      };
    });
    var options = {
      responsive: true, maintainAspectRatio: false, animation: false,
      indexAxis: horizontal ? "y" : "x",
      plugins: {
        legend: { display: data.series.length > 1, position: "bottom" },
        binhdangMarkers: {
          marker: data.marker, markerLabel: data.markerLabel,
          level: data.level !== undefined ? data.level : (data.parity !== undefined ? data.parity : data.expected),
          levelLabel: data.level !== undefined ? data.levelLabel : (data.parity !== undefined ? data.parityLabel : data.expectedLabel),
          horizontal: horizontal
        },
        tooltip: data.titles ? { callbacks: { title: function (items) { return data.titles[items[0].dataIndex]; } } } : {}
      },
      scales: {
        x: { stacked: data.type === "stacked", beginAtZero: true, ticks: { autoSkip: true, maxRotation: 60 } },
        y: { stacked: data.type === "stacked", beginAtZero: true, ticks: { autoSkip: !horizontal } }
      }
    };
    if (data.type === "share") { options.scales.x.max = 100; }
    if (data.type === "curve" && data.expected) { options.scales.y.suggestedMax = data.expected; }
    if (data.level !== undefined && data.level !== null) { options.scales.y.suggestedMax = data.level * 1.1; }
    return { type: line ? "line" : "bar", data: { labels: data.labels, datasets: datasets }, options: options, plugins: [markers] };
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source || typeof window.Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    if (!data.labels || !data.labels.length) { canvas.closest("figure").classList.add("chart-empty"); return; }
    var box = canvas.parentNode;
    var rows = data.labels.length;
    if (data.type === "share" || data.type === "stacked") box.style.height = Math.max(200, 40 + rows * 28) + "px";
    var cfg = config(data);
    var link = canvas.getAttribute("data-link");
    if (link && data.links) {
      cfg.options.onClick = function (event, elements) {
        if (!elements.length) return;
        var target = data.links[elements[0].index];
        if (target !== undefined && target !== null) {
          window.location.href = link.replace("__ID__", encodeURIComponent(target));
        }
      };
      cfg.options.onHover = function (event, elements) {
        event.native.target.style.cursor = elements.length ? "pointer" : "default";
      };
    }
    var chart = new window.Chart(canvas, cfg);
    var png = document.querySelector('.chart-png[data-for="' + canvas.id + '"]');
    if (png) {
      png.addEventListener("click", function () { png.href = chart.toBase64Image("image/png", 1); });
    }
    var svg = document.querySelector('.chart-svg[data-for="' + canvas.id + '"]');
    if (svg) {
      if (typeof window.C2S === "undefined") { svg.hidden = true; }
      else {
        svg.addEventListener("click", function () {
          var url = svgUrl(data, canvas.clientWidth || 640, box.clientHeight || 320, svg.getAttribute("data-title"));
          if (svg.href && svg.href.indexOf("blob:") === 0) URL.revokeObjectURL(svg.href);
          svg.href = url;
        });
      }
    }
    canvas.setAttribute("data-drawn", "1");
  }

  // The chart as a standalone SVG file: the same config drawn by Chart.js into canvas2svg's
  // recording context (no animation, no DOM platform), on a white background, with the
  // chart's title as <title> (text stays text, so the Vietnamese labels and figures are
  // searchable and exact). Dashes are kept as stroke-dasharray.
  function svgUrl(data, width, height, title) {
    var ctx = new window.C2S({ width: width, height: height });
    ctx.getContext = function () { return ctx; };
    ctx.resetTransform = function () { ctx.setTransform(1, 0, 0, 1, 0, 0); };
    var dash = [];
    ctx.setLineDash = function (d) { dash = d || []; };
    ctx.getLineDash = function () { return dash; };
    // canvas2svg 1.0.16 moves the clip path into <defs> before writing its outline (an empty
    // clip hides every bar): write it first.
    var clip = ctx.clip;
    ctx.clip = function () { ctx.__applyCurrentDefaultPath(); clip.apply(ctx, arguments); };
    var stroke = ctx.stroke;
    ctx.stroke = function () {
      stroke.apply(ctx, arguments);
      if (dash.length && ctx.__currentElement) ctx.__currentElement.setAttribute("stroke-dasharray", dash.join(","));
    };
    var cfg = config(data);
    cfg.options.responsive = false;
    cfg.options.devicePixelRatio = 1;
    cfg.options.events = [];
    cfg.platform = window.Chart.BasicPlatform;
    // Lines are stroked from a cached Path2D, which canvas2svg cannot read; with segment
    // options Chart.js draws them with moveTo/lineTo instead (same points).
    cfg.data.datasets.forEach(function (d) { d.segment = {}; });
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, width, height);
    var chart = new window.Chart(ctx, cfg);
    var text = ctx.getSerializedSvg(true);
    chart.destroy();
    // <title> is the caption, <desc> the figures as the table beside the chart gives them.
    var rows = data.labels.map(function (label, i) {
      return label + ": " + data.series.map(function (s) {
        var v = s.data[i];
        return (data.series.length > 1 ? s.label + " " : "") + (v === null || v === undefined ? "—" : v);
      }).join(", ");
    });
    text = text.replace(/(<svg[^>]*>)/, "$1<title>" + escapeXml(title || "") + "</title><desc>" + escapeXml(rows.join("; ")) + "</desc>");
    return URL.createObjectURL(new Blob([text], { type: "image/svg+xml;charset=utf-8" }));
  }

  function escapeXml(value) {
    return String(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function start() {
    // Chart.js's default family quotes names with ' which canvas2svg's font parser refuses;
    // the same fonts with " parse in both.
    if (window.Chart) window.Chart.defaults.font.family = '"Helvetica Neue", Helvetica, Arial, sans-serif';
    var canvases = document.querySelectorAll("canvas[data-chart]");
    for (var i = 0; i < canvases.length; i++) draw(canvases[i]);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
