// Draws the dashboard charts from the JSON in <script id="dash-charts" type="application/json">
// (written by json_script; no inline script, so the CSP holds). Chart.js is served from our own
// static files (vendor/). Every chart stays legible in grey: greys plus hatch patterns, dashed
// lines and distinct point shapes, and each bar carries its value as a direct label.
(function () {
  "use strict";
  const source = document.getElementById("dash-charts");
  if (!source || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  const greys = ["#262626", "#6b6b6b", "#a8a8a8", "#e0e0e0", "#4a4a4a"];
  const dashes = [[], [6, 4], [2, 3], [10, 3, 2, 3], [1, 1]];
  const points = ["circle", "rect", "triangle", "rectRot", "crossRot"];
  const noData = data.no_data || "—"; // "chưa có dữ liệu", translated on the server
  // Numbers in the page's language: a decimal comma in Vietnamese ("91,6%").
  const lang = document.documentElement.lang || "vi";
  const fmt = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  const num = (v) => fmt.format(v);

  function pattern(i) {
    // Hatching on top of the grey so neighbouring segments differ even on a poor printer.
    const size = 8;
    const c = document.createElement("canvas");
    c.width = size;
    c.height = size;
    const ctx = c.getContext("2d");
    ctx.fillStyle = greys[i % greys.length];
    ctx.fillRect(0, 0, size, size);
    ctx.strokeStyle = i < 2 ? "rgba(255,255,255,.55)" : "rgba(0,0,0,.45)";
    ctx.lineWidth = 1;
    ctx.beginPath();
    if (i === 1) { ctx.moveTo(0, size); ctx.lineTo(size, 0); }
    else if (i === 2) { ctx.moveTo(0, size / 2); ctx.lineTo(size, size / 2); }
    else if (i === 3) { ctx.arc(size / 2, size / 2, 1.2, 0, 2 * Math.PI); }
    ctx.stroke();
    return ctx.createPattern(c, "repeat");
  }

  // Writes each bar's value on or beside it (direct labels, not colour alone).
  const valueLabels = {
    id: "valueLabels",
    afterDatasetsDraw(chart) {
      if (chart.config.type !== "bar") return;
      const ctx = chart.ctx;
      const stacked = !!(chart.options.scales.x && chart.options.scales.x.stacked);
      ctx.save();
      ctx.font = "12px system-ui, sans-serif";
      ctx.textBaseline = "middle";
      chart.data.datasets.forEach((ds, di) => {
        chart.getDatasetMeta(di).data.forEach((bar, i) => {
          const v = ds.data[i];
          if (stacked) {
            if (!v) return;
            const w = Math.abs(bar.x - bar.base);
            if (w < 18) return;
            ctx.fillStyle = di < 2 ? "#fff" : "#000";
            ctx.textAlign = "center";
            ctx.fillText(num(v), (bar.x + bar.base) / 2, bar.y);
          } else {
            ctx.fillStyle = "#000";
            ctx.textAlign = "left";
            ctx.fillText(v === null || v === undefined ? noData : num(v) + "%", Math.max(bar.x, bar.base) + 4, bar.y);
          }
        });
      });
      ctx.restore();
    },
  };

  function config(kind, d) {
    const series = d.series || [];
    if (kind === "line") {
      return {
        type: "line",
        data: {
          labels: d.labels,
          datasets: series.map((s, i) => ({
            label: s.label,
            data: s.data,
            borderColor: greys[i % greys.length] === "#e0e0e0" ? "#8a8a8a" : greys[i % greys.length],
            backgroundColor: "#fff",
            borderDash: dashes[i % dashes.length],
            pointStyle: points[i % points.length],
            pointRadius: 5,
            borderWidth: 2,
            spanGaps: false,
          })),
        },
        options: {
          animation: false,
          locale: lang,
          responsive: true,
          maintainAspectRatio: false,
          scales: { y: { min: 0, max: d.max || undefined, ticks: { callback: (v) => num(v) + "%" } } },
          plugins: { legend: { position: "bottom", labels: { usePointStyle: true } } },
        },
      };
    }
    const stacked = kind === "stacked";
    return {
      type: "bar",
      data: {
        labels: d.labels,
        datasets: series.map((s, i) => ({
          label: s.label,
          data: s.data,
          backgroundColor: stacked ? pattern(i) : pattern(1),
          borderColor: "#000",
          borderWidth: 1,
        })),
      },
      options: {
        animation: false, // drawn at once: printing or a screenshot never catches a half-grown bar
        locale: lang,
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        layout: { padding: { right: stacked ? 8 : 70 } },
        scales: {
          x: { stacked, min: 0, max: stacked ? undefined : d.max || undefined, ticks: { precision: 0 } },
          y: { stacked, ticks: { autoSkip: false } },
        },
        plugins: { legend: { display: stacked, position: "bottom" } },
      },
      plugins: [valueLabels],
    };
  }

  document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
    const d = data[canvas.dataset.chart];
    if (!d || !d.labels || !d.labels.length) {
      canvas.closest(".dash-canvas").hidden = true;
      return;
    }
    // Bar charts grow with the number of rows so names stay readable on a phone.
    if (canvas.dataset.kind !== "line") {
      canvas.parentElement.style.height = Math.max(160, 34 * d.labels.length + 70) + "px";
    }
    new Chart(canvas, config(canvas.dataset.kind, d));
  });
  // Print: charts resize to the page width (Chart.js listens to beforeprint itself), tables open.
  window.addEventListener("beforeprint", () => {
    document.querySelectorAll("details.dash-data").forEach((el) => { el.open = true; });
  });
})();
