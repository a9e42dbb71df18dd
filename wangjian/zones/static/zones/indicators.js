// Indicator board: one small chart per entered indicator (units differ, so no shared axis),
// with the comparison figure (e.g. the national average) as a second series where entered.
(function () {
  var holder = document.getElementById("indicator-chart");
  var data = JSON.parse(document.getElementById("indicator-series").textContent);
  if (!holder || !window.echarts || data.length === 0) { if (holder) holder.style.display = "none"; return; }
  holder.style.display = "grid";
  holder.style.gridTemplateColumns = "repeat(auto-fill, minmax(320px, 1fr))";
  holder.style.gap = "1rem";
  var charts = data.map(function (series) {
    var box = document.createElement("div");
    box.style.height = "240px";
    holder.appendChild(box);
    var chart = window.echarts.init(box);
    var lines = [{ name: series.name, type: "bar", data: series.values, label: { show: true, position: "top" } }];
    if (series.comparison.some(function (value) { return value !== null; })) {
      lines.push({ name: "对比值", type: "line", data: series.comparison });
    }
    chart.setOption({
      title: { text: series.name, textStyle: { fontSize: 13 } },
      tooltip: { trigger: "axis" },
      grid: { top: 50, left: 50, right: 20, bottom: 30 },
      xAxis: { type: "category", data: series.periods },
      yAxis: { type: "value" },
      series: lines
    });
    return chart;
  });
  window.addEventListener("resize", function () { charts.forEach(function (chart) { chart.resize(); }); });
})();
