// The map as of a chosen day: the places of the events that had begun by then, each dot sized by
// their number. Data: data/map.js, from the site queries; the markers are the page's inline SVG.
(function () {
  "use strict";
  var data = window.BALKG_MAP;
  if (!data || !data.first) { return; }
  var status = document.getElementById("map-status");
  var dateBox = document.getElementById("map-date");
  var slider = document.getElementById("map-slider");
  var all = document.getElementById("map-all");
  var firstMs = Date.parse(data.first), lastMs = Date.parse(data.last), dayMs = 86400000;
  var byMarker = {};
  data.markers.forEach(function (m) { byMarker[m.id] = m; });
  slider.min = 0;
  slider.max = Math.round((lastMs - firstMs) / dayMs);
  slider.value = slider.max;

  function radius(count) { return count ? 4 + 3 * Math.sqrt(count) : 3; }

  function show(day) {
    var everything = all.checked, points = 0, events = {};
    document.querySelectorAll("#map g.event-marker").forEach(function (g) {
      var place = byMarker[g.getAttribute("data-place")];
      var begun = place.events.filter(function (e) { return everything || e.start <= day; });
      begun.forEach(function (e) { events[e.id] = true; });
      g.classList.toggle("hidden", begun.length === 0);
      g.setAttribute("data-events", String(begun.length));
      if (begun.length) {
        points += 1;
        var circle = g.querySelector("circle");
        circle.setAttribute("r", radius(begun.length).toFixed(1));
      }
    });
    document.querySelectorAll("#map-table span[data-start]").forEach(function (s) {
      s.classList.toggle("muted", !everything && s.getAttribute("data-start") > day);
    });
    var count = Object.keys(events).length;
    status.textContent = points + " points with " + count + " events" + (everything ? ", all dates" : " begun by " + day);
    status.setAttribute("data-markers", String(points));
    status.setAttribute("data-date", everything ? "" : day);
  }
  function setDay(day) {
    dateBox.value = day;
    slider.value = Math.round((Date.parse(day) - firstMs) / dayMs);
  }
  slider.addEventListener("input", function () {
    all.checked = false;
    var day = new Date(firstMs + Number(slider.value) * dayMs).toISOString().slice(0, 10);
    dateBox.value = day;
    show(day);
  });
  dateBox.addEventListener("change", function () {
    if (!dateBox.value) { return; }
    all.checked = false;
    setDay(dateBox.value);
    show(dateBox.value);
  });
  all.addEventListener("change", function () { show(dateBox.value || data.last); });

  window.balkgMap = {
    setDate: function (day) { all.checked = false; setDay(day); show(day); return Number(status.getAttribute("data-markers")); },
    showAll: function () { all.checked = true; show(data.last); return Number(status.getAttribute("data-markers")); },
    visibleMarkers: function () {
      return Array.from(document.querySelectorAll("#map g.event-marker:not(.hidden)")).map(function (g) {
        return g.getAttribute("data-place"); });
    }
  };
  show(dateBox.value || data.last);
})();
