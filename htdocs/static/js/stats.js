// Statistics charts (Chart.js from Debian's libjs-chart.js). Each chart is
// drawn from the accessible table under it, so the page shows the same
// numbers with or without JavaScript and nothing is sent twice. The first
// column names the row; a later column whose cells are all numbers (or
// marked data-na, "no value": a gap) becomes a series; text columns join
// the row's name.
(function () {
  if (typeof Chart === 'undefined') return;
  var palette = ['#000091', '#b34000', '#18753c', '#6a6af4', '#a94645', '#695240', '#3a3a3a', '#009081'];
  function num(text) {
    var t = text.trim().replace(',', '.');
    return t !== '' && !isNaN(t) ? parseFloat(t) : null;
  }
  document.querySelectorAll('div.chart[data-chart]').forEach(function (box) {
    var kind = box.dataset.chart;
    var table = document.getElementById(box.dataset.table);
    if (!kind || !table) return;
    var rows = Array.prototype.map.call(table.querySelectorAll('tbody tr'), function (tr) {
      return Array.prototype.map.call(tr.querySelectorAll('th, td'), function (c) {
        return c.dataset.na ? null : c.textContent;
      });
    });
    if (!rows.length) return;
    var heads = Array.prototype.map.call(table.querySelectorAll('thead th'), function (th) { return th.textContent; });
    var numeric = heads.map(function (h, c) {
      return c > 0 && rows.every(function (r) { return r[c] === null || num(r[c]) !== null; })
        && rows.some(function (r) { return r[c] !== null; });
    });
    var labels = rows.map(function (r) {
      return r.filter(function (v, c) { return !numeric[c] && v !== null; }).join(' — ');
    });
    var cols = [];
    numeric.forEach(function (isNum, c) { if (isNum) cols.push(c); });
    if (!cols.length) return;
    // Pie: the first numeric column only; others: up to three series.
    cols = cols.slice(0, kind === 'pie' ? 1 : 3);
    var datasets = cols.map(function (c, i) {
      return {
        label: heads[c], data: rows.map(function (r) { return r[c] === null ? null : num(r[c]); }),
        backgroundColor: kind === 'pie' ? palette : palette[i], borderColor: palette[i], fill: false
      };
    });
    var canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', table.querySelector('caption').textContent);
    box.appendChild(canvas);
    box.hidden = false;
    new Chart(canvas, { type: kind, data: { labels: labels, datasets: datasets },
      options: { responsive: true, animation: false } });
  });
})();
