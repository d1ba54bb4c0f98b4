// The convocation's "Print" button (the browser's print works without it).
(function () {
  var b = document.getElementById('print');
  if (!b) return;
  b.hidden = false;
  b.addEventListener('click', function () { window.print(); });
})();
