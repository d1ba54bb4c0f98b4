// The results map (Leaflet from Debian's libjs-leaflet): one marker per
// site of the list, read from the list's data attributes. The list is the
// real interface; the map is an optional addition.
(function () {
  var el = document.getElementById('map');
  if (!el || typeof L === 'undefined') return;
  var sites = document.querySelectorAll('li.site');
  if (!sites.length) return;
  el.hidden = false;
  var map = L.map(el).setView([parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)], 10);
  L.tileLayer('https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png', {
    maxZoom: 18, attribution: '&copy; OpenStreetMap'
  }).addTo(map);
  var bounds = [];
  sites.forEach(function (li) {
    var p = [parseFloat(li.dataset.lat), parseFloat(li.dataset.lon)];
    var a = li.querySelector('h2 a');
    var m = L.marker(p, { title: li.dataset.name, alt: li.dataset.name }).addTo(map);
    var link = document.createElement('a');
    link.href = a.getAttribute('href');
    link.textContent = li.dataset.name;
    m.bindPopup(link);
    bounds.push(p);
  });
  bounds.push([parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)]);
  map.fitBounds(bounds, { padding: [20, 20] });
})();
