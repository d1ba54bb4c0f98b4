// Statistics charts (Chart.js from Debian's libjs-chart.js). Each chart is
// drawn from the accessible table under it, so the page shows the same
// numbers with or without JavaScript and nothing is sent twice.
(function () {
  if (typeof Chart === 'undefined') return;
  var palette = ['#000091', '#b34000', '#18753c', '#6a6af4', '#a94645', '#695240', '#3a3a3a', '#009081'];
  document.querySelectorAll('div.chart[data-chart]').forEach(function (box) {
    var kind = box.dataset.chart;
    var table = document.getElementById(box.dataset.table);
    if (!kind || !table) return;
    var rows = table.querySelectorAll('tbody tr');
    if (!rows.length) return;
    var heads = Array.prototype.map.call(table.querySelectorAll('thead th'), function (th) { return th.textContent; });
    var labels = [], series = [];
    for (var c = 1; c < heads.length; c++) series.push([]);
    rows.forEach(function (tr) {
      var cells = tr.querySelectorAll('th, td');
      labels.push(cells[0].textContent);
      for (var c = 1; c < cells.length; c++) series[c - 1].push(parseFloat(cells[c].textContent.replace(',', '.')) || 0);
    });
    // Pie: the first numeric column only; others: up to three series.
    var n = kind === 'pie' ? 1 : Math.min(series.length, 3);
    var datasets = [];
    for (var i = 0; i < n; i++) {
      datasets.push({
        label: heads[i + 1], data: series[i],
        backgroundColor: kind === 'pie' ? palette : palette[i], borderColor: palette[i], fill: false
      });
    }
    var canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', table.querySelector('caption').textContent);
    box.appendChild(canvas);
    box.hidden = false;
    new Chart(canvas, { type: kind, data: { labels: labels, datasets: datasets },
      options: { responsive: true, animation: false } });
  });
})();
