// "Use my location": fills the hidden lat/lon fields and submits the
// search form. Optional: without JavaScript the commune field works alone.
(function () {
  var btn = document.getElementById('geoloc');
  var form = document.getElementById('search-form');
  if (!btn || !form || !navigator.geolocation) return;
  var status = document.getElementById('geoloc-status');
  btn.hidden = false;
  btn.addEventListener('click', function () {
    status.textContent = btn.getAttribute('data-wait') || '…';
    navigator.geolocation.getCurrentPosition(function (pos) {
      document.getElementById('lat').value = pos.coords.latitude.toFixed(5);
      document.getElementById('lon').value = pos.coords.longitude.toFixed(5);
      document.getElementById('lieu').value = '';
      form.submit();
    }, function () {
      status.textContent = document.documentElement.lang === 'en'
        ? 'Your position is not available: type your town instead.'
        : 'Votre position n\u2019est pas disponible : saisissez votre commune.';
    }, { timeout: 10000, maximumAge: 600000 });
  });
})();
