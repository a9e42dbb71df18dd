// Indicator board: one bar group per period for each entered indicator (ECharts, vendored).
(function () {
  var holder = document.getElementById("indicator-chart");
  var data = JSON.parse(document.getElementById("indicator-series").textContent);
  if (!holder || !window.echarts || data.length === 0) { if (holder) holder.style.display = "none"; return; }
  var periods = [];
  data.forEach(function (series) { series.periods.forEach(function (p) { if (periods.indexOf(p) < 0) periods.push(p); }); });
  periods.sort();
  var chart = window.echarts.init(holder);
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { type: "scroll" },
    xAxis: { type: "category", data: periods },
    yAxis: { type: "value" },
    series: data.map(function (series) {
      return { name: series.name, type: "bar", data: periods.map(function (p) {
        var index = series.periods.indexOf(p); return index < 0 ? null : series.values[index]; }) };
    })
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
